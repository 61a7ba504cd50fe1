/**
 * npm run bench: the app measured on the local platform with the simulators (issues 8 and 13),
 * black-box (the built server/server.js driven through platform events, the simulators and the
 * server methods; every figure is the platform's own count): platform calls per use case, handler
 * time per event, bursts against the platform's request floor on the virtual clock and with a
 * slow SIGNL4, cost per unit of work, sidebar opens during a drain, and the built files' sizes.
 * Prints tables and writes bench/results.json. Expects a fresh `npm run build` (the npm script
 * runs it first). Environment: tools/bench/bench-config.ts (S4_BENCH_QUICK=1 for a short run).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchConfig } from './bench/bench-config.js';
import { runBurst, type BurstResult } from './bench/burst.js';
import { measureCosts } from './bench/costs.js';
import { formatReport, judgeBurst, judgeReads, targets, type BenchResults } from './bench/report.js';
import { measureSizes } from './bench/sizes.js';
import { measureTiming } from './bench/timing.js';
import { measureUnitCosts } from './bench/unit-costs.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function runBench(env: Readonly<Record<string, string | undefined>> = process.env): Promise<BenchResults> {
  const config = benchConfig(env);
  const started = performance.now();
  const progress = (text: string): void => void process.stderr.write(`bench: ${text}\n`);
  progress('platform calls per use case');
  const costs = await measureCosts();
  progress('handler time');
  const timing = await measureTiming(config.rounds);
  const plain: BurstResult[] = [];
  for (const size of config.bursts) {
    progress(`burst of ${size}`);
    plain.push(await runBurst(size));
  }
  const slow: BurstResult[] = [];
  for (const size of config.bursts) {
    progress(`burst of ${size}, SIGNL4 answering in ${config.latencyMs} ms`);
    slow.push(await runBurst(size, { s4LatencyMs: config.latencyMs, realBudgetSeconds: config.latencyBudgetSeconds }));
  }
  progress('cost per unit of work');
  const unitCosts = await measureUnitCosts({ foreignAlerts: config.foreignAlerts, tickets: config.singleTickets });
  progress(`burst of ${config.readsBurst} with sidebar opens at ${config.readsPerMinute} a minute`);
  const withReads = await runBurst(config.readsBurst, { readsPerMinute: config.readsPerMinute });
  const without = plain.find((b) => b.tickets === config.readsBurst) ?? (await runBurst(config.readsBurst));
  const measured = {
    at: new Date().toISOString(),
    commit: commit(),
    node: process.version,
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`,
    quick: config.quick,
    costs,
    timing,
    bursts: plain.map(judgeBurst),
    latencyBursts: slow.map(judgeBurst),
    unitCosts,
    reads: judgeReads(config.readsBurst, config.readsPerMinute, withReads, without),
    sizes: measureSizes(ROOT),
  };
  return { ...measured, targets: targets(measured), realSeconds: (performance.now() - started) / 1000 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await runBench();
  console.log(formatReport(results));
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwritten to bench/results.json');
}
