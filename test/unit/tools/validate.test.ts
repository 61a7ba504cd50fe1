import { assert } from 'chai';
import { hostIssues } from '../../../tools/validate/check-requests.js';
import { checkAgainstSchema } from '../../../tools/validate/json-schema-check.js';
import { iparamsSchema } from '../../../tools/validate/schemas/iparams-schema.js';
import { manifestSchema } from '../../../tools/validate/schemas/manifest-schema.js';
import { requestsSchema } from '../../../tools/validate/schemas/requests-schema.js';
import { formatProblem, isError, validateApp, type Problem } from '../../../tools/validate/index.js';
import { report } from '../../../tools/validate.js';
import { type AppFixture, ensureBuilt, ROOT } from './app-fixture.js';
import { syntheticApp } from './synthetic-app.js';

type Seen = Pick<Problem, 'severity' | 'file' | 'where'> & { message: string };

/** The problems a broken fixture has that the unbroken copy does not. */
async function introduced(fixture: AppFixture, baseline: ReadonlySet<string>): Promise<Problem[]> {
  const problems = await validateApp(fixture.root);
  return problems.filter((problem) => !baseline.has(formatProblem(problem)));
}

function summary(problems: ReadonlyArray<Problem>): Seen[] {
  return problems.map(({ severity, file, where, message }) => ({ severity, file, where, message }));
}

function assertOne(problems: ReadonlyArray<Problem>, expected: { severity?: Problem['severity']; file: string; where: string | RegExp; message: RegExp }): Problem {
  assert.lengthOf(problems, 1, `expected exactly one new problem, got ${JSON.stringify(summary(problems), null, 1)}`);
  const [problem] = problems as [Problem];
  assert.equal(problem.severity, expected.severity ?? 'error');
  assert.equal(problem.file, expected.file);
  if (typeof expected.where === 'string') assert.equal(problem.where, expected.where);
  else assert.match(problem.where, expected.where);
  assert.match(problem.message, expected.message);
  assert.isAbove(problem.fix.length, 10, 'every problem says what to change');
  return problem;
}

/** A problem's place in the built server.js: the line, then which source module esbuild says it came from. */
const lineOf = (line: number): RegExp => new RegExp(`^line ${line}\\b`);

const COMPLEX_FUNCTION = `function tooComplex(a) {
  if (a === 1) return 'one';
  if (a === 2) return 'two';
  if (a === 3) return 'three';
  if (a === 4) return 'four';
  if (a === 5) return 'five';
  if (a === 6) return 'six';
  if (a === 7) return 'seven';
  return 'many';
}`;

