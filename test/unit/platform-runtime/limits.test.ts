import { assert } from 'chai';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanUp, makeFixtureApp, START, startHttpServer, startPlatform } from './fixture-app.js';

const TEST_DATA = fileURLToPath(new URL('../../../server/test_data', import.meta.url));

const WRITER = `
onTicketCreateHandler: async function (args) {
  for (let i = 0; i < args.data.writes; i += 1) {
    try { await $db.set('k' + i, { i: i }); console.log('wrote ' + i); } catch (error) { console.log('refused ' + i + ': ' + error.status); }
  }
},
onTicketUpdateHandler: async function () { await new Promise(function () {}); },`;

/** A vendor that answers after 150 ms. */
function slowVendor(): ReturnType<typeof startHttpServer> {
  return startHttpServer((_request, response) => {
    setTimeout(() => {
      response.writeHead(200);
      response.end('late');
    }, 150);
  });
}

describe('platform runtime: execution limits', () => {
  afterEach(cleanUp);

  it('kills a handler that runs past the execution limit; its later platform calls reject', async () => {
    const vendor = await slowVendor();
    const platform = await startPlatform(
      makeFixtureApp({
        requests: { slow: { schema: { method: 'GET', host: 'slow.example.com', path: '/' } } },
        handlers: `${WRITER}
onScheduledEventHandler: async function () {},
onExternalEventHandler: async function () {
  await $request.invokeTemplate('slow', {});
  try { await $db.set('after', { v: 1 }); console.log('stored'); } catch (error) { console.log('refused ' + error.status); }
},`,
      }),
      { limits: { handlerTimeoutMs: 80 }, hostMap: { 'slow.example.com': vendor.url } },
    );
    await platform.install();
    const started = performance.now();
    const result = await platform.deliverExternalEvent(platform.installationId, platform.externalEventUrl.split('/').pop() ?? '', '{}', { 'content-type': 'application/json' });
    assert.include(result.result, { ok: false, killed: true });
    assert.match(result.result?.error ?? '', /exceeded the 80 ms execution limit/);
    assert.isAtLeast(performance.now() - started, 75);
    await new Promise<void>((resolve) => setTimeout(resolve, 200));
    assert.isUndefined(platform.db.get('after'));
    assert.isTrue(platform.logs.some((line) => line.text.endsWith('refused 503')));
    assert.strictEqual(platform.metrics.totals.killedInvocations, 1);
  });

  it('gives app set-up events their own, shorter limit (10 s by default) and the other events theirs (20 s)', async () => {
    const vendor = await slowVendor();
    const slowThenRender = "async function () { await $request.invokeTemplate('slow', {}); renderData(); }";
    const platform = await startPlatform(
      makeFixtureApp({
        requests: { slow: { schema: { method: 'GET', host: 'slow.example.com', path: '/' } } },
        handlers: `onAppInstallHandler: ${slowThenRender},\nonExternalEventHandler: ${slowThenRender},`,
      }),
      { limits: { setupTimeoutMs: 80, handlerTimeoutMs: 1000 }, hostMap: { 'slow.example.com': vendor.url } },
    );
    const install = await platform.install();
    assert.include(install, { ok: false, killed: true });
    assert.match(install.error ?? '', /exceeded the 80 ms execution limit/);
    assert.isFalse(platform.installed);

    const relaxed = await startPlatform(
      makeFixtureApp({ requests: { slow: { schema: { method: 'GET', host: 'slow.example.com', path: '/' } } }, handlers: `onExternalEventHandler: ${slowThenRender},` }),
      { limits: { setupTimeoutMs: 80, handlerTimeoutMs: 1000 }, hostMap: { 'slow.example.com': vendor.url } },
    );
    assert.isTrue((await relaxed.install()).ok);
    const token = relaxed.externalEventUrl.split('/').pop() ?? '';
    const external = await relaxed.deliverExternalEvent(relaxed.installationId, token, '{}', { 'content-type': 'application/json' });
    assert.include(external.result, { ok: true });
  });

  it('defaults to 10 s for set-up events and 20 s for product, scheduled and external events', async () => {
    const platform = await startPlatform(makeFixtureApp());
    assert.include(platform.limits, { setupTimeoutMs: 10_000, handlerTimeoutMs: 20_000 });
  });

  it('kills a handler that never settles at the execution limit', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: WRITER }), { limits: { handlerTimeoutMs: 50 } });
    await platform.install();
    assert.include(await platform.emitProductEvent('onTicketUpdate', {}), { ok: false, killed: true });
  });

  it('faults.killNextHandlerAfterOps(n) kills the next invocation after n $request + $db calls', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: WRITER }));
    await platform.install();
    platform.faults.killNextHandlerAfterOps(2);
    const killed = await platform.emitProductEvent('onTicketCreate', { writes: 4 });
    assert.include(killed, { ok: false, killed: true, dbOps: 2 });
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(platform.db.keys(), ['k0', 'k1'], 'nothing after the kill reaches the store');
    const next = await platform.emitProductEvent('onTicketCreate', { writes: 1 });
    assert.include(next, { ok: true, dbOps: 1 });
    assert.isUndefined(next.killed);
  });

  it('killNextHandlerAfterOps(0) kills before the first platform call', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: WRITER }));
    await platform.install();
    platform.faults.killNextHandlerAfterOps(0);
    const killed = await platform.emitProductEvent('onTicketCreate', { writes: 1 });
    assert.include(killed, { ok: false, killed: true });
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(platform.db.keys(), []);
  });

  it('does not run a product-event handler whose payload exceeds 256 KB', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: WRITER }));
    await platform.install();
    const result = await platform.emitProductEvent('onTicketCreate', { writes: 1, pad: 'x'.repeat(256 * 1024) });
    assert.include(result, { ok: false, dropped: true, dbOps: 0 });
    assert.match(result.error ?? '', /the limit is 262144/);
  });

  it('allows 50 server-method calls per platform minute, then answers 429', async () => {
    const platform = await startPlatform(makeFixtureApp());
    for (let call = 0; call < 50; call += 1) assert.isTrue((await platform.invokeMethod('echo', {})).ok);
    assert.include(await platform.invokeMethod('echo', {}), { ok: false, status: 429 });
    await platform.advance(60_000);
    assert.isTrue((await platform.invokeMethod('echo', {})).ok);
    assert.strictEqual(platform.metrics.totals.smiRateLimited, 1);
  });

  it('refuses server-method payloads over 100 KB with 413', async () => {
    const platform = await startPlatform(makeFixtureApp());
    assert.include(await platform.invokeMethod('echo', { pad: 'x'.repeat(100 * 1024) }), { ok: false, status: 413 });
  });

  it('caps the per-invocation list and keeps the totals', async () => {
    const platform = await startPlatform(makeFixtureApp());
    for (let call = 0; call < 5; call += 1) await platform.invokeMethod('echo', {});
    assert.strictEqual(platform.metrics.totals.invocations, 5);
    assert.strictEqual(platform.metrics.invocations.length, 5);
    assert.strictEqual(platform.metrics.cap, 10_000);
    platform.metrics.reset();
    assert.strictEqual(platform.metrics.totals.invocations, 0);
  });
});

