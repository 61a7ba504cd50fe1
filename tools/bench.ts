/**
 * npm run bench: the app measured on the local platform with the simulators (issue 8) — platform
 * calls per use case, handler time per event, bursts of 100 / 1,000 / 5,000 tickets against the
 * lower bound the platform's limits allow, and the size of the built files. Prints a table and
 * writes bench/results.json. Expects a fresh `npm run build` (the npm script runs it first).
 * S4_BENCH_ROUNDS (timing samples per event, default 300) and S4_BENCH_BURSTS (default
 * "100,1000,5000") shorten a run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBurst } from './bench/burst.js';
import { measureCosts } from './bench/costs.js';
import { formatReport, judgeBurst, perTicketCost, targets, type BenchResults } from './bench/report.js';
import { measureSizes } from './bench/sizes.js';
import { measureTiming } from './bench/timing.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function burstSizes(): number[] {
  return (process.env['S4_BENCH_BURSTS'] ?? '100,1000,5000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

export async function runBench(): Promise<BenchResults> {
  const started = performance.now();
  const progress = (text: string): void => void process.stderr.write(`bench: ${text}\n`);
  progress('platform calls per use case');
  const costs = await measureCosts();
  const perTicket = perTicketCost(costs);
  progress('handler time');
  const timing = await measureTiming(Number(process.env['S4_BENCH_ROUNDS'] ?? 300));
  const bursts = [];
  for (const size of burstSizes()) {
    progress(`burst of ${size}`);
    bursts.push(judgeBurst(await runBurst(size), perTicket));
  }
  return {
    at: new Date().toISOString(),
    commit: commit(),
    node: process.version,
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`,
    costs,
    perTicket,
    timing,
    bursts,
    sizes: measureSizes(ROOT),
    targets: targets(costs, bursts),
    realSeconds: (performance.now() - started) / 1000,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await runBench();
  console.log(formatReport(results));
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwritten to bench/results.json');
}
