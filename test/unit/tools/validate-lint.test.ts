import { assert } from 'chai';
import { formatProblem, validateApp, type Problem } from '../../../tools/validate/index.js';
import { exitCode, report } from '../../../tools/validate.js';
import { ensureBuilt } from './app-fixture.js';
import type { AppFixture } from './app-fixture.js';
import { CLEAN_FRONT_END, syntheticApp } from './synthetic-app.js';

type Seen = Pick<Problem, 'severity' | 'file' | 'where' | 'message'>;

const seen = (problems: ReadonlyArray<Problem>): Seen[] => problems.map(({ severity, file, where, message }) => ({ severity, file, where, message }));

function assertOnly(problems: ReadonlyArray<Problem>, expected: { severity: Problem['severity']; file: string; where?: RegExp; message: RegExp }): void {
  assert.lengthOf(problems, 1, `expected exactly one problem, got ${JSON.stringify(seen(problems), null, 1)}`);
  const [problem] = problems as [Problem];
  assert.equal(problem.severity, expected.severity);
  assert.equal(problem.file, expected.file);
  if (expected.where !== undefined) assert.match(problem.where, expected.where);
  assert.match(problem.message, expected.message);
  assert.isAbove(problem.fix.length, 10, 'every problem says what to change');
}

/** A front-end script: the clean one with `code` added inside its function. */
const frontEndWith = (code: string): string => CLEAN_FRONT_END.replace('  "use strict";\n', `  "use strict";\n${code}\n`);

