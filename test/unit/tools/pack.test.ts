import AdmZip from 'adm-zip';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert } from 'chai';
import { blockers, isShipped, packApp, packName, shippedFiles, writePack } from '../../../tools/pack.js';
import { AppFixture, ensureBuilt, ROOT } from './app-fixture.js';

/** What a development tree holds that must never reach the zip. */
const FORBIDDEN = /(?:^|\/)(?:test|tests|test_data|node_modules|coverage|ui|docs|dist)\/|\.ts$|\.map$|(?:^|\/)\.(?!report\.json$)|(?:^|\/)package(?:-lock)?\.json$|(?:^|\/)tsconfig/;

function zipEntries(file: string): string[] {
  return new AdmZip(file)
    .getEntries()
    .filter((entry) => !entry.isDirectory)
    .map((entry) => entry.entryName)
    .sort();
}

/** Files outside what fdk pack takes (CLI69 lib/cli/pack.js): none reaches the zip. */
const NOT_SHIPPED: Record<string, string> = {
  'ui/sidebar/main.ts': 'export {};',
  'ui/tsconfig.json': '{}',
  'app/.DS_Store': 'x',
  'app/scripts/Thumbs.db': 'x',
  'server/src/index.ts': 'export {};',
  'server/test_data/service_ticket/onTicketCreate.json': '{}',
  'server/node_modules/ajv/index.js': 'module.exports = 1;',
  'server/etc/notes.js': 'x',
  'server/package.json': '{}',
  'server/lib/helpers.ts': 'export {};',
  'node_modules/ajv/package.json': '{}',
  'coverage/index.html': '<html></html>',
  'test/unit/x.test.ts': 'export {};',
  'package.json': '{"name":"signl4-for-freshservice"}',
  'tsconfig.json': '{}',
  'dist/old.zip': 'x',
  '.fdk/store.sqlite': 'x',
  'docs/notes.md': '# notes',
};

/** Files fdk pack takes besides the built app: all of app/, src/ and config/, server .js and .pem files, the named root files. */
const ALSO_SHIPPED: Record<string, string> = {
  'server/lib/util.js': 'exports.x = 1;\n',
  'server/other.js': 'exports.y = 2;\n',
  'server/certs/ca.pem': 'pem',
  'app/styles/images/extra.png': 'png',
  'src/readme.txt': 'x',
  'config/assets/extra.js': 'x',
  '.report.json': '{}',
  'actions.json': '{}',
};

