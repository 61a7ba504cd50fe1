import { assert } from 'chai';
import { AppError } from '../../../server/src/errors.js';
import { countsAsAttempt, dueItems, enqueue, itemKey, nextDue, QUEUE_KEY, readQueue, writeBack, type QueueItem, type QueueRecord } from '../../../server/src/sync/delivery-queue.js';
import { MemoryStore, storeRateLimited } from '../../fakes/memory-store.js';
import { rejects } from '../../fakes/rejects.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const err = (code: AppError['code'], retryAfterSeconds?: number): AppError => new AppError({ code, operation: 'op', message: code, retryAfterSeconds });
const deliver = (t: number, since: number, due = since): QueueItem => ({ k: 'd', t, n: 0, due, since, r: 'why' });

describe('delivery queue', () => {
  it('keys items by kind and ticket, callbacks also by their notification id made path-safe', () => {
    assert.equal(itemKey({ k: 'd', t: 42 }), 'd42');
    assert.equal(itemKey({ k: 's', t: 42 }), 's42');
    assert.equal(itemKey({ k: 'c', t: 42, cb: { id: 'a.b/c d-e_f' } }), 'c42_abcd-e_f');
    assert.lengthOf(itemKey({ k: 'c', t: 1, cb: { id: 'x'.repeat(100) } }), 'c1_'.length + 40);
  });

  it('backs off per attempt: 1, 2, 4 ... minutes, capped at two hours', () => {
    const minutes = [0, 1, 2, 3, 7, 50].map((n) => (nextDue(NOW, n, err('unavailable')) - NOW) / 60_000);
    assert.deepEqual(minutes, [1, 2, 4, 8, 120, 120]);
  });

  it('honours Retry-After: exactly when throttled, at least as long as the backoff otherwise', () => {
    assert.equal(nextDue(NOW, 5, err('rate_limited', 20)), NOW + 20_000, 'a throttled answer waits exactly Retry-After');
    assert.equal(nextDue(NOW, 0, err('rate_limited')), NOW + 60_000);
    assert.equal(nextDue(NOW, 0, err('unavailable', 600)), NOW + 600_000);
    assert.equal(nextDue(NOW, 3, err('unavailable', 5)), NOW + 8 * 60_000);
  });

  it('counts throttling as no attempt, everything else as one', () => {
    assert.isFalse(countsAsAttempt(err('rate_limited')));
    assert.isTrue(countsAsAttempt(err('timeout')));
    assert.isTrue(countsAsAttempt(err('unavailable')));
  });

  it('creates the queue record on the first enqueue and adds items by path afterwards', async () => {
    const store = new MemoryStore();
    await enqueue(store, deliver(1, NOW));
    await enqueue(store, deliver(2, NOW + 1));
    const queue = await readQueue(store);
    assert.deepEqual(Object.keys(queue.items), ['d1', 'd2']);
    assert.deepEqual(store.opLog.map((o) => o.op), ['update', 'set', 'update', 'update', 'get']);
  });

  it('passes store failures other than "not found" to the caller', async () => {
    const store = new MemoryStore();
    store.failures.push(storeRateLimited());
    assert.equal(((await rejects(enqueue(store, deliver(1, NOW)))) as AppError).code, 'rate_limited');
  });

  it('reads an empty queue when there is no record yet, and keeps the cursor when there is one', async () => {
    const store = new MemoryStore();
    assert.deepEqual(await readQueue(store), { v: 1, items: {} });
    await store.set(QUEUE_KEY, { v: 1, items: {}, cursor: 5 });
    assert.deepEqual(await readQueue(store), { v: 1, items: {}, cursor: 5 });
  });

  it('lists due items oldest first (then earliest due) and leaves future ones', () => {
    const queue: QueueRecord = {
      v: 1,
      items: { d3: deliver(3, NOW - 10, NOW), d1: deliver(1, NOW - 30, NOW - 5), d2: deliver(2, NOW - 30, NOW - 20), d4: deliver(4, NOW - 100, NOW + 1) },
    };
    assert.deepEqual(dueItems(queue, NOW).map(([key]) => key), ['d2', 'd1', 'd3']);
  });

  it('writes a drain back in at most two updates: removals, then changes with the cursor', async () => {
    const store = new MemoryStore();
    await store.set(QUEUE_KEY, { v: 1, items: { d1: deliver(1, NOW), d2: deliver(2, NOW) } });
    store.resetCounts();
    await writeBack(store, ['d1'], { d2: { ...deliver(2, NOW), n: 1 } }, { cursor: 77, cursorId: 0 });
    assert.deepEqual(store.opLog.map((o) => o.op), ['remove', 'update']);
    assert.deepEqual(store.peek(QUEUE_KEY), { v: 1, items: { d2: { ...deliver(2, NOW), n: 1 } }, cursor: 77, cursorId: 0 });
    store.resetCounts();
    await writeBack(store, [], {});
    assert.equal(store.ops, 0, 'nothing to write costs nothing');
  });

  it('keeps the name maps the sweep hands over, whole, in the same update as the cursor', async () => {
    const store = new MemoryStore();
    const names = { groups: { at: NOW, map: { '4': 'Network' } } };
    await writeBack(store, [], {}, { cursor: 5, cursorId: 2, names });
    assert.equal(store.ops, 3, 'a missing record is created, then updated (one update when it exists)');
    assert.deepEqual(await readQueue(store), { v: 1, items: {}, cursor: 5, cursorId: 2, names });
  });
});
