/**
 * The layout's rules (README, "Architecture"): server/src has no import cycle and nothing imports
 * upward; the browser bundles never reach server/src/platform (the one module that touches the FDK
 * globals). Type-only imports count: a cycle of types is still a cycle for the reader.
 */
import { assert } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/** server/src's folders, lowest first: a file may import its own folder or a lower one. */
const LAYERS = ['text', 'errors', 'platform', 'settings', 'freshservice', 'signl4', 'context', 'signl', 'records', 'work', 'forward', 'callbacks', 'methods', 'handlers', 'index.ts'];

type Graph = Map<string, string[]>;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports (import, import type, export from) of each file, as repository paths. */
function importGraph(files: string[], read: (file: string) => string): Graph {
  return new Map(files.map((file) => [file, [...read(file).matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => normalize(join(dirname(file), (m[1] ?? '').replace(/\.js$/, '.ts'))))]));
}

/** The folder of server/src a path lies in ('index.ts' for the entry), or undefined outside it. */
function layerOf(path: string): string | undefined {
  const rel = relative('server/src', path);
  return rel.startsWith('..') ? undefined : rel.split(sep)[0];
}

export function upwardImports(graph: Graph): string[] {
  const rank = (path: string): number => LAYERS.indexOf(layerOf(path) ?? '');
  return [...graph].flatMap(([file, imports]) => imports.filter((to) => layerOf(to) !== layerOf(file) && rank(to) > rank(file)).map((to) => `${file} -> ${to}`));
}

/** Every cycle's files, each cycle once (found by depth-first search). */
export function cycles(graph: Graph): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]): void => {
    const at = path.indexOf(file);
    if (at >= 0) {
      found.push(path.slice(at));
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

function reachable(graph: Graph, from: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...(graph.get(file) ?? []));
  }
  return seen;
}

describe('architecture', function () {
  describe('the checks themselves', function () {
    const fake = (files: Record<string, string[]>): Graph => new Map(Object.entries(files));
    it('finds an import from a lower folder to a higher one, and accepts the other direction', function () {
      const graph = fake({ 'server/src/work/a.ts': ['server/src/forward/b.ts'], 'server/src/forward/b.ts': ['server/src/work/c.ts'], 'server/src/work/c.ts': [] });
      assert.deepEqual(upwardImports(graph), ['server/src/work/a.ts -> server/src/forward/b.ts']);
    });
    it('finds a cycle through three files, and none in a chain', function () {
      assert.deepEqual(cycles(fake({ a: ['b'], b: ['c'], c: ['a'] })), [['a', 'b', 'c']]);
      assert.deepEqual(cycles(fake({ a: ['b'], b: ['c'], c: [] })), []);
    });
    it('reads import, import type and export-from, resolving .js to .ts', function () {
      const source = "import { x } from './x.js';\nimport type { Y } from '../y/y.js';\nexport { z } from './z.js';\nimport fs from 'node:fs';";
      assert.deepEqual(importGraph(['server/src/a/f.ts'], () => source).get('server/src/a/f.ts'), ['server/src/a/x.ts', 'server/src/y/y.ts', 'server/src/a/z.ts']);
    });
  });

  const server = tsFiles('server/src');
  const serverGraph = importGraph(server, (file) => readFileSync(file, 'utf8'));

  it('puts every folder of server/src in a layer', function () {
    assert.deepEqual([...new Set(server.map((file) => layerOf(file) ?? file))].filter((layer) => !LAYERS.includes(layer)), []);
  });

  it('has no import cycle in server/src', function () {
    assert.deepEqual(cycles(serverGraph), []);
  });

  it('has nothing in server/src importing a higher layer', function () {
    assert.deepEqual(upwardImports(serverGraph), []);
  });

  it('keeps the browser bundles away from server/src/platform', function () {
    const ui = tsFiles('ui');
    const graph = importGraph([...ui, ...server], (file) => readFileSync(file, 'utf8'));
    assert.deepEqual([...reachable(graph, ui)].filter((file) => layerOf(file) === 'platform'), []);
  });
});