describe('npm run pack (tools/pack.ts)', () => {
  let fixture: AppFixture;
  let out: string;

  before(async () => {
    await ensureBuilt();
  });

  beforeEach(() => {
    fixture = new AppFixture();
    out = mkdtempSync(join(tmpdir(), 's4-pack-'));
  });

  afterEach(() => {
    fixture.cleanup();
    rmSync(out, { recursive: true, force: true });
  });

  it('ships exactly what fdk pack takes, nothing else', async () => {
    const shippedBefore = await shippedFiles(fixture.root);
    for (const [rel, text] of Object.entries({ ...NOT_SHIPPED, ...ALSO_SHIPPED })) fixture.write(rel, text);

    const result = await writePack(fixture.root, join(out, 'app.zip'));
    const entries = zipEntries(result.file);

    assert.deepEqual(entries, [...new Set([...shippedBefore, ...Object.keys(ALSO_SHIPPED)])].sort());
    assert.deepEqual(result.entries, entries);
    for (const rel of Object.keys(NOT_SHIPPED)) assert.notInclude(entries, rel);
    for (const required of ['manifest.json', 'README.md', 'config/requests.json', 'server/server.js']) assert.include(entries, required);
  });

  it('refuses to pack a TypeScript source, tsconfig or source map that sits in a shipped folder, naming each', async () => {
    fixture.write('app/src/sidebar/main.ts', 'export {};').write('app/scripts/sidebar.js.map', '{}').write('src/tsconfig.json', '{}').write('config/iparams.ts', 'export {};');
    const outFile = join(out, 'refused.zip');
    const outcome = await packApp(fixture.root, { outFile });
    assert.isFalse(outcome.ok);
    const named = outcome.problems.filter((problem) => /would be shipped by fdk pack/.test(problem.message)).map((problem) => problem.file);
    assert.sameMembers(named, ['app/src/sidebar/main.ts', 'app/scripts/sidebar.js.map', 'src/tsconfig.json', 'config/iparams.ts']);
    assert.isFalse(existsSync(outFile));
  });

  it('stores each file byte for byte, and packs the same tree to the same bytes', async () => {
    const first = await writePack(fixture.root, join(out, 'a.zip'));
    const second = await writePack(fixture.root, join(out, 'b.zip'));
    const zip = new AdmZip(first.file);
    assert.equal(zip.readAsText('server/server.js'), fixture.read('server/server.js'));
    assert.equal(zip.readAsText('manifest.json'), fixture.read('manifest.json'));
    assert.isTrue(readFileSync(first.file).equals(readFileSync(second.file)));
    assert.equal(first.bytes, readFileSync(first.file).length);
  });

  it('packs the repository with every manifest location and nothing from the development tree', async () => {
    const result = await writePack(ROOT, join(out, packName(ROOT)));
    const entries = zipEntries(result.file);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as { modules: Record<string, { location?: Record<string, { url: string; icon?: string }> }> };
    const locationFiles = Object.values(manifest.modules).flatMap((module) => Object.values(module.location ?? {}).flatMap((spec) => [spec.url, spec.icon ?? spec.url]));
    for (const file of ['manifest.json', 'README.md', 'config/requests.json', 'server/server.js', ...locationFiles.filter((rel) => existsSync(join(ROOT, 'app', rel))).map((rel) => `app/${rel}`)]) {
      assert.include(entries, file);
    }
    assert.deepEqual(entries.filter((entry) => FORBIDDEN.test(entry)), []);
    assert.equal(packName(ROOT), 'signl4-for-freshservice.zip');
  });

  it('refuses to pack when validation finds an error, writing nothing', async () => {
    fixture.setJson('config/requests.json', ['signl4GetAlert', 'schema', 'host'], 'https://connect.signl4.com/');
    const outFile = join(out, 'refused.zip');
    const outcome = await packApp(fixture.root, { outFile });
    assert.isFalse(outcome.ok);
    assert.isTrue(outcome.problems.some((problem) => problem.where === 'signl4GetAlert.schema.host' && problem.severity === 'error'));
    assert.isFalse(existsSync(outFile));
  });

  it('treats an http template as blocking pack, other warnings not', () => {
    const http = { severity: 'warning' as const, file: 'config/requests.json', where: 'x.schema.protocol', message: 'is http', fix: 'use https', blocksPack: true };
    const engines = { severity: 'warning' as const, file: 'manifest.json', where: 'engines.node', message: 'is 18.20.8', fix: 'use 24' };
    assert.deepEqual(blockers([http, engines]), [http]);
  });

  it('decides what ships by path', () => {
    assert.isTrue(isShipped('config/assets/iparams.js'));
    assert.isTrue(isShipped('server/lib/deep/util.js'));
    assert.isTrue(isShipped('server/other.js'));
    assert.isTrue(isShipped('app/scripts/sidebar.js.map'));
    assert.isTrue(isShipped('src/anything.ts'));
    assert.isFalse(isShipped('server/lib'));
    assert.isFalse(isShipped('server/data.json'));
    assert.isFalse(isShipped('server/lib/test_data/x.js'));
    assert.isFalse(isShipped('app/.hidden/x.js'));
    assert.isFalse(isShipped('ui/sidebar/main.ts'));
    assert.isFalse(isShipped('LICENSE'));
  });
});
