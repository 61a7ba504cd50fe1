import { assert } from 'chai';
import { sendJson } from '../../../tools/platform/dev-server.js';
import { cleanUp, makeFixtureApp, startHttpServer, startPlatform } from './fixture-app.js';

const REQUESTS = {
  setupProbe: { schema: { method: 'GET', host: '<%= context.host %>', path: '/api/v2/tickets', headers: { Authorization: "Basic <%= encode(context.api_key + ':X') %>" } } },
  fsTickets: { schema: { method: 'GET', host: 'acme.freshservice.com', path: '/api/v2/tickets/<%= context.id %>', headers: { Authorization: "Basic <%= encode(iparam.freshservice_api_key + ':X') %>" } } },
};

const FILES = {
  'app/index.html': '<!doctype html><script src="{{{appclient}}}"></script><p>sidebar</p>',
  'app/scripts/app.js': 'console.log(1);',
  'config/iparams.html': '<!doctype html><script src="{{{appclient}}}"></script>',
};

const METHODS = `
hello: function (args) { renderData(null, { greeting: 'hi ' + args.name }); },
nope: function () { renderData({ status: 403, message: 'Not allowed' }); },`;

describe('platform runtime: the dev server', () => {
  afterEach(cleanUp);

  async function serve(options: Parameters<typeof startPlatform>[1] = {}) {
    const vendor = await startHttpServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ path: request.url, auth: request.headers.authorization }));
    });
    const platform = await startPlatform(makeFixtureApp({ requests: REQUESTS, files: FILES, handlers: METHODS, functions: { hello: {}, nope: {} } }), {
      hostMap: { '*.freshservice.com': vendor.url },
      ...options,
    });
    const base = await platform.listen();
    return { platform, base, vendor };
  }

  const post = (url: string, body: unknown): Promise<Response> => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('POST /__fdk/smi/<name> answers { requestID, response } or the error status with { requestID, status, message }', async () => {
    const { base } = await serve();
    const ok = await post(`${base}/__fdk/smi/hello`, { name: 'Sam' });
    assert.strictEqual(ok.status, 200);
    const body = (await ok.json()) as { requestID: string; response: unknown };
    assert.deepEqual(body.response, { greeting: 'hi Sam' });
    assert.isString(body.requestID);
    const refused = await post(`${base}/__fdk/smi/nope`, {});
    assert.strictEqual(refused.status, 403);
    assert.deepInclude(await refused.json(), { status: 403, message: 'Not allowed' });
    const unknown = await post(`${base}/__fdk/smi/missing`, {});
    assert.strictEqual(unknown.status, 404);
    assert.deepInclude(await unknown.json(), { message: 'Requested function not found or registered' });
  });

  it('POST /__fdk/template/<name> runs a front-end template with the page rules', async () => {
    const { base, vendor } = await serve();
    const answer = await post(`${base}/__fdk/template/fsTickets`, { context: { id: 3 }, location: 'ticket_sidebar' });
    assert.strictEqual(answer.status, 200);
    const body = (await answer.json()) as { status: number; response: string };
    assert.strictEqual(body.status, 200);
    assert.deepEqual(JSON.parse(body.response), { path: '/api/v2/tickets/3', auth: `Basic ${Buffer.from('fs-secret:X').toString('base64')}` });

    const fromSidebar = await post(`${base}/__fdk/template/setupProbe`, { context: { host: 'acme.freshservice.com', api_key: 'typed' }, location: 'ticket_sidebar' });
    assert.strictEqual(fromSidebar.status, 400);
    assert.match(((await fromSidebar.json()) as { message: string }).message, /cannot fill the host from the front end/);
    const fromSettings = await post(`${base}/__fdk/template/setupProbe`, { context: { host: 'acme.freshservice.com', api_key: 'typed' }, location: 'installation' });
    assert.strictEqual(fromSettings.status, 200);
    assert.strictEqual(vendor.seen.length, 2);
  });

  it('serves app/ and config/ files, replacing {{{appclient}}} with the client script for that location', async () => {
    const { base } = await serve();
    const sidebar = await fetch(`${base}/app/index.html`);
    assert.strictEqual(sidebar.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.include(await sidebar.text(), '<script src="/__fdk/client.js?location=ticket_sidebar"></script>');
    assert.include(await (await fetch(`${base}/config/iparams.html`)).text(), 'location=installation');
    assert.strictEqual(await (await fetch(`${base}/app/scripts/app.js`)).text(), 'console.log(1);');
    assert.strictEqual((await fetch(`${base}/app/missing.js`)).status, 404);
    assert.strictEqual((await fetch(`${base}/app/..%2fmanifest.json`)).status, 404);
  });

  it('serves the client script, the non-secure iparams and the status', async () => {
    const { base, platform } = await serve();
    const script = await fetch(`${base}/__fdk/client.js`);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.include(await script.text(), 'initialized');
    assert.deepEqual(await (await fetch(`${base}/__fdk/iparams`)).json(), { subdomain: 'acme', team: 'ops' });
    await platform.install();
    const status = (await (await fetch(`${base}/__fdk/status`)).json()) as { installed: boolean; windows: { requests: { limit: number } }; limits: { externalEventsPerMinute: number }; totals: { invocations: number } };
    assert.isTrue(status.installed);
    assert.strictEqual(status.windows.requests.limit, 50);
    assert.strictEqual(status.limits.externalEventsPerMinute, 250);
    assert.strictEqual(status.totals.invocations, 1);
  });

  it('answers client.data.get from currentHost and the pluggable data provider', async () => {
    const asked: Array<[string, Record<string, string>]> = [];
    const { base } = await serve({
      dataProvider: (kind, query) => {
        asked.push([kind, query]);
        return Promise.resolve(kind === 'ticket' ? { id: Number(query['ticket']), subject: 'S' } : undefined);
      },
    });
    assert.deepEqual(await (await fetch(`${base}/__fdk/data/currentHost`)).json(), {
      currentHost: { endpoint_urls: { freshservice: 'https://acme.freshservice.com' }, subscribed_modules: ['service_ticket'], product_types: { freshservice: 'ITSM' } },
    });
    assert.deepEqual(await (await fetch(`${base}/__fdk/data/ticket?ticket=12`)).json(), { ticket: { id: 12, subject: 'S' } });
    assert.deepEqual(asked, [['ticket', { ticket: '12' }]]);
    assert.strictEqual((await fetch(`${base}/__fdk/data/requester`)).status, 404);
  });

  it('updateIparams changes what the next invocation and template see; secure values never reach the page', async () => {
    const { base, platform, vendor } = await serve();
    platform.updateIparams({ ...platform.iparams, freshservice_api_key: 'rotated-key', team: 'night' });
    await post(`${base}/__fdk/template/fsTickets`, { context: { id: 1 }, location: 'ticket_sidebar' });
    assert.strictEqual(vendor.seen[0]?.headers.authorization, `Basic ${Buffer.from('rotated-key:X').toString('base64')}`);
    assert.deepEqual(await (await fetch(`${base}/__fdk/iparams`)).json(), { subdomain: 'acme', team: 'night' });
    const answer = (await (await post(`${base}/__fdk/smi/hello`, { name: 'x' })).json()) as { response: unknown };
    assert.deepEqual(answer.response, { greeting: 'hi x' });
  });

  it('mounts routes added by other tools, longest prefix first, after its own', async () => {
    const { base, platform } = await serve();
    platform.addRoute('GET', '/', (_request, response) => sendJson(response, 200, { page: 'root' }));
    platform.addRoute('GET', '/stage/api', (_request, response, url) => sendJson(response, 200, { page: 'api', path: url.pathname }));
    assert.deepEqual(await (await fetch(`${base}/`)).json(), { page: 'root' });
    assert.deepEqual(await (await fetch(`${base}/stage/api/x`)).json(), { page: 'api', path: '/stage/api/x' });
    assert.include(await (await fetch(`${base}/app/index.html`)).text(), 'sidebar');
    assert.strictEqual((await fetch(`${base}/nothing`, { method: 'DELETE' })).status, 404);
  });
});
