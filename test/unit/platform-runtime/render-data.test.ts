import { assert } from 'chai';
import { cleanUp, makeFixtureApp, startPlatform } from './fixture-app.js';

describe('platform runtime: renderData in app set-up events', () => {
  afterEach(cleanUp);

  it('installs when onAppInstall calls renderData() with no argument', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: 'onAppInstallHandler: async function () { await $db.set("k", { v: 1 }); renderData(); },' }));
    const result = await platform.install();
    assert.include(result, { ok: true, kind: 'setup', event: 'onAppInstall', dbOps: 1 });
    assert.isTrue(platform.installed);
    assert.deepEqual(platform.db.get('k'), { v: 1 });
  });

  it('blocks the install on renderData({ message }) and forgets what the handler stored', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: 'onAppInstallHandler: async function () { await $db.set("k", { v: 1 }); renderData({ message: "SIGNL4 key rejected" }); },' }));
    const result = await platform.install();
    assert.include(result, { ok: false, blocked: 'SIGNL4 key rejected' });
    assert.isFalse(platform.installed);
    assert.deepEqual(platform.db.keys(), []);
  });

  it('reports a platform error when the blocking message is longer than 60 characters', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: `onAppInstallHandler: function () { renderData({ message: "${'x'.repeat(61)}" }); },` }));
    const result = await platform.install();
    assert.isFalse(result.ok);
    assert.isUndefined(result.blocked);
    assert.match(result.error ?? '', /61 characters; the platform allows 60/);
    assert.isFalse(platform.installed);
  });

  it('fails the install when the handler finishes without renderData, or throws first', async () => {
    const silent = await startPlatform(makeFixtureApp({ handlers: 'onAppInstallHandler: async function () {},' }));
    assert.match((await silent.install()).error ?? '', /the handler finished without calling renderData\(\)/);
    assert.isFalse(silent.installed);
    const throwing = await startPlatform(makeFixtureApp({ handlers: 'onAppInstallHandler: async function () { throw new Error("boom"); },' }));
    assert.match((await throwing.install()).error ?? '', /the handler failed \(boom\) without calling renderData\(\)/);
  });

  it('keeps the app installed when onAppUninstall blocks', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: 'onAppUninstallHandler: function () { renderData({ message: "Not now" }); },' }));
    await platform.install();
    const result = await platform.uninstall();
    assert.include(result, { ok: false, blocked: 'Not now' });
    assert.isTrue(platform.installed);
  });

  it('uses the first renderData call and warns about later ones', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: 'onAppInstallHandler: function () { renderData(); renderData({ message: "late" }); },' }));
    assert.isTrue((await platform.install()).ok);
    assert.isTrue(platform.logs.some((line) => line.level === 'warn' && /more than once/.test(line.text)));
  });
});

describe('platform runtime: renderData in server methods', () => {
  afterEach(cleanUp);

  const METHODS = `
ok: function (args) { renderData(null, { echoed: args.value, hasIparams: typeof args.iparams.signl4_api_key, host: args.currentHost.endpoint_urls.freshservice }); },
refused: function () { renderData({ status: 422, message: 'Ticket is closed' }); },
silent: async function () {},
throws: async function () { throw new Error('kaput'); },
late: function () { Promise.resolve().then(function () { return null; }).then(function () { renderData(null, 'late but fine'); }); },`;
  const functions = { ok: {}, refused: {}, silent: {}, throws: {}, late: { timeout: 25 } };

  it('answers renderData(null, data) with the data; the payload arrives with iparams and currentHost', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: METHODS, functions }));
    const result = await platform.invokeMethod('ok', { value: 7 });
    assert.include(result, { ok: true, kind: 'method' });
    assert.deepEqual(result.rendered?.data, { echoed: 7, hasIparams: 'string', host: 'https://acme.freshservice.com' });
  });

  it('answers renderData({ status, message }) as an error with that status', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: METHODS, functions }));
    assert.include(await platform.invokeMethod('refused'), { ok: false, status: 422, error: 'Ticket is closed' });
  });

  it('answers a timeout when the method never calls renderData, and 500 when it throws', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: METHODS, functions }));
    assert.include(await platform.invokeMethod('silent'), { ok: false, status: 504, error: 'Timeout error while processing the request.' });
    const thrown = await platform.invokeMethod('throws');
    assert.include(thrown, { ok: false, status: 500 });
    assert.match(thrown.error ?? '', /kaput/);
  });

  it('accepts renderData called a few turns after the method returned', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: METHODS, functions }));
    assert.deepEqual((await platform.invokeMethod('late')).rendered?.data, 'late but fine');
  });

  it('answers 404 "Requested function not found or registered" for a function not in manifest.json', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: METHODS, functions }));
    assert.include(await platform.invokeMethod('notDeclared'), { ok: false, status: 404, error: 'Requested function not found or registered', dropped: true });
  });
});
