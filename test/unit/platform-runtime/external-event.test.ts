import { assert } from 'chai';
import { cleanUp, makeFixtureApp, startPlatform } from './fixture-app.js';

const APP = `
onAppInstallHandler: async function () {
  const url = await generateTargetUrl();
  await $db.set('target', { url: url });
  renderData();
},
onExternalEventHandler: async function (args) {
  await $db.set('last', { type: typeof args.data, data: args.data, headers: args.headers, event: args.event, region: args.region, hasIparams: typeof args.iparams.signl4_api_key, host: args.currentHost.endpoint_urls.freshservice });
},`;

describe('platform runtime: the external-event endpoint', () => {
  afterEach(cleanUp);

  async function installed(options: Parameters<typeof startPlatform>[1] = {}) {
    const platform = await startPlatform(makeFixtureApp({ handlers: APP }), options);
    const url = platform.externalEventUrl;
    await platform.install();
    await platform.listen();
    return { platform, url: (platform.db.get('target') as { url: string }).url, before: url };
  }

  it('generateTargetUrl() gives the installation URL, reserved before listen() and live after it', async () => {
    const { platform, url } = await installed();
    assert.strictEqual(url, platform.externalEventUrl);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/__fdk\/ext\/[0-9a-f-]{36}\/[\w-]{20,}$/);
    assert.isTrue(url.startsWith(platform.baseUrl));
  });

  it('generateTargetUrl() is refused in scheduled events and server methods, as the CLI refuses it', async () => {
    const refusing = `
onScheduledEventHandler: async function () {
  await generateTargetUrl().then(function (url) { return $db.set('scheduled', { url: url }); }, function (error) { return $db.set('scheduled', { refused: error.message }); });
},
echo: function () {
  generateTargetUrl().then(function (url) { renderData(null, url); }, function (error) { renderData(null, error.message); });
},
plan: async function () {
  await $schedule.create({ name: 'probe', data: {}, schedule_at: new Date(Date.now() + 6 * 60000).toISOString() });
  renderData(null, 'planned');
},`;
    const platform = await startPlatform(makeFixtureApp({ handlers: APP + refusing, functions: { echo: {}, plan: {} } }));
    await platform.install();
    const method = await platform.invokeMethod('echo', {});
    assert.deepEqual(method.rendered?.data, 'Unsupported operation: The generateTargetUrl method cannot be used');
    assert.deepEqual((await platform.invokeMethod('plan', {})).rendered?.data, 'planned');
    await platform.advance(7 * 60_000);
    assert.deepEqual(platform.db.get('scheduled'), { refused: 'Unsupported operation: The generateTargetUrl method cannot be used' });
  });

  it('generateTargetUrl() is refused when the manifest declares no onExternalEvent', async () => {
    const install = `
onAppInstallHandler: async function () {
  await generateTargetUrl().then(function (url) { return $db.set('target', { url: url }); }, function (error) { return $db.set('target', { refused: error.message }); });
  renderData();
},`;
    const platform = await startPlatform(makeFixtureApp({ handlers: install, withoutExternalEvent: true }));
    await platform.install();
    assert.deepEqual(platform.db.get('target'), { refused: 'Unsupported operation: The generateTargetUrl method cannot be used unless there is a corresponding external event callback' });
  });

  it('passes a JSON body as an object with lower-case headers, and answers 200 {"status":"ok"} after the handler finished', async () => {
    const { platform, url } = await installed();
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-S4-Test': 'yes' }, body: JSON.stringify({ eventType: 201, alert: { id: 'a1' } }) });
    assert.strictEqual(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
    const last = platform.db.get('last') as { type: string; data: unknown; headers: Record<string, string>; event: string; region: string; hasIparams: string; host: string };
    assert.deepEqual(last.data, { eventType: 201, alert: { id: 'a1' } });
    assert.strictEqual(last.headers['x-s4-test'], 'yes');
    assert.strictEqual(last.headers['content-type'], 'application/json');
    assert.include(last, { type: 'object', event: 'onExternalEvent', region: 'US', hasIparams: 'string', host: 'https://acme.freshservice.com' });
  });

  it('passes a non-JSON body (text/plain, XML, or JSON that does not parse) as the raw string', async () => {
    const { platform, url } = await installed();
    await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"eventType":201}' });
    assert.include(platform.db.get('last'), { type: 'string', data: '{"eventType":201}' });
    await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{broken' });
    assert.include(platform.db.get('last'), { type: 'string', data: '{broken' });
  });

  it('passes a form body as an object of its fields', async () => {
    const { platform, url } = await installed();
    await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=two' });
    assert.deepInclude(platform.db.get('last'), { type: 'object', data: { a: '1', b: 'two' } });
  });

  it('answers 404 for an unknown token or installation, and after uninstall', async () => {
    const { platform, url } = await installed();
    const wrongToken = url.replace(/\/[^/]+$/, '/not-the-token');
    assert.strictEqual((await fetch(wrongToken, { method: 'POST', body: '{}' })).status, 404);
    const wrongInstallation = url.replace(/ext\/[^/]+\//, 'ext/00000000-0000-0000-0000-000000000000/');
    assert.strictEqual((await fetch(wrongInstallation, { method: 'POST', body: '{}' })).status, 404);
    await platform.uninstall();
    assert.strictEqual((await fetch(url, { method: 'POST', body: '{}' })).status, 404);
    assert.strictEqual(platform.metrics.totals.externalEvents, 0);
  });

  it('answers 413 for a body over 100 KB without running the handler', async () => {
    const { platform, url } = await installed();
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(100 * 1024) }) });
    assert.strictEqual(response.status, 413);
    assert.isUndefined(platform.db.get('last'));
    assert.strictEqual(platform.metrics.totals.externalEventsTooLarge, 1);
  });

  it('accepts 250 external events per platform minute, then answers 429 with Retry-After', async () => {
    const { platform, url } = await installed({ limits: { dbOpsPerMinute: 1000 } });
    platform.clock.advance(30_000);
    const [id = '', token = ''] = url.split('/__fdk/ext/')[1]?.split('/') ?? [];
    // The first 249 go through the same delivery path without HTTP (fetch is slow on a busy machine).
    for (let call = 0; call < 249; call += 1) {
      assert.strictEqual((await platform.deliverExternalEvent(id, token, `{"n":${call}}`, { 'content-type': 'application/json' })).status, 200);
    }
    const post = (n: number): Promise<Response> => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"n":${n}}` });
    assert.strictEqual((await post(249)).status, 200);
    const refused = await post(250);
    assert.strictEqual(refused.status, 429);
    assert.strictEqual(refused.headers.get('retry-after'), '30');
    assert.deepEqual((platform.db.get('last') as { data: unknown }).data, { n: 249 });
    assert.strictEqual(platform.metrics.totals.externalEventsRateLimited, 1);
    await platform.advance(60_000);
    assert.strictEqual((await post(251)).status, 200);
  });
});
