import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { QUEUE_KEY, type QueueItem, type QueueRecord } from '../../../server/src/work/delivery-queue.js';
import { asParkedJob, bytes, enqueueOrPark, fitted, MAX_PARKED_BYTES, origin, park, PARK_DELAY_MS, parkedWorkWaiting, removeGuard, RESERVE_FLAG, RESERVE_MS, scheduleDataSize, withParkedText, type ParkedJob } from '../../../server/src/work/park.js';
import { splitText } from '../../../server/src/work/parked-text.js';
import { fakeDeps } from '../../fakes/fake-deps.js';
import { storeRateLimited, storeUnavailable } from '../../fakes/memory-store.js';
import { rejects } from '../../fakes/rejects.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const delivery: QueueItem = { k: 'd', t: 7, n: 0, due: NOW, since: NOW, r: 'SIGNL4 answered 503' };
const ack = { id: 'n-1', type: 201, code: 2, xid: 'FS-acme-7-1-0123456789', user: 'Sam' };

describe('park', () => {
  it('parks a callback in a one-time schedule six minutes ahead, and raises the reserve flag for the tick', async () => {
    const deps = fakeDeps(NOW);
    assert.isTrue(await park(deps, { job: 'callback', cb: ack, ...origin(NOW) }));
    const parked = deps.scheduler.schedules.get('s4-cb-n-1-0');
    assert.deepEqual(parked?.data, { job: 'callback', cb: ack, since: NOW, k: 0 });
    assert.equal(parked?.scheduleAt.getTime(), NOW + PARK_DELAY_MS);
    assert.equal(deps.scheduler.schedules.get(RESERVE_FLAG)?.scheduleAt.getTime(), NOW + RESERVE_MS);
    assert.isTrue(await parkedWorkWaiting(deps));
    assert.include(deps.log.text(), 'parked');
  });

  it('names each comeback anew (the running schedule may still exist) and keeps the first parking time', async () => {
    const deps = fakeDeps(NOW + 5 * 60_000);
    const again = origin(NOW + 5 * 60_000, { since: NOW, k: 0 });
    assert.deepEqual(again, { since: NOW, k: 1 });
    await park(deps, { job: 'item', item: delivery, ...again });
    assert.deepEqual([...deps.scheduler.schedules.keys()], ['s4-q-d7-1'], 'a delivery needs no reserve: one operation when it comes back');
  });

  it('extends the reserve flag on every parking of a callback (or its queued rest), so it outlives the newest', async () => {
    const deps = fakeDeps(NOW);
    await park(deps, { job: 'callback', cb: ack, ...origin(NOW) });
    deps.clock.advance(4 * 60_000);
    const rest: QueueItem = { k: 'c', t: 7, n: 0, due: NOW, since: NOW, r: 'x', cb: ack, plan: { note: 'n', timeline: { k: 'acknowledged', t: 'x' } }, noteDone: false };
    await park(deps, { job: 'item', item: rest, ...origin(deps.clock.now()) });
    assert.equal(deps.scheduler.schedules.get(RESERVE_FLAG)?.scheduleAt.getTime(), NOW + 4 * 60_000 + RESERVE_MS);
  });

  it('parks the same job once: a second parking under its name is no new schedule', async () => {
    const deps = fakeDeps(NOW);
    await park(deps, { job: 'callback', cb: ack, ...origin(NOW) });
    await park(deps, { job: 'callback', cb: ack, ...origin(NOW) });
    assert.lengthOf([...deps.scheduler.schedules.keys()].filter((name) => name.startsWith('s4-cb-')), 1);
  });

  it('gives up on a job first parked more than a day ago, parking nothing', async () => {
    const deps = fakeDeps(NOW);
    assert.isFalse(await park(deps, { job: 'callback', cb: ack, since: NOW - 25 * 3_600_000, k: 250 }));
    assert.equal(deps.scheduler.schedules.size, 0);
  });

  it('cuts a long annotation until the job fits the 4 KB schedule data (multi-byte text measured in bytes)', () => {
    const job: ParkedJob = { job: 'callback', cb: { ...ack, type: 203, text: 'Ü'.repeat(4000) }, since: NOW, k: 0 };
    const fit = fitted(job);
    assert.isAtMost(bytes(fit), MAX_PARKED_BYTES);
    assert.match(fit.job === 'callback' ? (fit.cb.text ?? '') : '', /^Ü+…$/);
    assert.lengthOf(job.cb.text ?? '', 4000, 'the original is left alone');
  });

  it('keeps a queued callback’s note (cut to fit) and drops its copy of the annotation', () => {
    const item: QueueItem = { k: 'c', t: 7, n: 0, due: NOW, since: NOW, r: 'x', cb: { ...ack, type: 203, text: 'a'.repeat(4000) }, plan: { note: 'b'.repeat(4000), timeline: { k: 'annotated', t: 'x' } }, noteDone: false };
    const fit = fitted({ job: 'item', item, since: NOW, k: 0 });
    assert.isAtMost(bytes(fit), MAX_PARKED_BYTES);
    const kept = fit.job === 'item' && fit.item.k === 'c' ? fit.item : undefined;
    assert.isUndefined(kept?.cb.text);
    assert.match(kept?.plan.note ?? '', /^b+…$/);
  });
});

