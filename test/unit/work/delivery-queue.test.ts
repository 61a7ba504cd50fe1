import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { countsAsAttempt, dueItems, enqueue, itemKey, loadItem, nextDue, QUEUE_KEY, queuedItem, readQueue, writeBack, type QueueItem, type QueueRecord } from '../../../server/src/work/delivery-queue.js';
import { MemoryStore, storeRateLimited } from '../../fakes/memory-store.js';
import { annotation, emojiText } from '../../fakes/queue-items.js';
import { rejects } from '../../fakes/rejects.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const err = (code: AppError['code'], retryAfterSeconds?: number): AppError => new AppError({ code, operation: 'op', message: code, retryAfterSeconds });
const deliver = (t: number, since: number, due = since): QueueItem => ({ k: 'd', t, n: 0, due, since, r: 'why' });

describe('delivery queue', () => {
  it('keys items by kind and ticket, callbacks also by their notification id: kept when short and plain, else hashed', () => {
    assert.equal(itemKey({ k: 'd', t: 42 }), 'd42');
    assert.equal(itemKey({ k: 's', t: 42 }), 's42');
    assert.equal(itemKey({ k: 'c', t: 42, cb: { id: 'n-1' } }), 'c42_n-1');
    const odd = itemKey({ k: 'c', t: 42, cb: { id: 'a.b/c d-e_f' } });
    assert.match(odd, /^c42__[0-9a-f]{11}$/, 'path-safe');
    assert.notEqual(itemKey({ k: 'c', t: 42, cb: { id: 'ab/c d-e_f' } }), odd, 'ids differing only in punctuation stay apart');
    assert.equal(itemKey({ k: 'c', t: 42, cb: { id: 'a.b/c d-e_f' } }), odd, 'stable');
  });

  it('keeps every path "items.<key>" within the 30 characters $db allows an attribute name, for realistic long ids', () => {
    const ids = ['5f0c6b9e-3d4a-4c1b-9e7f-2a8b6c4d1e0f', '638d9f3a1b2c4d5e6f708192-a3b4c5d6', 'x'.repeat(200), 'ünïcødé-ïd-with-àccents'];
    for (const t of [1, 42, 123_456, 2_147_483_647, 9_999_999_999]) {
      for (const kind of ['d', 's'] as const) assert.isAtMost(`items.${itemKey({ k: kind, t })}`.length, 30);
      for (const id of ids) assert.isAtMost(`items.${itemKey({ k: 'c', t, cb: { id } })}`.length, 30, `${t} ${id}`);
    }
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
    assert.deepEqual(store.opLog.map((o) => o.op), ['get', 'update', 'set', 'update', 'get', 'update', 'get'], 'each enqueue reads the index first (is there room?)');
  });

  it('passes store failures other than "not found" to the caller', async () => {
    const store = new MemoryStore();
    store.failures.push(storeRateLimited());
    assert.equal(((await rejects(enqueue(store, deliver(1, NOW)))) as AppError).code, 'rate_limited');
  });

  it('reads an empty queue when there is no record yet, and keeps the cursor when there is one', async () => {
    const store = new MemoryStore();
    assert.deepEqual(await readQueue(store), { v: 1, items: {}, absent: true });
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
    await writeBack(store, await readQueue(store), ['d1'], { d2: { ...deliver(2, NOW), n: 1 } }, { cursor: 77, cursorId: 0 });
    assert.deepEqual(store.opLog.map((o) => o.op), ['get', 'remove', 'update']);
    await store.update(QUEUE_KEY, 'set', { cursor: 0 });
    store.resetCounts();
    await writeBack(store, {}, ['d0'], { d2: { ...deliver(2, NOW), n: 1 } }, { cursor: 77, cursorId: 0 });
    assert.deepEqual(store.opLog.map((o) => o.op), ['remove', 'update']);
    assert.deepEqual(store.peek(QUEUE_KEY), { v: 1, items: { d2: { ...deliver(2, NOW), n: 1 } }, cursor: 77, cursorId: 0 });
    store.resetCounts();
    await writeBack(store, {}, [], {});
    assert.equal(store.ops, 0, 'nothing to write costs nothing');
  });

  it('keeps name maps of at most 1 KB with the cursor, and removes a larger copy (an older version’s) with the next removals', async () => {
    const store = new MemoryStore();
    const small = { groups: { at: NOW, map: { '4': 'Network' } } };
    await writeBack(store, { absent: true }, [], {}, { cursor: 5, cursorId: 2, names: small });
    assert.equal(store.ops, 1, 'a missing record is created whole, in one operation');
    assert.deepEqual(await readQueue(store), { v: 1, items: {}, cursor: 5, cursorId: 2, names: small });
    const large = { groups: { at: NOW, map: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [String(i), `Regional service desk ${i}`])) } };
    await writeBack(store, {}, [], {}, { cursor: 6, cursorId: 3, names: large });
    assert.deepEqual((await readQueue(store)).names, small, 'too large to copy');
    await store.set(QUEUE_KEY, { v: 1, items: { d1: deliver(1, NOW) }, cursor: 5, names: large });
    const read = await readQueue(store);
    assert.deepEqual(read.names, large, 'still read, as a seed for the sweep');
    await writeBack(store, read, ['d1'], {}, { cursor: 6, cursorId: 3 });
    assert.deepEqual(await readQueue(store), { v: 1, items: {}, cursor: 6, cursorId: 3 });
  });

  describe('under the platform\'s $db rules (update "set" upserts top-level paths; a missing parent is 400)', () => {
    it('survives its first tick on a missing record: the cursor is written with `items`, and later enqueues work', async () => {
      const store = new MemoryStore();
      const read = await readQueue(store);
      await writeBack(store, read, [], {}, { cursor: 5, cursorId: 1 });
      await enqueue(store, deliver(1, NOW));
      assert.deepEqual(await readQueue(store), { v: 1, items: { d1: deliver(1, NOW) }, cursor: 5, cursorId: 1 });
    });

    it('mends a record that lacks `items` (written by top-level paths alone) on the next enqueue, keeping the cursor', async () => {
      const store = new MemoryStore();
      await store.update(QUEUE_KEY, 'set', { cursor: 5, cursorId: 1 });
      assert.deepEqual(await readQueue(store), { v: 1, items: {}, cursor: 5, cursorId: 1, absent: true });
      store.resetCounts();
      await enqueue(store, deliver(1, NOW));
      assert.deepEqual(store.opLog.map((o) => o.op), ['get', 'update', 'set', 'update', 'update', 'update'], 'room read, refused path, setIf conflict, refused again, items map, item');
      await enqueue(store, deliver(2, NOW));
      assert.deepEqual(Object.keys((await readQueue(store)).items), ['d1', 'd2']);
      assert.equal((await readQueue(store)).cursor, 5);
    });

    it('three handlers enqueueing at once on a missing record keep every item', async () => {
      const store = new MemoryStore();
      await Promise.all([enqueue(store, deliver(1, NOW)), enqueue(store, deliver(2, NOW)), enqueue(store, deliver(3, NOW))]);
      assert.sameMembers(Object.keys((await readQueue(store)).items), ['d1', 'd2', 'd3']);
    });

    it('a tick that finds the record created meanwhile falls back to path updates', async () => {
      const store = new MemoryStore();
      const read = await readQueue(store);
      await enqueue(store, deliver(1, NOW));
      await writeBack(store, read, [], {}, { cursor: 5, cursorId: 1 });
      assert.deepEqual(await readQueue(store), { v: 1, items: { d1: deliver(1, NOW) }, cursor: 5, cursorId: 1 });
    });
  });
});