describe('npm run validate (tools/validate)', () => {
  let baseline: Set<string>;
  let fixture: AppFixture;

  before(async () => {
    await ensureBuilt();
    const copy = syntheticApp();
    baseline = new Set((await validateApp(copy.root)).map(formatProblem));
    copy.cleanup();
  });

  beforeEach(() => {
    // The shipped JavaScript is the hand-written clean set (synthetic-app.ts): these cases check one rule each, whatever the build emits.
    fixture = syntheticApp();
  });

  afterEach(() => {
    fixture.cleanup();
  });

  it('passes on the repository as built: no error and no warning', async () => {
    assert.deepEqual((await validateApp(ROOT)).map(formatProblem), []);
  });

  it('fails when a manifest handler is not exported by the bundle', async () => {
    fixture.edit('server/server.js', (text) => text.replace('  onTicketUpdateHandler: function (args) {', '  onTicketUpdateHandlerV2: function (args) {'));
    assertOne(await introduced(fixture, baseline), {
      file: 'manifest.json',
      where: 'modules.service_ticket.events.onTicketUpdate.handler',
      message: /^Event callback 'onTicketUpdateHandler' is not defined for product: service_ticket\.$/,
    });
  });

  it('fails when a manifest server method has no export, naming its path', async () => {
    fixture.setJson('manifest.json', ['modules', 'common', 'functions', 'linkTicket'], { timeout: 20 });
    assertOne(await introduced(fixture, baseline), { file: 'manifest.json', where: 'modules.common.functions.linkTicket', message: /^Server method 'linkTicket' does not have definition in server\/server\.js\.$/ });
  });

  it('fails when server.js does not load in the FDK sandbox (no setTimeout there)', async () => {
    fixture.appendToServer('setTimeout(() => undefined, 1);');
    const problems = await introduced(fixture, baseline);
    const load = problems.find((problem) => problem.where === '(load)');
    assert.match(load?.message ?? '', /fails to load in the FDK sandbox: setTimeout is not defined/);
  });

  it('fails when the bundle invokes a template that is not declared', async () => {
    const line = fixture.appendToServer('function probeTemplate(deps) {\n  return deps.request.invoke("fsDeleteTicket", {});\n}');
    assertOne(await introduced(fixture, baseline), {
      file: 'server/server.js',
      where: `line ${line + 1} (deps.request.invoke)`,
      message: /invokes request template "fsDeleteTicket", which is not declared in manifest\.json modules\.common\.requests nor in config\/requests\.json/,
    });
  });

  it('fails when a template of the TemplateName union is missing from the manifest', async () => {
    fixture.setJson('manifest.json', ['modules', 'common', 'requests', 'fsGetTicket'], undefined);
    const problems = await introduced(fixture, baseline);
    const fromUnion = problems.filter((problem) => isError(problem) && !problem.file.startsWith('server/server.js'));
    assertOne(fromUnion, {
      file: 'server/src/platform/platform-types.ts',
      where: 'TemplateName',
      message: /"fsGetTicket", which is not declared in manifest\.json modules\.common\.requests$/,
    });
    assertOne(problems.filter((problem) => !isError(problem)), { severity: 'warning', file: 'config/requests.json', where: 'fsGetTicket', message: /not listed in manifest\.json/ });
  });

  it('fails when the manifest declares a template that config/requests.json lacks', async () => {
    fixture.setJson('manifest.json', ['modules', 'common', 'requests', 'fsDeleteTicket'], {});
    assertOne(await introduced(fixture, baseline), { file: 'manifest.json', where: 'modules.common.requests.fsDeleteTicket', message: /is not defined in config\/requests\.json/ });
  });

  it('fails on an installation parameter of an unknown type (iparams.json variant)', async () => {
    fixture.remove('config/iparams.html');
    fixture.write('config/iparams.json', JSON.stringify({ region: { display_name: 'Region', type: 'password' } }));
    assertOne(await introduced(fixture, baseline), { file: 'config/iparams.json', where: 'region.type', message: /"password" is not allowed/ });
  });

  it('checks iparams.json default values and choice options', async () => {
    fixture.remove('config/iparams.html');
    fixture.write(
      'config/iparams.json',
      JSON.stringify({
        scenario: { display_name: 'Scenario', type: 'dropdown', options: ['single_ack', 'multi_ack'], default_value: 'emergency' },
        mode: { display_name: 'Mode', type: 'radio' },
      }),
    );
    const problems = summary(await introduced(fixture, baseline));
    assert.sameDeepMembers(problems, [
      { severity: 'error', file: 'config/iparams.json', where: 'scenario.default_value', message: '["emergency"] is not among the options' },
      { severity: 'error', file: 'config/iparams.json', where: 'mode', message: '"options" is missing' },
    ]);
  });

  it('fails when both iparams.json and iparams.html exist', async () => {
    fixture.write('config/iparams.json', JSON.stringify({ region: { display_name: 'Region', type: 'text' } }));
    assertOne(await introduced(fixture, baseline), { file: 'config/', where: '(files)', message: /only one may exist/ });
  });

  it('fails when config/assets/iparams.js does not declare getConfigs as a top-level function (FDK 10 sample)', async () => {
    fixture.edit('config/assets/iparams.js', (text) => text.replace(/^function getConfigs\(configs\) \{/m, 'window.getConfigs = function (configs) {'));
    assertOne(await introduced(fixture, baseline), {
      file: 'config/assets/iparams.js',
      where: '(top level)',
      message: /^Mandatory method\(s\) missing in config\/assets\/iparams\.js: getConfigs are not top-level function declarations/,
    });
  });

  it('fails when the inline scripts of iparams.html do not declare postConfigs and validate (CLI69 reads only those)', async () => {
    fixture.edit('config/iparams.html', (text) =>
      text.replace('function postConfigs() {', 'var postConfigs = function () {').replace(/function validate\(\) \{\s*return window\.signl4Page\.validate\(\);\s*\}/, ''),
    );
    const problems = await introduced(fixture, baseline);
    const missing = problems.find((problem) => problem.where === '(inline scripts)');
    assert.equal(missing?.file, 'config/iparams.html');
    assert.match(missing?.message ?? '', /^Mandatory method\(s\) missing in config\/iparams\.html: postConfigs,validate are not top-level function declarations/);
  });

  it('fails when an inline script of iparams.html is not plain ES2017, as the CLI parses it', async () => {
    fixture.edit('config/iparams.html', (text) => text.replace('return window.signl4Page.postConfigs();', 'return { ...window.signl4Page.postConfigs() };'));
    assertOne(await introduced(fixture, baseline), { file: 'config/iparams.html', where: /^line \d+ <script>$/, message: /cannot be parsed as an ES2017 script/ });
  });

  it('fails on a function over complexity 7 in the built JavaScript', async () => {
    const line = fixture.appendToServer(COMPLEX_FUNCTION);
    assertOne(await introduced(fixture, baseline), { file: 'server/server.js', where: lineOf(line), severity: 'warning', message: /Function 'tooComplex' has a complexity of 8\. Maximum allowed is 7\. \(complexity\)$/ });
  });

  it('lints esbuild helper names like any code: a __copyProps over complexity 7 is reported', async () => {
    const line = fixture.appendToServer(COMPLEX_FUNCTION.replace('tooComplex', '__copyProps'));
    assertOne(await introduced(fixture, baseline), { severity: 'warning', file: 'server/server.js', where: lineOf(line), message: /'__copyProps' has a complexity of 8/ });
  });

  it('fails on an async function without await', async () => {
    const line = fixture.appendToServer('async function noAwait(deps) {\n  return deps.clock.now();\n}');
    assertOne(await introduced(fixture, baseline), { file: 'server/server.js', where: lineOf(line), message: /Async function 'noAwait' has no 'await' expression/ });
  });

  it('fails on an unhandled promise, and accepts awaited, returned and caught ones', async () => {
    const line = fixture.appendToServer(
      [
        'function fireAndForget(deps) {',
        '  deps.store.set("k", { a: 1 });',
        '}',
        'async function handled(deps) {',
        '  await deps.store.set("k", { a: 1 });',
        '  deps.store.delete("k").catch(() => undefined);',
        '  deps.scheduler.create({}).then(() => undefined, () => undefined);',
        '  return deps.request.invoke("fsGetTicket", {});',
        '}',
      ].join('\n'),
    );
    assertOne(await introduced(fixture, baseline), { file: 'server/server.js', severity: 'warning', where: lineOf(line + 1), message: /Expected rejection to be handled: the promise of `deps\.store\.set\(\.\.\.\)`/ });
  });

  it('counts a voided promise chain without a rejection handler as unhandled', async () => {
    const line = fixture.appendToServer('async function later() {\n  await Promise.resolve();\n}\nvoid later();\nlater().catch(() => undefined);');
    assertOne(await introduced(fixture, baseline), { file: 'server/server.js', severity: 'warning', where: lineOf(line + 3), message: /the promise of `later\(\.\.\.\)`/ });
  });

  it('fails when a page loads Crayons from unpkg', async () => {
    fixture.write(
      'app/index.html',
      '<!doctype html>\n<html><head>\n<script src="{{{appclient}}}"></script>\n<script type="module" src="https://unpkg.com/@freshworks/crayons@v4/dist/crayons/crayons.esm.js"></script>\n</head><body></body></html>\n',
    );
    const problems = (await introduced(fixture, baseline)).filter((problem) => /unpkg/.test(problem.message));
    assertOne(problems, { file: 'app/index.html', where: 'line 4 <script>', message: /from unpkg, which the marketplace lint rejects/ });
  });

  it('fails when a style sheet imports from unpkg', async () => {
    fixture.write('app/styles/extra.css', '@import url("https://unpkg.com/some-font/font.css");\n');
    assertOne(await introduced(fixture, baseline), { file: 'app/styles/extra.css', where: 'line 1', message: /refers to unpkg\.com/ });
  });

  it('fails when server.js is missing while the manifest names handlers', async () => {
    fixture.remove('server/server.js');
    const problems = await introduced(fixture, baseline);
    assert.include(problems.map(formatProblem), 'server/server.js: (file): is missing, but the manifest names server handlers — run npm run build (it bundles server/src into server/server.js)');
  });

  it('fails when a page does not load {{{appclient}}}', async () => {
    fixture.write('app/index.html', '<!doctype html>\n<html><head><title>x</title></head><body></body></html>\n');
    const problems = (await introduced(fixture, baseline)).filter((problem) => problem.file === 'app/index.html');
    assertOne(problems, { file: 'app/index.html', where: '<head>', message: /does not load the FDK client/ });
  });

  it('fails on a template host with a scheme', async () => {
    fixture.setJson('config/requests.json', ['signl4GetAlert', 'schema', 'host'], 'https://connect.signl4.com');
    assertOne(await introduced(fixture, baseline), { file: 'config/requests.json', where: 'signl4GetAlert.schema.host', message: /"https:\/\/connect\.signl4\.com" has a scheme/ });
  });

  it('fails on a template host with a trailing slash', async () => {
    fixture.setJson('config/requests.json', ['signl4GetAlert', 'schema', 'host'], 'connect.signl4.com/');
    assertOne(await introduced(fixture, baseline), { file: 'config/requests.json', where: 'signl4GetAlert.schema.host', message: /ends with a slash/ });
  });

  it('fails on a secure installation parameter in a template path', async () => {
    fixture.setJson('config/requests.json', ['signl4Event', 'schema', 'path'], '/webhook/<%= iparam.signl4_webhook %>');
    assertOne(await introduced(fixture, baseline), { file: 'config/requests.json', where: 'signl4Event.schema.path', message: /uses the secure installation parameter "signl4_webhook"/ });
  });

  it('reads the secure names the settings page declares in __meta.secure, through spreads', async () => {
    fixture.edit('config/assets/iparams.js', (text) => `${text}\nconst EXTRA_SECURE = ["custom_token"];\nconst ALL_SECURE = [...EXTRA_SECURE, "signl4_api_key"];\nwindow.postConfigsProbe = () => ({ __meta: { secure: [...ALL_SECURE] } });\n`);
    fixture.setJson('config/requests.json', ['fsListTickets', 'schema', 'query'], { token: '<%= iparam.custom_token %>' });
    assertOne(await introduced(fixture, baseline), { file: 'config/requests.json', where: 'fsListTickets.schema.query', message: /secure installation parameter "custom_token"/ });
  });

  it('warns, without failing, on an http template, and marks it as blocking pack', async () => {
    fixture.setJson('config/requests.json', ['signl4GetAlert', 'schema', 'protocol'], 'http');
    const problem = assertOne(await introduced(fixture, baseline), { severity: 'warning', file: 'config/requests.json', where: 'signl4GetAlert.schema.protocol', message: /blocks fdk pack/ });
    assert.isTrue(problem.blocksPack);
  });

  it('reports manifest schema errors with the path and the fix, all at once', async () => {
    fixture.setJson('manifest.json', ['platform-version'], '2.3');
    fixture.setJson('manifest.json', ['modules', 'common', 'functions', '1bad'], {});
    fixture.setJson('manifest.json', ['modules', 'common', 'location', 'ticket_sidebar'], { url: 'index.html', icon: 'styles/images/icon.svg' });
    fixture.setJson('manifest.json', ['product'], {});
    fixture.setJson('manifest.json', ['dependencies', 'ajv'], '^8.20.0');
    const problems = await introduced(fixture, baseline);
    assert.sameMembers(
      problems.map((problem) => problem.where),
      ['platform-version', 'modules.common.functions["1bad"]', 'modules.common.location.ticket_sidebar', 'product', 'dependencies.ajv', 'modules.common.functions["1bad"]'],
    );
    const product = problems.find((problem) => problem.where === 'product');
    assert.match(product?.fix ?? '', /platform 3\.0 has no "product" key/);
  });

  it('fails when the manifest has no module apart from common', async () => {
    fixture.setJson('manifest.json', ['modules', 'service_ticket'], undefined);
    const problems = await introduced(fixture, baseline);
    assert.include(problems.map(formatProblem).join('\n'), 'manifest.json: modules: has no module apart from common');
  });

  it('fails when a front end calls a server method the manifest does not declare', async () => {
    fixture.write('app/scripts/probe.js', 'window.probe = function probe(client) {\n  return client.request.invoke("deleteEverything", {});\n};\n');
    assertOne(await introduced(fixture, baseline), { file: 'app/scripts/probe.js', where: 'line 2 (client.request.invoke)', message: /calls server method "deleteEverything"/ });
  });

  it('prints errors and warnings in the `file: place: what — fix` form', () => {
    const text = report([
      { severity: 'error', file: 'manifest.json', where: 'engines', message: '"node" is missing', fix: 'add "node"' },
      { severity: 'warning', file: 'config/requests.json', where: 'x.schema.protocol', message: 'is http', fix: 'use https', blocksPack: true },
    ]);
    assert.equal(
      text,
      '1 error(s):\n  manifest.json: engines: "node" is missing — add "node"\n1 warning(s):\n  config/requests.json: x.schema.protocol: is http — use https (blocks npm run pack)\nvalidate fails on warnings as on errors: 1 error(s), 1 warning(s) to fix',
    );
  });
});

describe('validator schemas', () => {
  it('compile in ajv strict mode and report every missing required key', () => {
    assert.sameMembers(
      checkAgainstSchema('manifest.json', {}, manifestSchema).map((problem) => problem.message),
      ['"platform-version" is missing', '"modules" is missing', '"engines" is missing'],
    );
    assert.deepEqual(checkAgainstSchema('config/requests.json', {}, requestsSchema), []);
    assert.deepEqual(checkAgainstSchema('config/iparams.json', {}, iparamsSchema), []);
  });

  it('limits request templates to 100', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`t${i}`, { schema: { method: 'GET', host: 'example.com' } }]));
    const problems = checkAgainstSchema('config/requests.json', many, requestsSchema);
    assert.deepEqual(problems.map(formatProblem), ['config/requests.json: (top level): has more than 100 entries — keep at most 100']);
  });
});

describe('template hosts', () => {
  const cases: Array<[string, RegExp | undefined]> = [
    ['connect.signl4.com', undefined],
    ['<%= context.host %>', undefined],
    ['<%= iparam.subdomain %>.freshservice.com', undefined],
    ['http://connect.signl4.com', /has a scheme/],
    ['connect.signl4.com/', /ends with a slash/],
    ['connect.signl4.com/api', /contains a path/],
    ['connect.signl4.com:8443', /has a port/],
    ['10.0.0.1', /is an IP address/],
    ['localhost', /not a fully qualified domain name/],
    ['<%= context.a %><%= context.b %>', /single substitution/],
    ['<%= encode(iparam.x) %>', /single substitution/],
  ];
  for (const [host, expected] of cases) {
    it(`${expected === undefined ? 'accepts' : 'rejects'} ${host}`, () => {
      const messages = hostIssues(host).map((issue) => issue.message);
      if (expected === undefined) assert.deepEqual(messages, []);
      else assert.match(messages.join(' | '), expected);
    });
  }
});