describe('enqueueOrPark', () => {
  it('queues the item when the queue record can be written', async () => {
    const deps = fakeDeps(NOW);
    assert.equal(await enqueueOrPark(deps, delivery), 'queued');
    assert.deepEqual(deps.store.peek<QueueRecord>(QUEUE_KEY)?.items, { d7: delivery });
    assert.equal(deps.scheduler.schedules.size, 0);
  });

  it('parks the item when the $db budget of the minute is spent', async () => {
    const deps = fakeDeps(NOW);
    deps.store.failWhen(() => storeRateLimited());
    assert.equal(await enqueueOrPark(deps, delivery), 'parked');
    assert.deepEqual(deps.scheduler.schedules.get('s4-q-d7-0')?.data, { job: 'item', item: delivery, since: NOW, k: 0 });
  });

  it('throws any other $db failure (nothing to gain from parking a broken store)', async () => {
    const deps = fakeDeps(NOW);
    deps.store.failWhen(() => storeUnavailable());
    assert.match(String((await rejects(enqueueOrPark(deps, delivery))) as Error), /\$db failed/);
    assert.equal(deps.scheduler.schedules.size, 0);
  });

  it('throws the refusal when the item has waited more than a day', async () => {
    const deps = fakeDeps(NOW);
    deps.store.failWhen(() => storeRateLimited());
    assert.match(String((await rejects(enqueueOrPark(deps, delivery, { since: NOW - 25 * 3_600_000, k: 99 }))) as Error), /budget spent/);
  });
});

describe('asParkedJob', () => {
  it('recognises parked jobs and the reserve flag, and nothing else (the tick, foreign or polluted data)', () => {
    assert.deepEqual(asParkedJob({ job: 'reserve' }), { job: 'reserve' });
    assert.deepEqual(asParkedJob({ job: 'callback', cb: ack, since: NOW, k: 0 }), { job: 'callback', cb: ack, since: NOW, k: 0 });
    assert.deepEqual(asParkedJob({ job: 'item', item: delivery, since: NOW, k: 1 }), { job: 'item', item: delivery, since: NOW, k: 1 });
    assert.deepEqual(asParkedJob({ job: 'sent', t: 7, xid: 'x', at: NOW, since: NOW, k: 0 }), { job: 'sent', t: 7, xid: 'x', at: NOW, since: NOW, k: 0 });
    for (const data of [{ job: 'tick' }, undefined, null, 'callback', [], { job: 'callback', cb: ack }, { job: 'callback', cb: { id: 1 }, since: NOW, k: 0 }, { job: 'item', item: { k: 'x', t: 1 }, since: NOW, k: 0 }, { job: 'sent', t: '7', xid: 'x', since: NOW, k: 0 }, { job: 'constructor', since: NOW, k: 0 }, { job: '__proto__', since: NOW, k: 0 }]) {
      assert.isUndefined(asParkedJob(data), JSON.stringify(data));
    }
  });
});

describe('parkedWorkWaiting', () => {
  it('says whether the reserve flag stands', async () => {
    const deps = fakeDeps(NOW);
    assert.isFalse(await parkedWorkWaiting(deps));
    deps.scheduler.failing.exists = new AppError({ code: 'unavailable', operation: 'schedule fetch', message: 'down' });
    assert.match(String((await rejects(parkedWorkWaiting(deps))) as Error), /down/);
  });
});

describe('removeGuard', () => {
  it('says in the log when a guard cannot be removed (it comes back and finds the work done), and does nothing for none', async () => {
    const deps = fakeDeps(NOW);
    await removeGuard(deps, undefined);
    assert.deepEqual(deps.scheduler.calls, []);
    deps.scheduler.failing.delete = new Error('platform down');
    await removeGuard(deps, 's4-g-cb-n-0');
    assert.include(deps.log.text(), 'could not remove the guard');
  });
});

describe('a parked callback with a text too long for one schedule', () => {
  it('keeps the whole text in part schedules and puts it together when it comes back, then deletes the parts', async () => {
    const deps = fakeDeps();
    const text = `${'🔥 db-01 failover 数据库 '.repeat(140)}end`;
    const cb = { id: 'n-long', type: 203, text, xid: 'FS-acme-42-1-0123456789' };
    assert.isTrue(await park(deps, { job: 'callback', cb, since: deps.clock.now(), k: 0 }));
    const parked = [...deps.scheduler.schedules.values()];
    const main = parked.find((s) => s.data['job'] === 'callback');
    const parts = parked.filter((s) => s.data['job'] === 'part');
    assert.isAtLeast(parts.length, 1, 'the rest of the text is in part schedules');
    for (const s of parked) assert.isAtMost(Math.max(bytes(s.data), scheduleDataSize(s.data)), 4096, `${s.name} fits a schedule`);
    const job = asParkedJob(main?.data);
    assert.equal(job?.job, 'callback');
    let seen = '';
    await withParkedText(deps, job as Extract<ParkedJob, { job: 'callback' }>, (back) => {
      seen = back.text ?? '';
      return Promise.resolve();
    });
    assert.equal(seen, text, 'the text comes back whole');
    assert.deepEqual([...deps.scheduler.schedules.values()].filter((s) => s.data['job'] === 'part'), [], 'the parts are deleted afterwards');
  });

  it('splits between code points, each piece within its bound by both measures', () => {
    const text = '👩‍👩‍👧 ok✅ '.repeat(400);
    const pieces = splitText(text, 300);
    assert.equal(pieces.join(''), text);
    for (const piece of pieces) assert.isAtMost(Math.max(piece.length, Buffer.byteLength(piece, 'utf8')), 300);
    assert.deepEqual(splitText(''), ['']);
  });
});