describe('npm run validate: the marketplace lint on synthetic app copies (tools/validate)', () => {
  let fixture: AppFixture;

  before(async () => {
    await ensureBuilt();
  });

  beforeEach(() => {
    fixture = syntheticApp();
  });

  afterEach(() => {
    fixture.cleanup();
  });

  it('reports nothing on the clean synthetic app (the base every other case breaks)', async () => {
    assert.deepEqual((await validateApp(fixture.root)).map(formatProblem), []);
  });

  describe('ECMAScript 2020 parsing', () => {
    it('fails on a class static block (ES2022) in a front-end file', async () => {
      fixture.write('app/scripts/sidebar.js', frontEndWith('  class Registry {\n    static {\n      this.ready = true;\n    }\n  }\n  Registry.ready = false;'));
      assertOnly(await validateApp(fixture.root), { severity: 'error', file: 'app/scripts/sidebar.js', where: /^line 4$/, message: /cannot be parsed at ECMAScript 2020/ });
    });

    it('fails on `#x in o` (ES2022) in server.js, which then has no readable exports either', async () => {
      fixture.edit('server/server.js', (text) => `${text}class Box {\n  #x = 1;\n  static has(o) {\n    return #x in o;\n  }\n}\nBox.has({});\n`);
      const problems = await validateApp(fixture.root);
      assert.sameMembers(
        problems.map((p) => `${p.file} ${p.where.replace(/^line \d+$/, 'line')}`),
        ['server/server.js line', 'server/server.js (exports)'],
      );
      assert.match(problems.find((p) => p.where !== '(exports)')?.message ?? '', /cannot be parsed at ECMAScript 2020/);
      assert.match(problems.find((p) => p.where === '(exports)')?.message ?? '', /^Error while parsing file containing serverless functions/);
    });

    it('fails on a ??= assignment (ES2021) in the installation page script', async () => {
      fixture.edit('config/assets/iparams.js', (text) => text.replace('saved.configs = configs;', 'saved.configs ??= configs;'));
      const problems = (await validateApp(fixture.root)).filter((p) => p.file === 'config/assets/iparams.js');
      assertOnly(problems, { severity: 'error', file: 'config/assets/iparams.js', message: /cannot be parsed at ECMAScript 2020/ });
    });
  });

  describe('the exports check', () => {
    it('finds nothing in exports = Object.assign(...), with the CLI message', async () => {
      fixture.edit('server/server.js', (text) => text.replace('exports = {', 'exports = Object.assign({}, {').replace('\n};\n', '\n});\n'));
      assertOnly(await validateApp(fixture.root), { severity: 'error', file: 'server/server.js', where: /^\(exports\)$/, message: /^Error while parsing file containing serverless functions\. Please use the exports section/ });
    });

    it('does not count an arrow-function export', async () => {
      fixture.edit('server/server.js', (text) => text.replace('  onTicketCreateHandler: function (args) {', '  onTicketCreateHandler: (args) => {'));
      assertOnly(await validateApp(fixture.root), {
        severity: 'error',
        file: 'manifest.json',
        where: /^modules\.service_ticket\.events\.onTicketCreate\.handler$/,
        message: /^Event callback 'onTicketCreateHandler' is not defined for product: service_ticket\.$/,
      });
    });

    it('does not count a reference or a string key, and names a server method by its path', async () => {
      fixture.edit('server/server.js', (text) =>
        text.replace('  getSignl: function (args) {', '  getSignl: describeSignl,\n  "pageOnCall": function (args) {').replace(/ {2}pageOnCall: function \(args\) \{\n.*\n {2}\},\n/, '') + 'function describeSignl(args) {\n  renderData(null, describe(args));\n}\n',
      );
      const problems = await validateApp(fixture.root);
      assert.sameDeepMembers(seen(problems).map(({ where, message }) => ({ where, message })), [
        { where: 'modules.common.functions.getSignl', message: `Server method 'getSignl' does not have definition in server/server.js.` },
        { where: 'modules.common.functions.pageOnCall', message: `Server method 'pageOnCall' does not have definition in server/server.js.` },
      ]);
    });

    it('accepts method shorthand and async function expressions, and reads only the first exports statement', async () => {
      fixture.edit('server/server.js', (text) =>
        text
          .replace('  onTicketCreateHandler: function (args) {', '  onTicketCreateHandler(args) {')
          .replace('  onTicketUpdateHandler: function (args) {', '  onTicketUpdateHandler: async function (args) {\n    await Promise.resolve();')
          .concat('exports = { lateHandler: function (args) {\n  renderData(null, args);\n} };\n'),
      );
      fixture.setJson('manifest.json', ['modules', 'common', 'functions', 'lateHandler'], { timeout: 20 });
      assertOnly(await validateApp(fixture.root), { severity: 'error', file: 'manifest.json', where: /^modules\.common\.functions\.lateHandler$/, message: /'lateHandler' does not have definition/ });
    });
  });

  describe('no-dependency-mismatch', () => {
    it('reports ajv unused when it is loaded through a bundler shim (__require)', async () => {
      fixture.edit('server/server.js', (text) => text.replace('const Ajv = require("ajv");', 'const __require = require;\nconst Ajv = __require("ajv");'));
      assertOnly(await validateApp(fixture.root), { severity: 'error', file: 'manifest.json', where: /^dependencies$/, message: /^The following dependencies are not used: ajv \(no-dependency-mismatch\)$/ });
    });

    it('reports a literal require of a package the manifest does not list', async () => {
      fixture.edit('server/server.js', (text) => text.replace('const Ajv = require("ajv");', 'const Ajv = require("ajv");\nconst lodash = require("lodash/get");'));
      const problems = (await validateApp(fixture.root)).filter((p) => p.where !== '(load)');
      assertOnly(problems, { severity: 'error', file: 'server/server.js', where: /^line 3$/, message: /^'lodash\/get' is not listed in manifest\. \(no-dependency-mismatch\)$/ });
    });
  });

  describe('FDK 10 core rules, one per severity source (fdk-rules.ts)', () => {
    const cases: Array<{ group: string; code: string; severity: Problem['severity']; message: RegExp }> = [
      { group: 'CLI69 error (no-eval)', code: '  eval("1");', severity: 'error', message: /`eval` can be harmful\. \(no-eval\)/ },
      { group: 'CLI69 error (no-unused-vars, vars: local)', code: '  const unused = 1;', severity: 'error', message: /'unused' is assigned a value but never used\. \(no-unused-vars\)/ },
      { group: 'CLI69 error (no-empty-function)', code: '  window.onload = function () {};', severity: 'error', message: /Unexpected empty function\. \(no-empty-function\)/ },
      { group: 'CLI69 warning (no-caller)', code: '  window.probe = function () { return arguments.callee; };', severity: 'warning', message: /\(no-caller\)/ },
      {
        group: 'CLI69 warning (max-nested-callbacks, 4)',
        code: '  window.a(function () { window.b(function () { window.c(function () { window.d(function () { window.e(function () { window.f = 1; }); }); }); }); });',
        severity: 'warning',
        message: /Too many nested callbacks \(5\)\. Maximum allowed is 4\. \(max-nested-callbacks\)/,
      },
      { group: 'FDK10LOG error (no-var)', code: '  var legacy = 1;\n  window.legacy = legacy;', severity: 'error', message: /Unexpected var, use let or const instead\. \(no-var\)/ },
      { group: 'guidelines error (no-eq-null)', code: '  window.isNull = function (x) { return x === undefined || x == null; };', severity: 'error', message: /\(no-eq-null\)/ },
      { group: 'recommended error (no-dupe-keys)', code: '  window.dupe = { a: 1, a: 2 };', severity: 'error', message: /Duplicate key 'a'\. \(no-dupe-keys\)/ },
      { group: 'default error outside recommended (prefer-const)', code: '  let once = 1;\n  window.once = once;', severity: 'error', message: /'once' is never reassigned\. Use 'const' instead\. \(prefer-const\)/ },
    ];
    for (const { group, code, severity, message } of cases) {
      it(`reports ${group} in a front-end file`, async () => {
        fixture.write('app/scripts/sidebar.js', frontEndWith(code));
        const problems = (await validateApp(fixture.root)).filter((p) => !/\(eqeqeq\)/.test(p.message));
        assertOnly(problems, { severity, file: 'app/scripts/sidebar.js', message });
      });
    }

    it('warns on a complexity over 7 in server.js, also inside what looks like a bundler helper', async () => {
      fixture.edit('server/server.js', (text) => `var __copyProps = (a) => {\n${[1, 2, 3, 4, 5, 6, 7].map((n) => `  if (a === ${n}) return ${n};`).join('\n')}\n  return 0;\n};\n${text}__copyProps(1);\n`);
      const problems = (await validateApp(fixture.root)).filter((p) => !/\(no-var\)/.test(p.message));
      assertOnly(problems, { severity: 'warning', file: 'server/server.js', where: /^line 1$/, message: /has a complexity of 8\. Maximum allowed is 7\. \(complexity\)/ });
    });

    it('ignores inline eslint-disable comments', async () => {
      fixture.write('app/scripts/sidebar.js', frontEndWith('  // eslint-disable-next-line no-eval\n  eval("1");'));
      assertOnly(await validateApp(fixture.root), { severity: 'error', file: 'app/scripts/sidebar.js', message: /\(no-eval\)/ });
    });

    it('lints every shipped folder: a script anywhere under app/ and server/', async () => {
      fixture.write('app/vendor/deep/extra.js', 'eval("1");\n');
      fixture.write('server/lib/helper.js', 'eval("1");\n');
      fixture.write('server/test_data/fixture.js', 'eval("1");\n');
      const problems = await validateApp(fixture.root);
      assert.sameMembers(problems.map((p) => `${p.file} ${/\((no-[a-z-]+)\)$/.exec(p.message)?.[1]}`), ['app/vendor/deep/extra.js no-eval', 'server/lib/helper.js no-eval']);
    });
  });

  describe('custom rules (rules/)', () => {
    const frontEnd: Array<{ rule: string; code: string; severity: Problem['severity'] }> = [
      { rule: 'no-unhandled-promise', code: '  window.load = function (p) { p.then(function (v) { window.v = v; }); };', severity: 'warning' },
      { rule: 'no-logging-rejections', code: '  window.load = function (p) { p.then(function (v) { window.v = v; }, function (e) { console.error(e); }); };', severity: 'warning' },
      { rule: 'no-non-client-request-model', code: '  window.load = function () { return fetch("https://example.freshservice.com/api/v2/tickets"); };', severity: 'warning' },
      { rule: 'no-cross-scope-assign', code: '  let count = 0;\n  window.bump = function () { count = count + 1; return count; };', severity: 'warning' },
      { rule: 'no-unpkg-cdn', code: '  window.lib = "https://unpkg.com/some-lib/dist/lib.js";', severity: 'error' },
      { rule: 'no-proxy-requests', code: '  window.load = function (client) { return client.request.post("https://example.com/x", {}).then(function () { return 1; }, function () { return 2; }); };', severity: 'error' },
    ];
    for (const { rule, code, severity } of frontEnd) {
      it(`reports ${rule} in a front-end file`, async () => {
        fixture.write('app/scripts/diagnostics.js', frontEndWith(code));
        const problems = (await validateApp(fixture.root)).filter((p) => p.message.endsWith(`(${rule})`));
        assertOnly(problems, { severity, file: 'app/scripts/diagnostics.js', message: new RegExp(`\\(${rule}\\)$`) });
      });
    }

    it('reports no-deprecated-apis for the platform-2.0 client script', async () => {
      fixture.write('app/scripts/diagnostics.js', frontEndWith('  window.old = "https://static.freshdev.io/fdk/2.0/assets/fresh_client.js";'));
      assertOnly(await validateApp(fixture.root), { severity: 'error', file: 'app/scripts/diagnostics.js', message: /fresh_client\.js.*\(no-deprecated-apis\)$/ });
    });

    it('runs no-cross-scope-assign on config/assets and not on server files', async () => {
      fixture.edit('config/assets/iparams.js', (text) => `${text}let last = 0;\nfunction touch() {\n  last = 1;\n}\ntouch();\n`);
      fixture.edit('server/server.js', (text) => `${text}let seen = 0;\nfunction mark() {\n  seen = 1;\n}\nmark();\n`);
      assertOnly(await validateApp(fixture.root), { severity: 'warning', file: 'config/assets/iparams.js', message: /'last' declared and assigned in different scopes\. Possible asynchronous race condition\. \(no-cross-scope-assign\)/ });
    });

    it('skips no-non-client-request-model in server files', async () => {
      fixture.edit('server/server.js', (text) => `${text}function probe() {\n  return fetch("https://example.com");\n}\nexports.probe = probe;\n`);
      assert.deepEqual((await validateApp(fixture.root)).map(formatProblem), []);
    });
  });

  describe('exit status', () => {
    it('counts a warning as a failure: the report says so and validate.ts exits 1 on any problem', async () => {
      fixture.write('app/scripts/diagnostics.js', frontEndWith('  window.load = function (p) { p.then(function (v) { window.v = v; }); };'));
      const problems = await validateApp(fixture.root);
      assert.deepEqual(problems.map((p) => p.severity), ['warning']);
      assert.match(report(problems), /^1 warning\(s\):/);
      assert.match(report(problems), /validate fails on warnings as on errors: 0 error\(s\), 1 warning\(s\) to fix$/);
      assert.equal(exitCode(problems), 1);
      assert.equal(exitCode([]), 0);
    });
  });
});