/** CLI69's measure of a $db value (lib/utils/helper-util.js objsize): key and string lengths, 8 per number, 1 per boolean. */
function cliSize(value: unknown): number {
  if (typeof value === 'number') return 8;
  if (typeof value === 'string') return value.length;
  if (typeof value === 'boolean') return 1;
  if (value === null || typeof value !== 'object') return 0;
  return Object.entries(value).reduce((total, [key, item]) => total + key.length + cliSize(item), 0);
}
const utf8Bytes = (key: string, value: unknown): number => Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify(value));

describe('delivery queue records within the platform’s size limits', () => {
  it('keeps the full index under CLI69’s 8 KB by both measures, with the longest keys, wide reasons and a full list of claims to look at again, and says "full" past its bound', async () => {
    const store = new MemoryStore();
    const wide = { ...annotation(9_999_999_999, '', 'x', NOW), r: '漢字🔥'.repeat(100) };
    const outcomes: string[] = [];
    for (let i = 0; i < 32; i += 1) outcomes.push(await enqueue(store, { ...wide, cb: { ...wide.cb, id: `5f0c6b9e-3d4a-4c1b-9e7f-${i}` }, n: 7 }));
    assert.deepEqual(outcomes.filter((o) => o === 'queued').length, 31);
    assert.equal(outcomes.at(-1), 'full');
    const recheck = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [String(9_999_999_990 - i), NOW + 1_000_000_000_000]));
    await writeBack(store, await readQueue(store), [], {}, { cursor: NOW, cursorId: 9_999_999_999, recheck });
    assert.deepEqual((await readQueue(store)).recheck, recheck, 'read back whole');
    const index = store.peek<Record<string, unknown>>(QUEUE_KEY);
    assert.isAtMost(utf8Bytes(QUEUE_KEY, index), 8192);
    assert.isAtMost(cliSize(index), 8192);
    const [entry] = Object.values((await readQueue(store)).items);
    assert.isAtMost(Array.from(entry?.r ?? '').length, 60, 'the reason is cut');
    assert.match(entry?.r ?? '', /^漢字🔥.*…$/u);
    const again = { ...wide, cb: { ...wide.cb, id: '5f0c6b9e-3d4a-4c1b-9e7f-3' }, n: 2 };
    assert.equal(await enqueue(store, again), 'queued', 'an item already queued is replaced, full or not');
  });

  it('keeps a callback with a 3,300-character emoji annotation whole in its own payload record, the annotation’s copy dropped', async () => {
    const store = new MemoryStore();
    const text = emojiText(3300);
    const item = annotation(42, 'n-1', text, NOW);
    assert.equal(await enqueue(store, item), 'queued');
    const payload = store.peek<Record<string, unknown>>('q:c42_n-1');
    assert.isDefined(payload);
    assert.isAtMost(cliSize(payload), 8192, 'CLI69 would take it');
    assert.isAtMost(utf8Bytes('q:c42_n-1', payload), 40 * 1024);
    const back = await queuedItem(store, 'c42_n-1');
    assert.equal(back?.k === 'c' ? back.plan.note : undefined, `Sam Okafor in SIGNL4: ${text}`);
    assert.isUndefined(back?.k === 'c' ? back.cb.text : 'not a callback', 'a replay writes the plan’s note');
    assert.isAtMost(cliSize(store.peek(QUEUE_KEY)), 200, 'the index holds a small entry');
  });

  it('cuts a longer note (4,000 emoji) to at most 3,500 characters ending in "…", so CLI69’s 8 KB still takes it', async () => {
    const store = new MemoryStore();
    const text = '🔥'.repeat(4000);
    await enqueue(store, annotation(42, 'n-1', text, NOW));
    const back = await queuedItem(store, 'c42_n-1');
    const note = back?.k === 'c' ? (back.plan.note ?? '') : '';
    assert.isAtMost(Array.from(note).length, 3500);
    assert.isAbove(Array.from(note).length, 3000, 'cut no further than the size needs');
    assert.isTrue(note.startsWith('Sam Okafor in SIGNL4: 🔥🔥') && note.endsWith('…'));
    assert.isAtMost(cliSize(store.peek('q:c42_n-1')), 8192);
  });

  it('reads an index written by the older version (items inline) without reading payload records', async () => {
    const store = new MemoryStore();
    const status: QueueItem = { k: 's', t: 2, st: 'resolved', xid: 'xid-2', note: 'status Resolved', n: 1, due: NOW, since: NOW, r: 'x' };
    await store.set(QUEUE_KEY, { v: 1, items: { c1_a: annotation(1, 'a', 'Disk swapped', NOW), s2: status }, cursor: 5 });
    store.resetCounts();
    const queue = await readQueue(store);
    assert.deepEqual(queue.items['s2'], { k: 's', t: 2, n: 1, due: NOW, since: NOW, r: 'x' });
    assert.deepEqual(await loadItem(store, queue, 's2', queue.items['s2'] ?? deliver(0, 0)), status);
    const callback = await loadItem(store, queue, 'c1_a', queue.items['c1_a'] ?? deliver(0, 0));
    assert.equal(callback?.k === 'c' ? callback.plan.note : undefined, 'Sam Okafor in SIGNL4: Disk swapped');
    assert.deepEqual(store.opLog.map((o) => o.key), [QUEUE_KEY], 'one read');
  });
});
