import { assert } from 'chai';
import { AppError } from '../../../server/src/errors.js';
import { count, dayOf, DIAG_KEY, recordError } from '../../../server/src/sync/diagnostics-record.js';
import { fakeDeps } from '../../fakes/fake-deps.js';
import { storeRateLimited } from '../../fakes/memory-store.js';

describe('diagnostics record', () => {
  it('names UTC days as yyyymmdd', () => {
    assert.equal(dayOf(Date.UTC(2026, 0, 5, 23, 59)), '20260105');
  });

  it('counts totals and per-day values in one atomic increment', async () => {
    const deps = fakeDeps();
    await count(deps.store, deps.clock, deps.log, { fwd: 1, cbOk: 2 });
    await count(deps.store, deps.clock, deps.log, { fwd: 1 });
    assert.deepEqual(deps.store.peek(DIAG_KEY), { fwd: 2, d20261128_fwd: 2, cbOk: 2, d20261128_cbOk: 2 });
    assert.deepEqual(deps.store.opLog.map((o) => o.op), ['update', 'update']);
  });

  it('appends errors without secrets-bearing extras, message and fix capped', async () => {
    const deps = fakeDeps();
    await recordError(deps.store, deps.clock, deps.log, new AppError({ code: 'timeout', operation: 'signl4Event', message: 'm'.repeat(900), fix: 'f'.repeat(900), details: ['detail'] }));
    const stored = deps.store.peek<{ errors: Array<Record<string, unknown>> }>(DIAG_KEY)?.errors[0];
    assert.deepEqual(Object.keys(stored ?? {}).sort(), ['at', 'code', 'fix', 'message', 'operation']);
    assert.lengthOf(String(stored?.['message']), 500);
    assert.lengthOf(String(stored?.['fix']), 300);
  });

  it('never fails the use case when the store fails; it logs a warning instead', async () => {
    const deps = fakeDeps();
    deps.store.failures.push(storeRateLimited(), storeRateLimited());
    await count(deps.store, deps.clock, deps.log, { fail: 1 });
    await recordError(deps.store, deps.clock, deps.log, new AppError({ code: 'timeout', operation: 'o', message: 'm' }));
    assert.deepEqual(deps.log.lines.map((l) => l.level), ['warn', 'warn']);
  });
});
