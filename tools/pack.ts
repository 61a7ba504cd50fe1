/**
 * npm run pack: build, validate (stop on errors and on warnings fdk pack refuses, such as an http
 * request template), then write dist/<package name>.zip with exactly what `fdk pack` ships
 * (docs/platform-rules.md, "Packing"): all of app/, a root src/ and config/; server/ files ending
 * .js or .pem outside node_modules, etc and test_data folders; manifest.json, actions.json,
 * .report.json and README.md; never a dotfile. Because fdk pack would ship them, a TypeScript
 * source, tsconfig or source map inside the shipped folders stops the pack (the front-end sources
 * live in ui/ for that reason), and so does a zip over 5,000,000 bytes.
 * FDK's own .report.json (coverage from `fdk run`) and digest.md5 are not produced here.
 */
import AdmZip from 'adm-zip';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFrontEnds, buildServer } from './build.js';
import { report } from './validate.js';
import { listFiles } from './validate/app-tree.js';
import { isError, validateApp, type Problem } from './validate/index.js';
import { error } from './validate/problem.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Entries get one fixed timestamp, so the same tree packs to the same bytes. */
const ENTRY_TIME = new Date(2026, 0, 1, 0, 0, 0);
/** CLI69 lib/validations/pkgsize.js. */
export const MAX_PACK_BYTES = 5_000_000;

const ROOT_FILES = ['manifest.json', 'actions.json', '.report.json', 'README.md'];
const WHOLE_DIRS = new Set(['app', 'src', 'config']);
const NEVER_NAMES = new Set(['.Spotlight-V100', '.Trashes', 'Thumbs.db', 'desktop.ini']);
const SERVER_FILE = /\.(?:js|pem)$/;
/** CLI69 matches the end of a folder's name (`node_modules$|etc$|test_data$`), so `fetc/` is skipped too. */
const SERVER_SKIPPED_DIR = /(?:node_modules|etc|test_data)$/;
/** What must not be in a shipped folder: it would reach the marketplace zip. */
const SOURCE_FILE = /(?:\.tsx?|\.map|\.tsbuildinfo)$|(?:^|\/)tsconfig[^/]*\.json$/;

/** Whether `fdk pack` ships this file (a path relative to the app root, forward slashes). */
export function isShipped(rel: string): boolean {
  if (ROOT_FILES.includes(rel)) return true;
  const segments = rel.split('/');
  if (segments.length < 2 || segments.some((segment) => segment.startsWith('.') || NEVER_NAMES.has(segment))) return false;
  const top = segments[0] ?? '';
  if (WHOLE_DIRS.has(top)) return true;
  return top === 'server' && SERVER_FILE.test(rel) && !segments.slice(1, -1).some((dir) => SERVER_SKIPPED_DIR.test(dir));
}

export async function shippedFiles(root: string): Promise<string[]> {
  const listed = await Promise.all(['app', 'src', 'config', 'server'].map((dir) => listFiles(root, dir)));
  return [...ROOT_FILES, ...listed.flat()].filter(isShipped).filter((rel) => {
    try {
      return statSync(join(root, rel)).isFile();
    } catch {
      return false;
    }
  });
}

/** Sources and build files that fdk pack would ship because they sit in a shipped folder. */
export function sourcesShipped(entries: readonly string[]): Problem[] {
  return entries
    .filter((entry) => SOURCE_FILE.test(entry))
    .map((entry) => error(entry, '(file)', 'would be shipped by fdk pack (it packs every file of app/, src/ and config/)', 'keep TypeScript sources, tsconfig files and source maps outside app/, src/ and config/ (the front-end sources live in ui/)'));
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
  const problems = [...(await validateApp(root)), ...sourcesShipped(await shippedFiles(root))];
  if (blockers(problems).length > 0) return { ok: false, problems };
  const written = await writePack(root, options.outFile ?? join(root, 'dist', packName(root)));
  if (written.bytes > MAX_PACK_BYTES) {
    rmSync(written.file);
    const tooBig = error(relative(root, written.file), '(file)', `is ${written.bytes} bytes; fdk pack refuses more than ${MAX_PACK_BYTES}`, 'ship less: large assets, unused scripts');
    return { ok: false, problems: [...problems, tooBig] };
  }
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
