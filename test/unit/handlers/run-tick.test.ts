import { assert } from 'chai';
import { QUEUE_KEY, readQueue, type QueueRecord } from '../../../server/src/work/delivery-queue.js';
import { DIAG_KEY, MAX_ERRORS } from '../../../server/src/records/diagnostics-record.js';
import { RESERVE_FLAG, RESERVE_MS } from '../../../server/src/work/park.js';
import { SEND_WITHIN_MS } from '../../../server/src/context/sync-context.js';
import { runTick } from '../../../server/src/handlers/run-tick.js';
import { AppError } from '../../../server/src/errors/errors.js';
import { fakeContext, storeState, ticketState, xidOf } from '../../fakes/fake-context.js';
import { fakeDeps, httpError, ok, type TestDeps } from '../../fakes/fake-deps.js';

/** Minute 1: not a tenth minute, when the tick also tidies the diagnostics record. */
const NOW = Date.UTC(2026, 10, 28, 12, 1, 0);
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ticket = (id: number, updated: number) => ({ id, subject: `T${id}`, status: 2, priority: 4, type: 'Incident', created_at: iso(updated), updated_at: iso(updated) });

async function queued(deps: TestDeps, ids: number[], cursor?: number): Promise<void> {
  const items: QueueRecord['items'] = {};
  for (const id of ids) {
    await storeState(deps, ticketState({ id, st: 'queued', ev: [], body: { Title: `#${id}`, 'X-S4-ExternalID': xidOf(id) } }));
    items[`d${id}`] = { k: 'd', t: id, n: 0, due: NOW - 1000, since: NOW - 60_000 + id, r: 'x' };
  }
  await deps.store.set(QUEUE_KEY, { v: 1, items, ...(cursor === undefined ? {} : { cursor }) });
  deps.store.resetCounts();
}

