/**
 * A copy of the repository's app tree in a temp dir (manifest, README, config/, the built
 * server/server.js, the platform contract, the built app/ without ui), for validate and pack
 * tests that break one thing at a time.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFrontEnds, buildServer } from '../../../tools/build.js';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** npm test builds first; a lone mocha run builds here so the fixtures have a bundle to copy. */
export async function ensureBuilt(): Promise<void> {
  if (!existsSync(join(ROOT, 'server/server.js'))) await buildServer(ROOT);
  if (!existsSync(join(ROOT, 'app/scripts/sidebar.js')) && existsSync(join(ROOT, 'ui/sidebar/main.ts'))) await buildFrontEnds(ROOT);
}

const COPIED = ['manifest.json', 'README.md', 'config', 'app', 'server/server.js', 'server/src/platform/platform-types.ts'];

function keep(source: string): boolean {
  const rel = relative(ROOT, source).split(sep).join('/');
  return !rel.startsWith('ui') && !rel.endsWith('.generated.js') && !rel.includes('node_modules');
}

export class AppFixture {
  readonly root: string;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 's4-app-'));
    for (const item of COPIED) {
      if (existsSync(join(ROOT, item))) cpSync(join(ROOT, item), join(this.root, item), { recursive: true, filter: keep });
    }
  }

  read(rel: string): string {
    return readFileSync(join(this.root, rel), 'utf8');
  }

  write(rel: string, text: string): this {
    mkdirSync(dirname(join(this.root, rel)), { recursive: true });
    writeFileSync(join(this.root, rel), text);
    return this;
  }

  edit(rel: string, change: (text: string) => string): this {
    const before = this.read(rel);
    const after = change(before);
    if (after === before) throw new Error(`fixture edit of ${rel} changed nothing`);
    return this.write(rel, after);
  }

  /** Sets (or, with `undefined`, deletes) the value at a path inside a JSON file. */
  setJson(rel: string, path: string[], value: unknown): this {
    const document = JSON.parse(this.read(rel)) as Record<string, unknown>;
    const parentPath = path.slice(0, -1);
    let parent: Record<string, unknown> = document;
    for (const key of parentPath) {
      const next = parent[key];
      if (next === null || typeof next !== 'object') throw new Error(`fixture: ${rel} has no ${path.join('.')}`);
      parent = next as Record<string, unknown>;
    }
    const last = path[path.length - 1] ?? '';
    if (value === undefined) delete parent[last];
    else parent[last] = value;
    return this.write(rel, JSON.stringify(document, null, 2));
  }

  /** Appends code to the built server.js; resolves to the line the code starts on. */
  appendToServer(code: string): number {
    const text = this.read('server/server.js');
    const line = text.split('\n').length + (text.endsWith('\n') ? 0 : 1);
    this.write('server/server.js', `${text}${text.endsWith('\n') ? '' : '\n'}${code}\n`);
    return line;
  }

  remove(rel: string): this {
    rmSync(join(this.root, rel), { recursive: true, force: true });
    return this;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
