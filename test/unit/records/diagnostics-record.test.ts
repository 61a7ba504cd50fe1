import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { count, dayOf, DIAG_KEY, evidenceKey, MAX_ERRORS, recordError, signl4Evidence, tidyDiagnostics } from '../../../server/src/records/diagnostics-record.js';
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

describe('SIGNL4’s confirmations as evidence', () => {
  it('leaves the evidence key in the same increment as the day’s count (one operation)', async () => {
    const deps = fakeDeps();
    await count(deps.store, deps.clock, deps.log, { fwd: 1 }, evidenceKey(42, 2));
    assert.equal(deps.store.ops, 1);
    assert.deepInclude(deps.store.peek<Record<string, unknown>>(DIAG_KEY), { s42_2: 1, fwd: 1 });
  });

  it('says confirmed, absent (confirmations do arrive), or unknown (none ever did)', async () => {
    const deps = fakeDeps();
    assert.equal(await signl4Evidence(deps.store, 42, 1), 'unknown');
    await count(deps.store, deps.clock, deps.log, { fwd: 1 }, evidenceKey(42, 1));
    assert.equal(await signl4Evidence(deps.store, 42, 1), 'confirmed');
    assert.equal(await signl4Evidence(deps.store, 42, 2), 'absent');
  });

  it('keeps each key 10 to 20 minutes: a tidy remembers the keys it sees and removes them the next time; errors are trimmed', async () => {
    const deps = fakeDeps();
    const read = (): Record<string, unknown> | undefined => deps.store.peek<Record<string, unknown>>(DIAG_KEY);
    await count(deps.store, deps.clock, deps.log, { fwd: 1 }, evidenceKey(1, 1));
    await deps.store.update(DIAG_KEY, 'set', { errors: Array.from({ length: MAX_ERRORS + 3 }, (_, i) => ({ at: i })) });
    await tidyDiagnostics(deps.store, read(), deps.clock.now());
    await count(deps.store, deps.clock, deps.log, { fwd: 1 }, evidenceKey(2, 1));
    assert.deepInclude(read(), { s1_1: 1, s2_1: 1, seen: ['s1_1'] });
    assert.lengthOf(read()?.['errors'] as unknown[], MAX_ERRORS);
    await tidyDiagnostics(deps.store, read(), deps.clock.now());
    const after = read();
    assert.notProperty(after, 's1_1');
    assert.deepInclude(after, { s2_1: 1, seen: ['s2_1'], fwd: 2 });
    deps.store.resetCounts();
    await tidyDiagnostics(deps.store, undefined, deps.clock.now());
    await tidyDiagnostics(deps.store, { fwd: 3, [`d${dayOf(deps.clock.now())}_fwd`]: 3 }, deps.clock.now());
    assert.equal(deps.store.ops, 0, 'nothing to tidy: no write');
  });

  it('removes day counters older than two weeks, keeping the week the diagnostics page shows', async () => {
    const deps = fakeDeps();
    const now = deps.clock.now();
    const day = (back: number) => `d${dayOf(now - back * 86_400_000)}`;
    await deps.store.set(DIAG_KEY, { fwd: 9, [`${day(0)}_fwd`]: 1, [`${day(7)}_fwd`]: 2, [`${day(14)}_cbOk`]: 3, [`${day(15)}_fwd`]: 4, [`${day(400)}_fail`]: 5 });
    await tidyDiagnostics(deps.store, deps.store.peek(DIAG_KEY), now);
    assert.deepEqual(Object.keys(deps.store.peek<Record<string, unknown>>(DIAG_KEY) ?? {}).sort(), ['fwd', `${day(0)}_fwd`, `${day(14)}_cbOk`, `${day(7)}_fwd`].sort());
  });
});
