/**
 * npm run build: the serverless bundle and the front-end scripts the FDK loads.
 * - server/src/index.ts -> server/server.js: a plain script at ECMAScript 2020 whose last statement is
 *   the `exports = { name: function (args) { ... } }` literal the FDK reads (written in index.ts);
 *   manifest dependencies (ajv) are loaded by literal `require` (tools/build/manifest-requires.ts).
 * - every bundle passes tools/build/let-and-const.ts (FDK 10 refuses `var`).
 * - ui/<entry>/main.ts -> app/scripts/<entry>.js; ui/iparams/main.ts -> config/assets/iparams.js,
 *   followed by the inline <script id="platform-entry-points"> of config/iparams.html (the top-level
 *   getConfigs/postConfigs/validate the platform calls), so the asset declares them too.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { letAndConst } from './build/let-and-const.js';
import { manifestRequires } from './build/manifest-requires.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Packages the bundle leaves to the FDK's own install (manifest.json "dependencies"). */
export function manifestDependencies(root = ROOT): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {});
}

/** Rewrites a bundle in place with let/const for its declarations. */
function finish(outfile: string): void {
  writeFileSync(outfile, letAndConst(outfile, readFileSync(outfile, 'utf8')));
}

export async function buildServer(root = ROOT): Promise<string> {
  const outfile = join(root, 'server/server.js');
  await build({
    entryPoints: [join(root, 'server/src/index.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'es2020',
    plugins: [manifestRequires(manifestDependencies(root))],
    legalComments: 'none',
    logLevel: 'warning',
    logOverride: { 'commonjs-variable-in-esm': 'silent' },
    banner: { js: '/* SIGNL4 for Freshservice: built by tools/build.ts from server/src. Do not edit. */' },
  });
  finish(outfile);
  return outfile;
}

const FRONT_ENDS: ReadonlyArray<{ entry: string; out: string; footerFrom?: string }> = [
  { entry: 'ui/sidebar/main.ts', out: 'app/scripts/sidebar.js' },
  { entry: 'ui/diagnostics/main.ts', out: 'app/scripts/diagnostics.js' },
  { entry: 'ui/iparams/main.ts', out: 'config/assets/iparams.js', footerFrom: 'config/iparams.html' },
];

/** The text of the page's <script id="platform-entry-points">, re-indented to the left margin. */
export function entryPointsScript(html: string): string {
  const code = /<script id="platform-entry-points">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (code === undefined) throw new Error('config/iparams.html has no <script id="platform-entry-points">');
  const lines = code.split('\n').filter((line) => line.trim() !== '');
  const indent = Math.min(...lines.map((line) => /^ */.exec(line)?.[0].length ?? 0));
  return lines.map((line) => line.slice(indent)).join('\n');
}

export async function buildFrontEnds(root = ROOT): Promise<string[]> {
  const written: string[] = [];
  for (const { entry, out, footerFrom } of FRONT_ENDS) {
    if (!existsSync(join(root, entry))) continue;
    const outfile = join(root, out);
    mkdirSync(dirname(outfile), { recursive: true });
    await build({
      entryPoints: [join(root, entry)],
      outfile,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      legalComments: 'none',
      logLevel: 'warning',
      ...(footerFrom === undefined ? {} : { footer: { js: entryPointsScript(readFileSync(join(root, footerFrom), 'utf8')) } }),
    });
    finish(outfile);
    written.push(outfile);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await buildServer();
  const fronts = await buildFrontEnds();
  for (const file of [server, ...fronts]) console.log(`built ${file.slice(ROOT.length)}`);
}
