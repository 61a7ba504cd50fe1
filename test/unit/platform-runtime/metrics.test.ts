import { assert } from 'chai';
import { createMetrics } from '../../../tools/platform/platform-metrics.js';
import type { InvocationResult } from '../../../tools/platform/platform-types.js';

function invocation(id: number, durationMs: number, ok = true): InvocationResult {
  return { id, handler: 'h', event: 'onScheduledEvent', kind: 'event', ok, durationMs, platformMs: 0, startedAt: 0, requests: 1, dbOps: 2, scheduleOps: 1, logs: [] };
}

describe('platform runtime: metrics', () => {
  it('keeps the longest invocation time, and forgets it on reset', () => {
    const metrics = createMetrics(2);
    metrics.record(invocation(1, 120));
    metrics.record(invocation(2, 4250.5, false));
    metrics.record(invocation(3, 80));
    assert.strictEqual(metrics.totals.maxDurationMs, 4250.5);
    assert.strictEqual(metrics.totals.invocations, 3);
    assert.strictEqual(metrics.totals.failedInvocations, 1);
    assert.deepEqual(metrics.invocations.map((i) => i.id), [2, 3]); // the list is capped, the maximum is not
    metrics.reset();
    assert.strictEqual(metrics.totals.maxDurationMs, 0);
  });
});
