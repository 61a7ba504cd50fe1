/// <reference lib="dom" />
/**
 * The front-end client (/__fdk/client.js) in a real Chromium: a host page frames the sidebar the
 * way the product does, and the sidebar uses every client call the app relies on.
 */
import { assert } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import type { Platform } from '../../../tools/platform/create-platform.js';
import { cleanUp, makeFixtureApp, startHttpServer, startPlatform } from '../../unit/platform-runtime/fixture-app.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const SIDEBAR = `<!doctype html><html><body><p>sidebar</p><script src="{{{appclient}}}"></script><script>
window.__results = { activated: 0 };
const settle = (promise) => promise.then((value) => ({ ok: value }), (error) => ({ error }));
app.initialized().then((client) => {
  client.events.on('app.activated', async () => {
    window.__results.activated += 1;
    const r = window.__results;
    r.ticket = await settle(client.data.get('ticket'));
    r.host = await settle(client.data.get('currentHost'));
    r.requester = await settle(client.data.get('requester'));
    r.invoke = await settle(client.request.invoke('hello', { name: 'Sam' }));
    r.invokeError = await settle(client.request.invoke('nope', {}));
    r.template = await settle(client.request.invokeTemplate('fsTickets', { context: { id: 9 } }));
    r.templateRefused = await settle(client.request.invokeTemplate('setupProbe', { context: { host: 'acme.freshservice.com', api_key: 'typed' } }));
    r.iparams = await settle(client.iparams.get());
    r.iparam = await settle(client.iparams.get('team'));
    r.notify = await settle(client.interface.trigger('showNotify', { type: 'success', title: 'Done', message: '<img src=x onerror="window.__pwned=1">' }));
    r.other = await settle(client.interface.trigger('showModal', { title: 'x' }));
    r.resize = await settle(client.instance.resize({ height: 321 }));
    r.context = await settle(client.instance.context());
    r.done = true;
  });
});
</script></body></html>`;

const SETTINGS = `<!doctype html><html><body><script src="{{{appclient}}}"></script><script>
window.__results = {};
app.initialized().then(async (client) => {
  const settle = (promise) => promise.then((value) => ({ ok: value }), (error) => ({ error }));
  window.__results.template = await settle(client.request.invokeTemplate('setupProbe', { context: { host: 'acme.freshservice.com', api_key: 'typed' } }));
  window.__results.notify = await settle(client.interface.trigger('showNotify', { type: 'info', message: 'x' }));
  window.__results.done = true;
});
</script></body></html>`;

const HOST = `<!doctype html><html><body><script>
window.__messages = [];
window.addEventListener('message', (event) => window.__messages.push(event.data));
</script><iframe id="app" src="/app/index.html?ticket=12" width="300" height="500"></iframe></body></html>`;

type Results = Record<string, { ok?: unknown; error?: { status?: number; message?: string } } | number | boolean | undefined>;

describe('platform runtime: the front-end client in Chromium', function () {
  this.timeout(60_000);
  let platform: Platform;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const external: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`browser tests skipped: ${CHROMIUM} not found`);
      this.skip();
    }
    const vendor = await startHttpServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ path: request.url }));
    });
    const root = makeFixtureApp({
      requests: {
        setupProbe: { schema: { method: 'GET', host: '<%= context.host %>', path: '/api/v2/tickets', headers: { Authorization: "Basic <%= encode(context.api_key + ':X') %>" } } },
        fsTickets: { schema: { method: 'GET', host: 'acme.freshservice.com', path: '/api/v2/tickets/<%= context.id %>' } },
      },
      functions: { hello: {}, nope: {} },
      handlers: `hello: function (args) { renderData(null, { greeting: 'hi ' + args.name }); },
