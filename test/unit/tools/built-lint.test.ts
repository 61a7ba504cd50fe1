import { assert } from 'chai';
import { build } from 'esbuild';
import { RuleTester, type SourceCode } from 'eslint';
import { Linter } from 'eslint';
import type * as ESTree from 'estree';
import { esbuildHelperRanges } from '../../../tools/validate/esbuild-helpers.js';
import { lintBuiltScript } from '../../../tools/validate/lint-built.js';
import { createNoUnhandledPromise } from '../../../tools/validate/no-unhandled-promise.js';
import { collectFacts } from '../../../tools/validate/script-facts.js';

const knowledge = { promiseMethods: new Map([['store', new Set(['get', 'set'])], ['request', new Set(['invoke'])]]) };

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
      target: 'es2022',
      footer: { js: 'exports = Object.assign({}, __probe);' },
    });
    return result.outputFiles[0]?.text ?? '';
  }

  it('recognises the helpers this esbuild version writes, and only those at the top of the bundle', async () => {
    const code = await bundle();
    const linter = new Linter();
    linter.verify(code, [{ languageOptions: { ecmaVersion: 'latest', sourceType: 'script' } }], 'probe.js');
    const sourceCode = linter.getSourceCode();
    const ranges = esbuildHelperRanges(sourceCode.ast as ESTree.Program);
    const names = ranges.map(([start]) => /var (__\w+)/.exec(code.slice(start))?.[1]);
    assert.includeMembers(names, ['__defProp', '__export', '__copyProps', '__toESM', '__toCommonJS', '__commonJS']);
    assert.notInclude(code.slice(ranges.at(-1)?.[1] ?? 0), 'var __copyProps');
  });

  it('does not report the bundler helpers (esbuild __copyProps has complexity 8)', async () => {
    const code = await bundle();
    const plain = new Linter().verify(code, [{ languageOptions: { ecmaVersion: 'latest', sourceType: 'script' }, rules: { complexity: ['error', 7] } }], 'probe.js');
    assert.isAbove(plain.length, 0, 'the raw bundle has a helper over complexity 7');
    assert.deepEqual(lintBuiltScript('probe.js', code, knowledge).problems, []);
  });

  it('takes a helper name for a helper only at the top of the script, never further down', () => {
    const linter = new Linter();
    linter.verify('var __defProp = 1; function app() {}', [{ languageOptions: { ecmaVersion: 'latest', sourceType: 'script' } }], 'hand.js');
    const program = linter.getSourceCode().ast as ESTree.Program;
    assert.lengthOf(esbuildHelperRanges(program), 1, 'a leading var __defProp is in the prologue position');
    linter.verify('function app() {}\nvar __defProp = 1;', [{ languageOptions: { ecmaVersion: 'latest', sourceType: 'script' } }], 'hand.js');
    assert.deepEqual(esbuildHelperRanges(linter.getSourceCode().ast as ESTree.Program), []);
  });
});

describe('facts read from a built script', () => {
  function facts(code: string) {
    const linter = new Linter();
    linter.verify(code, [{ languageOptions: { ecmaVersion: 'latest', sourceType: 'script' } }], 'facts.js');
    const sourceCode: SourceCode = linter.getSourceCode();
    return collectFacts(sourceCode.ast as ESTree.Program, sourceCode.visitorKeys);
  }

  it('collects template and server-method calls, requires, globals and __meta.secure', () => {
    const found = facts(
      [
        'var KEYS = ["a_key"];',
        '(() => {',
        '  const lib = __require("ajv");',
        '  client.request.invokeTemplate("setupFsTickets", {});',
        '  client.request.invoke(`getSignl`, {});',
        '  client.request.invoke(dynamicName, {});',
        '  Object.assign(window, { validate, postConfigs });',
        '  globalThis["getConfigs"] = () => ({});',
        '  const out = { __meta: { secure: [...KEYS, "b_key"] } };',
        '})();',
      ].join('\n'),
    );
    assert.deepEqual(found.invokeTemplateCalls, [{ name: 'setupFsTickets', line: 4, callee: 'client.request.invokeTemplate' }]);
    assert.deepEqual(found.invokeCalls, [{ name: 'getSignl', line: 5, callee: 'client.request.invoke' }]);
    assert.deepEqual(found.requires.map((site) => site.name), ['ajv']);
    assert.sameMembers([...found.globals], ['KEYS', 'validate', 'postConfigs', 'getConfigs']);
    assert.deepEqual(found.secureMeta, { names: ['a_key', 'b_key'], unresolved: false });
  });

  it('says when __meta.secure cannot be read statically', () => {
    assert.deepEqual(facts('const out = { __meta: { secure: computeNames() } };').secureMeta, { names: [], unresolved: true });
  });
});