describe('platform runtime: product events', () => {
  afterEach(cleanUp);

  const DUMP = `
onTicketCreateHandler: async function (args) { console.log(JSON.stringify(args)); },
onTicketUpdateHandler: async function (args) { console.log(JSON.stringify(args)); },`;

  it('builds the 3.0 payload: currentHost, iparams (secure ones too), data, event, region, float-second timestamp, app_settings', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: DUMP }));
    await platform.install();
    const data = { ticket: { id: 1, subject: 'S' }, requester: { id: 2 }, actor: { profile_id: 3 } };
    const result = await platform.emitProductEvent('onTicketCreate', data);
    const args = JSON.parse(result.logs[0] ?? '{}') as Record<string, unknown>;
    assert.deepEqual(args['data'], data);
    assert.deepInclude(args, {
      event: 'onTicketCreate',
      region: 'US',
      timestamp: START / 1000,
      app_settings: {},
      currentHost: { endpoint_urls: { freshservice: 'https://acme.freshservice.com' }, subscribed_modules: ['service_ticket'], product_types: { freshservice: 'ITSM' } },
    });
    assert.strictEqual((args['iparams'] as Record<string, unknown>)['freshservice_api_key'], 'fs-secret');
    assert.notProperty(args, 'domain');
  });

  it('lets extra top-level keys override the payload (e.g. an integer-ms timestamp)', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: DUMP }));
    await platform.install();
    const result = await platform.emitProductEvent('onTicketUpdate', { ticket: { id: 1 } }, { timestamp: START });
    assert.strictEqual((JSON.parse(result.logs[0] ?? '{}') as { timestamp: number }).timestamp, START);
  });

  it('emits server/test_data fixtures, with changes under data.ticket (live) or data (FDK 8), keeping the timestamp format', async () => {
    const root = makeFixtureApp({ handlers: DUMP });
    mkdirSync(join(root, 'server', 'test_data'), { recursive: true });
    cpSync(TEST_DATA, join(root, 'server', 'test_data'), { recursive: true });
    const platform = await startPlatform(root);
    await platform.install();
    const live = JSON.parse((await platform.emitTestData('onTicketUpdate')).logs[0] ?? '{}') as { data: { ticket: { changes?: unknown }; changes?: unknown }; timestamp: number };
    assert.deepInclude(live.data.ticket.changes as object, { status: [2, 4] });
    assert.notProperty(live.data, 'changes');
    assert.strictEqual(live.timestamp, START / 1000);
    const fdk8 = JSON.parse((await platform.emitTestData('onTicketUpdate', 'data-changes')).logs[0] ?? '{}') as { data: { ticket: object; changes: unknown }; timestamp: number; domain: string };
    assert.deepInclude(fdk8.data.changes as object, { status: [2, 3] });
    assert.notProperty(fdk8.data.ticket, 'changes');
    assert.strictEqual(fdk8.timestamp, START);
    assert.strictEqual(fdk8.domain, 'acme.freshservice.com');
    const created = JSON.parse((await platform.emitTestData('onTicketCreate')).logs[0] ?? '{}') as { data: { ticket: { custom_fields: unknown[]; priority_name: string } } };
    assert.isArray(created.data.ticket.custom_fields);
    assert.strictEqual(created.data.ticket.priority_name, 'Urgent');
  });

  it('throws for an event the manifest does not declare', async () => {
    const platform = await startPlatform(makeFixtureApp());
    await platform.install();
    let message = '';
    await platform.emitProductEvent('onConversationCreate', {}).catch((error: Error) => (message = error.message));
    assert.match(message, /declares no product-event handler for onConversationCreate/);
  });
});
