/**
 * What `npm run bench` runs, from the environment:
 * - S4_BENCH_QUICK=1: a short profile for tests and quick looks (bursts 100 and 300, 20 timing
 *   rounds, a 30 s real-time budget per latency burst, sidebar reads over a 100-ticket drain);
 * - S4_BENCH_BURSTS (default "1000,5000"): burst sizes, run on the virtual clock and with latency;
 * - S4_BENCH_ROUNDS (default 300): timing samples per event;
 * - S4_BENCH_LATENCY_MS (default 500): SIGNL4's answer time in the latency bursts;
 * - S4_BENCH_LATENCY_BUDGET_S (default 90): real seconds per latency burst before its latency
 *   is dropped and its drain projected (0 = run every latency burst to its end);
 * - S4_BENCH_READS_BURST (default 1000) and S4_BENCH_READS_PER_MINUTE (default 20): the drain
 *   the sidebar is opened during, and how often.
 */
export interface BenchConfig {
  quick: boolean;
  bursts: number[];
  rounds: number;
  latencyMs: number;
  latencyBudgetSeconds: number;
  readsBurst: number;
  readsPerMinute: number;
  foreignAlerts: number;
  singleTickets: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function count(env: Env, name: string, fallback: number, allowZero = false): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new RangeError(`${name} must be a whole number${allowZero ? '' : ' above 0'}, got "${raw}"`);
  return value;
}

export function benchConfig(env: Env): BenchConfig {
  const quick = env['S4_BENCH_QUICK'] === '1';
  const bursts = (env['S4_BENCH_BURSTS'] ?? (quick ? '100,300' : '1000,5000')).split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (bursts.length === 0) throw new RangeError(`S4_BENCH_BURSTS names no burst size: "${env['S4_BENCH_BURSTS'] ?? ''}"`);
  return {
    quick,
    bursts,
    rounds: count(env, 'S4_BENCH_ROUNDS', quick ? 20 : 300),
    latencyMs: count(env, 'S4_BENCH_LATENCY_MS', 500, true),
    latencyBudgetSeconds: count(env, 'S4_BENCH_LATENCY_BUDGET_S', quick ? 30 : 90, true),
    readsBurst: count(env, 'S4_BENCH_READS_BURST', quick ? 100 : 1000),
    readsPerMinute: count(env, 'S4_BENCH_READS_PER_MINUTE', 20),
    foreignAlerts: quick ? 5 : 20,
    singleTickets: quick ? 10 : 50,
  };
}
