import { assert } from 'chai';
import type { BurstResult } from '../../../tools/bench/burst.js';
import { judgeBurst, judgeReads } from '../../../tools/bench/report.js';

function burst(overrides: Partial<BurstResult>): BurstResult {
  return {
    tickets: 1000, delivered: 1000, duplicates: 0, lost: 0, drainMinutes: 63, stop: 'drained', requests: 1060, dbOps: 4150, scheduleOps: 3900,
    requestsRateLimited: 0, dbRateLimited: 0, failedInvocations: 0, killedInvocations: 0, maxInvocationMs: 400, perMinute: [], s4LatencyMs: 0, realSeconds: 8, ...overrides,
  };
}

describe('bench: verdicts', () => {
  it('judges a burst on its drain against the floor', () => {
    const verdict = judgeBurst(burst({}));
    assert.deepInclude(verdict, { floorMinutes: 20.2, ratio: 3.119, pass: false, judgedDrainMinutes: 63, projected: false });
    assert.deepInclude(judgeBurst(burst({ drainMinutes: 24 })), { ratio: 1.188, pass: true });
  });

  it('judges a cut latency burst on its projected drain, and says so', () => {
    const cut = { afterRealSeconds: 120, minutes: 20, delivered: 200, projectedDrainMinutes: 120 };
    assert.deepInclude(judgeBurst(burst({ drainMinutes: 70, s4LatencyMs: 500, cut })), { ratio: 5.941, pass: false, judgedDrainMinutes: 120, projected: true });
  });

  it('passes sidebar reads at 95 % shown, and gives the drain slowdown', () => {
    const reads = { opens: 20, shown: 19, share: 0.95, failures: {} };
    assert.deepInclude(judgeReads(1000, 20, burst({ drainMinutes: 25.2, reads }), burst({ drainMinutes: 21 })), { pass: true, slowdown: 0.2, drainWithReads: 25.2, drainWithout: 21 });
    const fewer = { opens: 20, shown: 18, share: 0.9, failures: {} };
    assert.deepInclude(judgeReads(1000, 20, burst({ reads: fewer }), burst({})), { pass: false, slowdown: 0 });
  });
});
