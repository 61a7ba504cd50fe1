import { assert } from 'chai';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { SANDBOX_GLOBALS } from '../../../tools/platform/create-sandbox.js';
import { cleanUp, DEFAULT_HANDLERS, makeFixtureApp, rejects, START, startPlatform } from './fixture-app.js';

const ajvVersion = (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version;

describe('platform runtime: the server.js sandbox', () => {
  afterEach(cleanUp);

  it('offers exactly the documented globals besides the JavaScript built-ins', async () => {
    const platform = await startPlatform(
      makeFixtureApp({
        handlers: `onTicketCreateHandler: async function () {
  console.log(JSON.stringify(Object.getOwnPropertyNames(globalThis)));
  console.log(JSON.stringify([typeof setTimeout, typeof setInterval, typeof setImmediate, typeof process, typeof Buffer, typeof fetch, typeof module, typeof __dirname]));
},`,
      }),
    );
    await platform.install();
    const result = await platform.emitProductEvent('onTicketCreate', {});
    const builtIns = new Set(vm.runInNewContext('Object.getOwnPropertyNames(globalThis)') as string[]);
    const names = JSON.parse(result.logs[0] ?? '[]') as string[];
    // Date and console exist in every V8 context; the platform replaces both (clock; platform log).
    assert.sameMembers(
      names.filter((name) => !builtIns.has(name)),
      SANDBOX_GLOBALS.filter((name) => !builtIns.has(name)),
    );
    assert.includeMembers(names, ['Date', 'console']);
    assert.deepEqual(JSON.parse(result.logs[1] ?? '[]'), Array(8).fill('undefined'));
  });

  it('offers console.log, info and error only: console.warn is undefined and calling it throws a TypeError', async () => {
    const platform = await startPlatform(
      makeFixtureApp({
        handlers: `onTicketCreateHandler: async function () {
  console.info(JSON.stringify(Object.keys(console).sort()));
  try { console.warn('x'); } catch (error) { console.error(error.name); }
},`,
      }),
    );
    await platform.install();
    const result = await platform.emitProductEvent('onTicketCreate', {});
    assert.deepEqual(result.logs, ['["error","info","log"]', 'TypeError']);
  });

  it('gives the app a Date that follows the platform clock', async () => {
    const platform = await startPlatform(
      makeFixtureApp({
        handlers: `onTicketCreateHandler: async function () {
  const d = new Date();
  console.log(JSON.stringify([Date.now(), d.getTime(), d instanceof Date, new Date(0).toISOString(), typeof Date(), Date.parse('2026-01-01T00:00:00Z'), Date.UTC(2026, 0, 1)]));
},`,
      }),
    );
    await platform.install();
    await platform.advance(3_600_000);
    const result = await platform.emitProductEvent('onTicketCreate', {});
    const now = START + 3_600_000;
    assert.deepEqual(JSON.parse(result.logs[0] ?? '[]'), [now, now, true, '1970-01-01T00:00:00.000Z', 'string', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1)]);
  });

  it('hands the app values and promises of its own realm, and rejects with plain objects', async () => {
    const platform = await startPlatform(
      makeFixtureApp({
        handlers: `onTicketCreateHandler: async function (args) {
  const pending = $db.get('nope');
  const rejected = await pending.then(function () { return null; }, function (error) { return error; });
  console.log(JSON.stringify([args instanceof Object, args.data.list instanceof Array, pending instanceof Promise, rejected instanceof Error, rejected instanceof Object, rejected.status]));
},`,
      }),
    );
    await platform.install();
    const result = await platform.emitProductEvent('onTicketCreate', { list: [1] });
    assert.deepEqual(JSON.parse(result.logs[0] ?? '[]'), [true, true, true, false, true, 404]);
  });

  it('loads server.js afresh for each invocation, so globals do not leak between invocations', async () => {
    const platform = await startPlatform(
      makeFixtureApp({
        prelude: 'var loads = (typeof loads === "number" ? loads : 0) + 1;',
        handlers: `onTicketCreateHandler: async function () { globalThis.leak = (globalThis.leak || 0) + 1; console.log(String(loads) + ',' + String(globalThis.leak)); },`,
      }),
    );
    await platform.install();
    const first = await platform.emitProductEvent('onTicketCreate', {});
    const second = await platform.emitProductEvent('onTicketCreate', {});
    assert.deepEqual([first.logs[0], second.logs[0]], ['1,1', '1,1']);
  });

  it('reuseSandbox: server.js loads once per warm sandbox and module state persists; a killed sandbox is discarded', async () => {
    const platform = await startPlatform(
      makeFixtureApp({
        prelude: 'var loads = (typeof loads === "number" ? loads : 0) + 1; var seen = 0;',
        handlers: `onTicketCreateHandler: async function (args) { seen += 1; console.log(String(loads) + ',' + String(seen)); if (args.data.hang) await $db.get('x'); },`,
      }),
      { reuseSandbox: true },
    );
    await platform.install();
    const lines: string[] = [];
    for (let call = 0; call < 3; call += 1) lines.push((await platform.emitProductEvent('onTicketCreate', {})).logs[0] ?? '');
    assert.deepEqual(lines, ['1,1', '1,2', '1,3']);
    platform.faults.killNextHandlerAfterOps(0);
    assert.isTrue((await platform.emitProductEvent('onTicketCreate', { hang: true })).killed);
    assert.strictEqual((await platform.emitProductEvent('onTicketCreate', {})).logs[0], '1,1', 'a new sandbox after the kill');
    const both = await Promise.all([platform.emitProductEvent('onTicketCreate', {}), platform.emitProductEvent('onTicketCreate', {})]);
    assert.sameMembers(both.map((result) => result.logs[0]), ['1,2', '1,1'], 'concurrent invocations get their own sandboxes');
  });

  it('lets server.js require the manifest dependencies only', async () => {
    const platform = await startPlatform(
      makeFixtureApp({
        dependencies: { ajv: ajvVersion },
        handlers: `onTicketCreateHandler: async function () {
  const Ajv = require('ajv');
  const validate = new (Ajv.default || Ajv)().compile({ type: 'object', required: ['a'] });
  console.log(String(validate({ a: 1 })) + String(validate({})));
  for (const name of ['fs', 'child_process', 'sinon', './lib/x']) {
    try { require(name); console.log('loaded ' + name); } catch (error) { console.log(error.message); }
  }
},`,
      }),
    );
    await platform.install();
    const result = await platform.emitProductEvent('onTicketCreate', {});
    assert.strictEqual(result.logs[0], 'truefalse');
    for (const line of result.logs.slice(1)) assert.match(line, /only packages listed in manifest\.json "dependencies" can be required/);
  });

  it('reports a dependency whose local version differs from the manifest pin', async () => {
    const platform = await startPlatform(makeFixtureApp({ dependencies: { ajv: '0.0.1' }, handlers: `onTicketCreateHandler: async function () { require('ajv'); },` }));
    await platform.install();
    await platform.emitProductEvent('onTicketCreate', {});
    assert.isTrue(platform.logs.some((line) => line.level === 'warn' && line.text.includes(`pins 0.0.1, the local copy is ${ajvVersion}`)));
  });

  it('refuses to start when a handler or function named in manifest.json is not exported, naming each', async () => {
    const root = makeFixtureApp({ exportsSource: 'exports = { onAppInstallHandler: function () { renderData(); } };' });
    const error = (await rejects(startPlatform(root))) as unknown as Error;
    assert.match(error.message, /handler "onTicketCreateHandler" \(modules\.service_ticket\.events\.onTicketCreate\)/);
    assert.match(error.message, /function "echo" \(modules\.common\.functions\)/);
    assert.notMatch(error.message, /onAppInstallHandler/);
  });

  it('reads exports only as a reassignment: module.exports-style code does not count', async () => {
    const root = makeFixtureApp({ exportsSource: 'exports.onAppInstallHandler = function () {};' });
    const error = (await rejects(startPlatform(root))) as unknown as Error;
    assert.match(error.message, /no top-level `exports = \{ \.\.\. \}` object literal/);
  });

  it('reads exports as the FDK does: only function expressions of the top-level exports literal', async () => {
    const shapes: Array<[string, RegExp]> = [
      ['exports = Object.assign({}, { onAppInstallHandler: function () {} });', /no top-level `exports = \{ \.\.\. \}` object literal/],
      ['exports = { onAppInstallHandler: () => renderData() };', /handler "onAppInstallHandler" \(modules\.common\.events\.onAppInstall\) is not a function expression/],
      ['function install() {}\nexports = { onAppInstallHandler: install };', /handler "onAppInstallHandler" .* is not a function expression/],
      ['exports = { "onAppInstallHandler": function () {} };', /handler "onAppInstallHandler" .* is not a function expression/],
      ['if (true) { exports = { onAppInstallHandler: function () {} }; }', /no top-level `exports = /],
      ['class A { static x = 1; }\nexports = { onAppInstallHandler: function () {} };', /does not parse at ECMAScript 2020/],
    ];
    for (const [source, message] of shapes) {
      const root = makeFixtureApp({ exportsSource: source });
      assert.match(((await rejects(startPlatform(root))) as unknown as Error).message, message, source);
    }
  });

  it('finds handlers written as function expressions, async function expressions and methods', async () => {
    const members = DEFAULT_HANDLERS.map((name, index) => (index % 3 === 0 ? `${name}: function () { renderData(); }` : index % 3 === 1 ? `${name}: async function () { renderData(); }` : `${name}() { renderData(); }`));
    const root = makeFixtureApp({ exportsSource: `exports = { ${[...members, 'echo() { renderData(null, 1); }'].join(', ')} };` });
    const platform = await startPlatform(root);
    const result = await platform.invokeMethod('echo', {});
    assert.isTrue(result.ok);
    assert.deepEqual(result.rendered, { error: null, data: 1 });
  });

  it('refuses to start when server.js throws while loading or is missing', async () => {
    const throwing = makeFixtureApp({ prelude: 'setTimeout(function () {}, 1);' });
    assert.match(((await rejects(startPlatform(throwing))) as unknown as Error).message, /fails to load: setTimeout is not defined/);
    const missing = makeFixtureApp({ files: {} });
    const { rmSync } = await import('node:fs');
    rmSync(`${missing}/server/server.js`);
    assert.match(((await rejects(startPlatform(missing))) as unknown as Error).message, /server\.js is missing \(run npm run build\)/);
  });

  it('refuses to start on a malformed manifest or request template, listing every problem', async () => {
    const root = makeFixtureApp({
      requests: { bad: { schema: { method: 'FETCH', path: 'no-slash' }, options: { maxAttempts: 9 } } },
      functions: { '1bad': {}, echo: { timeout: 99 } },
    });
    const error = (await rejects(startPlatform(root))) as unknown as Error;
    for (const part of [/schema\.method must be one of/, /schema\.host is required/, /schema\.path must start with/, /maxAttempts must be an integer from 1 to 5/, /function "1bad"/, /timeout must be 20, 25 or 30/]) {
      assert.match(error.message, part);
    }
  });

  it('cuts a synchronous endless loop at the execution limit', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: 'onTicketCreateHandler: function () { for (;;) {} },' }), { limits: { handlerTimeoutMs: 100 } });
    await platform.install();
    const result = await platform.emitProductEvent('onTicketCreate', {});
    assert.include(result, { ok: false, killed: true });
    assert.match(result.error ?? '', /execution limit/);
  });
});
