/**
 * npm run screenshots: regenerates every PNG in docs/screenshots/ by running the browser tests
 * (test/browser/**\/*.test.ts, whichever they are) with S4_SCREENSHOTS=1; each test saves its
 * pictures at the moment it has asserted what they show (the sidebar states, the installation page,
 * Diagnostics, the stage with its faults and Diagnostics during a burst). Then it names any PNG that
 * no test wrote, since a picture nothing regenerates can no longer be trusted, and exits 1 for it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './build.js';

const SHOTS = join(ROOT, 'docs', 'screenshots');
const TESTS = join(ROOT, 'test', 'browser');

function browserTests(): string[] {
  return readdirSync(TESTS, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => relative(ROOT, join(TESTS, name)))
    .sort();
}

function pictures(): Array<{ name: string; written: number }> {
  return readdirSync(SHOTS)
    .filter((name) => name.endsWith('.png'))
    .map((name) => ({ name, written: statSync(join(SHOTS, name)).mtimeMs }));
}

const started = Date.now();
const tests = browserTests();
console.log(`Regenerating docs/screenshots/ with ${tests.length} browser test files: ${tests.join(', ')}`);
const mocha = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--node-option', 'import=tsx', '--extension', 'ts', '--require', 'test/setup.ts', '--timeout', '120000', ...tests],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, S4_SCREENSHOTS: '1' } },
);

const all = pictures();
const fresh = all.filter((shot) => shot.written >= started).map((shot) => shot.name);
const stale = all.filter((shot) => shot.written < started).map((shot) => shot.name);
console.log(`Written (${fresh.length}): ${fresh.join(', ') || 'none'}`);
if (stale.length > 0) console.log(`Not written by any test (${stale.length}), so out of date: ${stale.join(', ')}. Make a test take it, or delete it.`);
if (mocha.status !== 0) console.log('Some browser tests failed; their pictures may be missing.');
process.exit(mocha.status !== 0 || stale.length > 0 ? 1 : 0);