describe('runTick', () => {
  it('drains the queue first, then sweeps with the budget that is left and saves the new cursor', async () => {
    const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
    await queued(deps, [1, 2], NOW - 120_000);
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201)).on('fsListTickets', ok({ tickets: [ticket(9, NOW - 30_000)] }));
    const report = await runTick(ctx);
    assert.equal(report.drain.done, 2);
    assert.deepInclude(report.sweep ?? {}, { forwarded: 1, cursor: NOW - 30_000 });
    assert.equal(deps.store.peek<QueueRecord>(QUEUE_KEY)?.cursor, NOW - 30_000);
    assert.deepEqual(deps.request.calls.map((c) => c.template), ['signl4Event', 'signl4Event', 'fsListTickets', 'signl4Event']);
    assert.include(deps.log.text(), 'scheduled tick');
  });

  it('a queued delivery costs one operation more (SIGNL4’s confirmations are read first): the drain takes at most (48 - 3 writes) / 4 = 11 of them', async () => {
    const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
    const ids = Array.from({ length: 16 }, (_, i) => i + 1);
    await queued(deps, ids, NOW - 120_000);
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201)).on('fsListTickets', ok({ tickets: [100, 101].map((id) => ticket(id, NOW - 10_000 + id)) }));
    const report = await runTick(ctx);
    assert.equal(report.drain.done, 11);
    assert.equal(report.sweep?.forwarded ?? 0, 0, 'the two operations left are no delivery');
  });

  it('skips the sweep when the drain was throttled, leaving the minute to the throttled service', async () => {
    const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
    await queued(deps, [1]);
    deps.request.on('signl4Event', httpError(429));
    const report = await runTick(ctx);
    assert.isUndefined(report.sweep);
    assert.equal(deps.request.count('fsListTickets'), 0);
  });

  it('saves the claims its sweep must look at again with the cursor, and the next tick finishes them', async () => {
    const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
    await storeState(deps, ticketState({ id: 7, st: 'queued', ev: [], body: { Title: '#7', 'X-S4-ExternalID': xidOf(7) }, tl: [{ at: NOW - 5000, k: 'queued', t: 'Sending to SIGNL4.' }] }));
    await deps.store.set(DIAG_KEY, { fwd: 3 });
    await deps.store.set(QUEUE_KEY, { v: 1, items: {}, cursor: NOW - 60_000 });
    deps.request.on('fsListTickets', ok({ tickets: [ticket(7, NOW - 5000)] })).on('signl4Event', ok({ eventId: 'e' }, 201));
    await runTick(ctx);
    assert.deepEqual((await readQueue(deps.store)).recheck, { 7: NOW - 5000 });
    deps.clock.advance(60_000);
    deps.request.on('fsListTickets', ok({ tickets: [] }));
    await runTick(fakeContext({}, deps).ctx); // each tick is its own invocation, with its own 4 s to send
    assert.isUndefined((await readQueue(deps.store)).recheck, 'looked at and dropped');
    assert.deepEqual(Object.keys((await readQueue(deps.store)).items), ['d7'], 'queued for the drain');
    deps.clock.advance(2 * 60_000);
    await runTick(fakeContext({}, deps).ctx);
    assert.equal(deps.request.count('signl4Event'), 1, 'the stopped handler’s Signl was sent, once (SIGNL4 had never confirmed it)');
  });

  it('does not write the cursor when the sweep did not move it', async () => {
    const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
    await deps.store.set(QUEUE_KEY, { v: 1, items: {}, cursor: NOW - 60_000 });
    deps.store.resetCounts();
    deps.request.on('fsListTickets', ok({ tickets: [] }));
    await runTick(ctx);
    assert.notInclude(deps.store.opLog.filter((o) => o.key === QUEUE_KEY).map((o) => o.op), 'update');
  });

  it('trims the stored errors to the newest 30 every ten minutes, and only then', async () => {
    for (const [minute, expected] of [
      [0, MAX_ERRORS],
      [1, MAX_ERRORS + 5],
    ] as const) {
      const deps = fakeDeps(Date.UTC(2026, 10, 28, 12, minute, 0));
      const { ctx } = fakeContext({}, deps);
      deps.request.on('fsListTickets', ok({ tickets: [] }));
      await deps.store.set(DIAG_KEY, { errors: Array.from({ length: MAX_ERRORS + 5 }, (_, i) => ({ at: i })) });
      await runTick(ctx);
      const errors = deps.store.peek<{ errors: Array<{ at: number }> }>(DIAG_KEY)?.errors ?? [];
      assert.lengthOf(errors, expected, `minute ${minute}`);
      if (minute === 0) assert.equal(errors[0]?.at, 5, 'the oldest are dropped');
    }
  });

  describe('the minute’s $db budget', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ticket(100 + i, NOW - 50_000 + i));

    it('spends it on deliveries: one queue read, three operations a ticket (one is SIGNL4’s callback), one queue write', async () => {
      const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
      await deps.store.set(QUEUE_KEY, { v: 1, items: {}, cursor: NOW - 60_000 });
      deps.store.resetCounts();
      deps.request.on('fsListTickets', ok({ tickets: many(40) })).on('signl4Event', ok({ eventId: 'e' }, 201));
      const report = await runTick(ctx);
      assert.equal(report.sweep?.forwarded, 22, 'two operations a ticket, sent eight at a time, with a write of the record of what was sent after each eight');
      assert.equal(deps.store.ops, 1 + 22 + 3 + 1, "the queue read, a claim each, three writes of the record of what was sent, the cursor; SIGNL4's 22 confirmations take the rest of the 50 but one");
      assert.deepEqual(deps.store.opLog.filter((o) => o.key === QUEUE_KEY).map((o) => o.op), ['get', 'update']);
    });

    it('leaves room while parked work waits to come back', async () => {
      const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
      await deps.scheduler.create({ name: RESERVE_FLAG, data: { job: 'reserve' }, scheduleAt: new Date(NOW + RESERVE_MS) });
      deps.request.on('fsListTickets', ok({ tickets: many(40) })).on('signl4Event', ok({ eventId: 'e' }, 201));
      await deps.store.set('q', { v: 1, items: {}, cursor: NOW - 600_000 });
      const report = await runTick(ctx);
      assert.equal(report.sweep?.forwarded, 16, '36 left: two groups of eight, each 8 x 2 + 1 for its record');
    });

    it('leaves room when it cannot tell whether parked work waits, and says so', async () => {
      const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
      deps.scheduler.failing.exists = new AppError({ code: 'unavailable', operation: 'schedule fetch', message: 'down' });
      deps.request.on('fsListTickets', ok({ tickets: many(40) })).on('signl4Event', ok({ eventId: 'e' }, 201));
      await deps.store.set('q', { v: 1, items: {}, cursor: NOW - 600_000 });
      const report = await runTick(ctx);
      assert.equal(report.sweep?.forwarded, 16, '36 left: two groups of eight, each 8 x 2 + 1 for its record');
      assert.include(deps.log.text(), 'leaving room');
    });

    it('keeps small name maps it fetched in the queue index, and reads them from there next minute', async () => {
      const { ctx, deps } = fakeContext({ filter_groups: ['Network'] }, fakeDeps(NOW));
      await deps.store.set(QUEUE_KEY, { v: 1, items: {}, cursor: NOW - 60_000 });
      deps.request.on('fsListTickets', ok({ tickets: [{ ...ticket(9, NOW - 30_000), group_id: 4 }] }), ok({ tickets: [{ ...ticket(10, NOW - 20_000), group_id: 4 }] }));
      deps.request.on('fsListGroups', ok({ groups: [{ id: 4, name: 'Network' }] })).on('signl4Event', ok({ eventId: 'e' }, 201));
      await runTick(ctx);
      assert.deepEqual((await readQueue(deps.store)).names?.groups?.map, { '4': 'Network' });
      deps.store.resetCounts();
      const second = await runTick(ctx);
      assert.equal(second.sweep?.forwarded, 1);
      assert.notInclude(deps.store.opLog.map((o) => o.key), 'ref', 'no reference-cache read');
      assert.equal(deps.request.count('fsListGroups'), 1);
    });

    it('does not copy name maps larger than 1 KB into the queue index (the sweep reads the reference cache instead)', async () => {
      const { ctx, deps } = fakeContext({ filter_groups: ['Network'] }, fakeDeps(NOW));
      await deps.store.set(QUEUE_KEY, { v: 1, items: {}, cursor: NOW - 60_000 });
      const groups = Array.from({ length: 60 }, (_, i) => ({ id: 4 + i, name: i === 0 ? 'Network' : `Regional service desk ${i}` }));
      deps.request.on('fsListTickets', ok({ tickets: [{ ...ticket(9, NOW - 30_000), group_id: 4 }] })).on('fsListGroups', ok({ groups })).on('signl4Event', ok({ eventId: 'e' }, 201));
      const report = await runTick(ctx);
      assert.equal(report.sweep?.forwarded, 1);
      assert.isUndefined((await readQueue(deps.store)).names);
      assert.isAtMost(Buffer.byteLength(JSON.stringify(deps.store.peek(QUEUE_KEY))), 200);
    });
  });

  describe('the 20 s a handler has', () => {
    /** A send answered `ms` after it started; sends that overlap share the time (the clock ends at the latest answer). */
    const slowly = (deps: TestDeps, ms: number) => async () => {
      const started = deps.clock.now();
      await new Promise((resolve) => setImmediate(resolve));
      deps.clock.set(Math.max(deps.clock.now(), started + ms));
      return { status: 201, headers: {}, body: { eventId: 'e' } };
    };

    it('starts no delivery after SEND_WITHIN_MS, in the drain or in the sweep, and saves how far it got', async () => {
      const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
      await queued(deps, [1, 2, 3], NOW - 120_000);
      deps.request.on('signl4Event', slowly(deps, SEND_WITHIN_MS / 2)).on('fsListTickets', ok({ tickets: [ticket(9, NOW - 30_000)] }));
      const report = await runTick(ctx);
      assert.equal(deps.request.count('signl4Event'), 2, 'the third would start at the limit');
      assert.equal(report.drain.stoppedBy, 'out of time for this minute');
      assert.isUndefined(report.sweep);
      assert.deepEqual(Object.keys(deps.store.peek<QueueRecord>(QUEUE_KEY)?.items ?? {}), ['d3']);
    });

    it('the sweep stops in time too, with its cursor at the last ticket handled', async () => {
      const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
      await deps.store.set(QUEUE_KEY, { v: 1, items: {}, cursor: NOW - 60_000 });
      // Twenty tickets, each send taking 2.5 s: eight at a time, so sends start at 0 s and 2.5 s; at 5 s none may start.
      deps.request.on('fsListTickets', ok({ tickets: Array.from({ length: 20 }, (_, i) => ticket(i + 1, NOW - 50_000 + (i + 1) * 1000)) })).on('signl4Event', slowly(deps, 2500));
      const report = await runTick(ctx);
      assert.deepInclude(report.sweep ?? {}, { forwarded: 16, cursor: NOW - 34_000, stoppedBy: 'out of time for this minute' });
      assert.equal((await readQueue(deps.store)).cursor, NOW - 34_000);
    });
  });
});