nope: function () { renderData({ status: 409, message: 'Already acknowledged' }); },`,
      files: { 'app/index.html': SIDEBAR, 'config/iparams.html': SETTINGS },
    });
    platform = await startPlatform(root, {
      hostMap: { '*.freshservice.com': vendor.url },
      dataProvider: (kind, query) => Promise.resolve(kind === 'ticket' ? { id: Number(query['ticket']), subject: 'Checkout down' } : undefined),
    });
    platform.addRoute('GET', '/host', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(HOST);
    });
    await platform.install();
    await platform.listen();
    profile = mkdtempSync(join(tmpdir(), 'fdk-client-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await context.newPage();
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
      external.push(route.request().url());
      return route.abort('internetdisconnected');
    });
  });

  after(async () => {
    await context?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    await cleanUp();
  });

  async function resultsOf(frame: Frame): Promise<Results> {
    await frame.waitForFunction(() => (window as unknown as { __results?: { done?: boolean } }).__results?.done === true, undefined, { timeout: 20_000 });
    return frame.evaluate(() => (window as unknown as { __results: Results }).__results);
  }

  it('implements the client API the sidebar uses, against the platform', async () => {
    await page.goto(`${platform.baseUrl}/host`);
    const frame = page.frames().find((candidate) => candidate.url().includes('/app/index.html'));
    assert.isDefined(frame);
    const results = await resultsOf(frame as Frame);
    assert.strictEqual(results['activated'], 1, 'app.activated fires once after initialisation');
    assert.deepEqual((results['ticket'] as { ok: unknown }).ok, { ticket: { id: 12, subject: 'Checkout down' } });
    assert.deepEqual(((results['host'] as { ok: { currentHost: { endpoint_urls: unknown } } }).ok.currentHost.endpoint_urls), { freshservice: 'https://acme.freshservice.com' });
    assert.strictEqual((results['requester'] as { error: { status: number } }).error.status, 404);
    assert.deepInclude((results['invoke'] as { ok: object }).ok, { response: { greeting: 'hi Sam' } });
    assert.deepInclude((results['invokeError'] as { error: object }).error, { status: 409, message: 'Already acknowledged' });
    const template = (results['template'] as { ok: { status: number; response: string } }).ok;
    assert.strictEqual(template.status, 200);
    assert.deepEqual(JSON.parse(template.response), { path: '/api/v2/tickets/9' });
    assert.strictEqual((results['templateRefused'] as { error: { status: number } }).error.status, 400);
    assert.deepEqual((results['iparams'] as { ok: unknown }).ok, { subdomain: 'acme', team: 'ops' });
    assert.deepEqual((results['iparam'] as { ok: unknown }).ok, { team: 'ops' });
    assert.isDefined((results['notify'] as { ok?: unknown }).ok);
    assert.match((results['other'] as { error: { message: string } }).error.message, /only showNotify/);
    const instance = (results['context'] as { ok: { instanceId: string; location: string } }).ok;
    assert.strictEqual(instance.location, 'ticket_sidebar');
    assert.match(instance.instanceId, /^local-[a-z0-9]+$/);
  });

  it('shows notifications as text in the frame and tells the host page about notifications and resizes', async () => {
    const frame = page.frames().find((candidate) => candidate.url().includes('/app/index.html')) as Frame;
    const toast = await frame.locator('[data-fdk-notify="success"]').textContent();
    assert.strictEqual(toast, 'Done <img src=x onerror="window.__pwned=1">');
    assert.isUndefined(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned));
    const messages = await page.evaluate(() => (window as unknown as { __messages: Array<Record<string, unknown>> }).__messages);
    assert.deepInclude(messages, { type: 'fdk-notify', notifyType: 'success', title: 'Done', message: '<img src=x onerror="window.__pwned=1">', location: 'ticket_sidebar' });
    assert.deepInclude(messages, { type: 'fdk-resize', height: 321, location: 'ticket_sidebar' });
    assert.deepEqual(external, [], 'the client made no third-party calls');
  });

  it('on the installation page allows context in host and headers, and has no client.interface', async () => {
    const settings = await context.newPage();
    await settings.goto(`${platform.baseUrl}/config/iparams.html`);
    const results = await resultsOf(settings.mainFrame());
    assert.strictEqual((results['template'] as { ok: { status: number } }).ok.status, 200);
    assert.match((results['notify'] as { error: { message: string } }).error.message, /not available on the installation page/);
    await settings.close();
  });
});
