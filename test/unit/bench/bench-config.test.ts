import { assert } from 'chai';
import { benchConfig } from '../../../tools/bench/bench-config.js';

describe('bench: configuration from the environment', () => {
  it('runs the 1,000 and 5,000 bursts with a 500 ms SIGNL4 by default', () => {
    assert.deepEqual(benchConfig({}), {
      quick: false,
      bursts: [1000, 5000],
      rounds: 300,
      latencyMs: 500,
      latencyBudgetSeconds: 90,
      readsBurst: 1000,
      readsPerMinute: 20,
      foreignAlerts: 20,
      singleTickets: 50,
    });
  });

  it('has a short profile, and S4_BENCH_BURSTS still chooses the bursts', () => {
    const quick = benchConfig({ S4_BENCH_QUICK: '1' });
    assert.deepEqual([quick.bursts, quick.rounds, quick.latencyBudgetSeconds, quick.readsBurst], [[100, 300], 20, 30, 100]);
    assert.deepEqual(benchConfig({ S4_BENCH_BURSTS: '200, 700', S4_BENCH_LATENCY_BUDGET_S: '0' }).bursts, [200, 700]);
    assert.strictEqual(benchConfig({ S4_BENCH_LATENCY_BUDGET_S: '0' }).latencyBudgetSeconds, 0);
  });

  it('refuses values that would measure nothing', () => {
    assert.throws(() => benchConfig({ S4_BENCH_BURSTS: 'many' }), RangeError, /S4_BENCH_BURSTS/);
    assert.throws(() => benchConfig({ S4_BENCH_ROUNDS: '0' }), RangeError, /S4_BENCH_ROUNDS/);
    assert.throws(() => benchConfig({ S4_BENCH_READS_PER_MINUTE: '2.5' }), RangeError, /S4_BENCH_READS_PER_MINUTE/);
  });
});
