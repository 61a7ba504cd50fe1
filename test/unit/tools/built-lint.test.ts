import { assert } from 'chai';
import { build } from 'esbuild';
import { RuleTester, type SourceCode } from 'eslint';
import { Linter } from 'eslint';
import type * as ESTree from 'estree';
import { lintBuiltScript } from '../../../tools/validate/lint-built.js';
import { createNoUnhandledPromise } from '../../../tools/validate/no-unhandled-promise.js';
import { collectFacts } from '../../../tools/validate/script-facts.js';

const knowledge = { promiseMethods: new Map([['store', new Set(['get', 'set'])], ['request', new Set(['invoke'])]]), dependencies: new Set<string>() };

describe('no-unhandled-promise (lint of the built JavaScript)', () => {
  const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'script' } });
  tester.run('no-unhandled-promise', createNoUnhandledPromise(knowledge), {
    valid: [
      'async function f() {} async function g() { await f(); }',
      'async function f() {} function g() { return f(); }',
      'async function f() {} f().catch(() => undefined);',
      'async function f() {} f().then(() => 1, () => 2);',
      'async function f() {} f().catch(() => undefined).finally(() => undefined);',
      'async function f() {} const p = f();',
      'function sync() {} sync();',
      'const map = new Map(); map.set("a", 1);',
      'function h(deps) { return deps.store.set("k", {}); }',
      'async function f() {} Promise.all([f()]).catch(() => undefined);',
      'function h(client) { const r = client.request.get("u"); return r; }',
      'function h(p) { p.fail(() => undefined); }',
    ],
    invalid: [
      { code: 'async function f() {} f();', errors: [{ messageId: 'unhandled' }] },
      { code: 'async function f() {} void f();', errors: [{ messageId: 'unhandled' }] },
      { code: 'const f = async () => 1; f();', errors: [{ messageId: 'unhandled' }] },
      { code: 'async function f() {} f().then(() => 1);', errors: [{ messageId: 'unhandled' }] },
      { code: 'async function f() {} f().finally(() => 1);', errors: [{ messageId: 'unhandled' }] },
      { code: 'var scheduler = { async create() {} }; scheduler.create();', errors: [{ messageId: 'unhandled' }] },
      { code: 'function h(deps) { deps.store.set("k", {}); }', errors: [{ messageId: 'unhandled' }] },
      { code: 'function h(store) { store.get("k"); }', errors: [{ messageId: 'unhandled' }] },
      { code: 'function h(client) { client.request.invoke("getSignl", {}); }', errors: [{ messageId: 'unhandled' }] },
      { code: 'function h(client) { client.interface.trigger("showNotify", {}); }', errors: [{ messageId: 'unhandled' }] },
      { code: '$db.set("k", {});', errors: [{ messageId: 'unhandled' }] },
      { code: 'app.initialized();', errors: [{ messageId: 'unhandled' }] },
      { code: 'Promise.reject(new Error("x"));', errors: [{ messageId: 'unhandled' }] },
      { code: 'new Promise(() => undefined);', errors: [{ messageId: 'unhandled' }] },
      // The CLI's own shapes (CLI 6.9 no-unhandled-promise): outermost then/catch/done/fail or client.request.<x>.
      { code: 'function h(p) { p.done(() => 1); }', errors: [{ messageId: 'unhandled' }] },
      { code: 'function h(p) { p.catch(() => 1, () => 2); }', errors: [{ messageId: 'unhandled' }] },
      { code: 'function h(p) { p.then(() => 1, () => 2, 3); }', errors: [{ messageId: 'unhandled' }] },
      { code: 'function h(client) { client.request.get("u"); }', errors: [{ messageId: 'unhandled' }] },
      { code: 'function h(p) { p.fail(); }', errors: [{ messageId: 'unhandled' }] },
    ],
  });
});

describe('esbuild helpers in the built JavaScript', () => {
  async function bundle(): Promise<string> {
    const result = await build({
      stdin: {
        contents: 'import cjs from "./cjs.cjs"; export function app(x) { return cjs(x); }',
        resolveDir: '/',
        loader: 'js',
      },
      plugins: [
        {
          name: 'virtual-cjs',
          setup(pluginBuild) {
            pluginBuild.onResolve({ filter: /cjs\.cjs$/ }, () => ({ path: 'cjs.cjs', namespace: 'virtual' }));
            pluginBuild.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({ contents: 'module.exports = function (x) { return x; };', loader: 'js' }));
          },
        },
      ],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: '__probe',
      platform: 'neutral',
      target: 'es2020',
    });
    return result.outputFiles[0]?.text ?? '';
  }

  it('are linted like the app code: no exception (esbuild __copyProps has complexity 8, its helpers use var and ==)', async () => {
    const rules = lintBuiltScript('server/probe.js', await bundle(), knowledge).problems.map((problem) => /\(([a-z-]+)\)$/.exec(problem.message)?.[1]);
    assert.includeMembers(rules, ['complexity', 'no-var', 'no-eq-null']);
  });
});

describe('facts read from a built script', () => {
  function facts(code: string) {
    const linter = new Linter();
    linter.verify(code, [{ languageOptions: { ecmaVersion: 'latest', sourceType: 'script' } }], 'facts.js');
    const sourceCode: SourceCode = linter.getSourceCode();
    return collectFacts(sourceCode.ast as ESTree.Program, sourceCode.visitorKeys);
  }

  it('collects template and server-method calls, literal requires, globals and __meta.secure', () => {
    const found = facts(
      [
        'var KEYS = ["a_key"];',
        '(() => {',
        '  const shimmed = __require("ajv");',
        '  const lib = require("ajv/dist/compile");',
        '  const local = require("./lib/x");',
        '  client.request.invokeTemplate("setupFsTickets", {});',
        '  client.request.invoke(`getSignl`, {});',
        '  client.request.invoke(dynamicName, {});',
        '  Object.assign(window, { validate, postConfigs });',
        '  globalThis["getConfigs"] = () => ({});',
        '  const out = { __meta: { secure: [...KEYS, "b_key"] } };',
        '})();',
      ].join('\n'),
    );
    assert.deepEqual(found.invokeTemplateCalls, [{ name: 'setupFsTickets', line: 6, callee: 'client.request.invokeTemplate' }]);
    assert.deepEqual(found.invokeCalls, [{ name: 'getSignl', line: 7, callee: 'client.request.invoke' }]);
    assert.deepEqual(found.requires, [{ name: 'ajv/dist/compile', line: 4, callee: 'require' }], 'a literal require of a package; not the __require shim, not a relative path');
    assert.sameMembers([...found.globals], ['KEYS', 'validate', 'postConfigs', 'getConfigs']);
    assert.deepEqual(found.secureMeta, { names: ['a_key', 'b_key'], unresolved: false });
  });

  it('says when __meta.secure cannot be read statically', () => {
    assert.deepEqual(facts('const out = { __meta: { secure: computeNames() } };').secureMeta, { names: [], unresolved: true });
  });
});
