/**
 * npm run pack: build, validate (stop on errors and on warnings fdk pack refuses, such as an http
 * request template), then write dist/<package name>.zip with what `fdk pack` ships
 * (fdk-platform.md §6.5): manifest.json, README.md, config/ (without TypeScript or *.generated.js),
 * server/server.js and server/lib/, the built app/ — and nothing else: no ui or server/src,
 * no tests or server/test_data, no node_modules, coverage, source maps or .ts files.
 * FDK's own .report.json (coverage from `fdk run`) and digest.md5 are not produced here.
 */
import AdmZip from 'adm-zip';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFrontEnds, buildServer } from './build.js';
import { report } from './validate.js';
import { listFiles } from './validate/app-tree.js';
import { isError, validateApp, type Problem } from './validate/index.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Entries get one fixed timestamp, so the same tree packs to the same bytes. */
const ENTRY_TIME = new Date(2026, 0, 1, 0, 0, 0);

const ROOT_FILES = ['manifest.json', 'README.md'];
const NEVER_DIRS = new Set(['node_modules', 'test', 'tests', '__tests__', 'test_data', 'coverage', 'src']);
const NEVER_FILES = /(?:\.ts|\.tsx|\.map|\.generated\.js|\.tsbuildinfo)$|(?:^|\/)(?:tsconfig[^/]*\.json|package(?:-lock)?\.json)$/;

/** Whether `fdk pack` ships this file (a path relative to the app root, forward slashes). */
export function isShipped(rel: string): boolean {
  if (ROOT_FILES.includes(rel)) return true;
  const segments = rel.split('/');
  if (segments.some((segment) => segment.startsWith('.') || NEVER_DIRS.has(segment)) || NEVER_FILES.test(rel)) return false;
  const [top, second] = segments;
  if (top === 'app' || top === 'config') return segments.length > 1;
  return top === 'server' && (rel === 'server/server.js' || (second === 'lib' && segments.length > 2));
}

export async function shippedFiles(root: string): Promise<string[]> {
  const listed = await Promise.all(['app', 'config', 'server'].map((dir) => listFiles(root, dir)));
  return [...ROOT_FILES, ...listed.flat()].filter(isShipped).filter((rel) => {
    try {
      return statSync(join(root, rel)).isFile();
    } catch {
      return false;
    }
  });
}

export interface PackResult {
  file: string;
  bytes: number;
  entries: string[];
}

/** Writes the zip of the shipped files; no build, no validation (packApp does both). */
export async function writePack(root: string, outFile: string): Promise<PackResult> {
  const entries = (await shippedFiles(root)).sort();
  const zip = new AdmZip();
  for (const entry of entries) {
    zip.addFile(entry, readFileSync(join(root, entry)));
    const added = zip.getEntry(entry);
    if (added !== null) added.header.time = ENTRY_TIME;
  }
  mkdirSync(dirname(outFile), { recursive: true });
  await zip.writeZipPromise(outFile);
  return { file: outFile, bytes: statSync(outFile).size, entries };
}

export function packName(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown };
  if (typeof pkg.name !== 'string' || pkg.name === '') throw new Error('package.json has no "name" to name the zip after');
  return `${pkg.name.replace(/^@[^/]+\//, '')}.zip`;
}

/** What stops packing: validation errors, and warnings fdk pack refuses. */
export function blockers(problems: ReadonlyArray<Problem>): Problem[] {
  return problems.filter((problem) => isError(problem) || problem.blocksPack === true);
}

export type PackOutcome = ({ ok: true } & PackResult & { problems: Problem[] }) | { ok: false; problems: Problem[] };

export async function packApp(root: string, options: { outFile?: string; build?: boolean } = {}): Promise<PackOutcome> {
  if (options.build === true) {
    await buildServer(root);
    await buildFrontEnds(root);
  }
  const problems = await validateApp(root);
  if (blockers(problems).length > 0) return { ok: false, problems };
  const written = await writePack(root, options.outFile ?? join(root, 'dist', packName(root)));
  return { ok: true, ...written, problems };
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outcome = await packApp(ROOT, { build: true });
  if (outcome.problems.length > 0) console.log(report(outcome.problems));
  if (outcome.ok) {
    console.log(outcome.entries.map((entry) => `  ${entry}`).join('\n'));
    console.log(`packed ${relative(process.cwd(), resolve(outcome.file)) || outcome.file} (${size(outcome.bytes)}, ${outcome.entries.length} files)`);
  } else {
    console.log('pack: not packed; fix the problems above (errors, and warnings marked "blocks npm run pack")');
    process.exitCode = 1;
  }
}
