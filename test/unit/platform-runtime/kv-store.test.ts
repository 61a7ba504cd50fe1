import { assert } from 'chai';
import { refusal } from './refusal.js';
import { createKvStore, type KvStore } from '../../../tools/platform/kv-store.js';
import { DEFAULT_LIMITS } from '../../../tools/platform/limits.js';

const refused = (run: () => unknown): { status: number; message?: string } => refusal(run, '$db');

describe('platform runtime: $db semantics', () => {
  let now: number;
  let store: KvStore;
  let changes: number;
  beforeEach(() => {
    now = 1_000_000;
    changes = 0;
    store = createKvStore({ now: () => now, limits: DEFAULT_LIMITS, onChange: () => (changes += 1) });
  });

  it('set resolves { Created: true } and get returns a deep copy of the value', () => {
    assert.deepEqual(store.set('k', { a: { b: [1, 2] } }), { Created: true });
    const value = store.get('k');
    (value['a'] as { b: number[] }).b.push(3);
    assert.deepEqual(store.get('k'), { a: { b: [1, 2] } });
    assert.isAbove(changes, 0);
  });

  it('stores NaN, ±Infinity and empty strings as null, and drops undefined', () => {
    store.set('k', { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, neg: Number.NEGATIVE_INFINITY, empty: '', gone: undefined, keep: 'x' });
    assert.deepEqual(store.get('k'), { nan: null, inf: null, neg: null, empty: null, keep: 'x' });
  });

  it('get of a missing key rejects 404 "Record not found"', () => {
    assert.deepEqual(refused(() => store.get('missing')), { status: 404, message: 'Record not found' });
  });

  it('setIf not_exist writes only a new key; setIf exist writes only an existing one', () => {
    assert.deepEqual(store.set('k', { v: 1 }, { setIf: 'not_exist' }), { Created: true });
    assert.deepEqual(refused(() => store.set('k', { v: 2 }, { setIf: 'not_exist' })), { status: 400, message: 'The setIf conditional request failed' });
    assert.deepEqual(store.get('k'), { v: 1 });
    assert.deepEqual(refused(() => store.set('other', { v: 1 }, { setIf: 'exist' })), { status: 400, message: 'The setIf conditional request failed' });
    store.set('k', { v: 3 }, { setIf: 'exist' });
    assert.deepEqual(store.get('k'), { v: 3 });
  });

  it('ttl (seconds of platform time) expires the record; an expired key counts as absent for setIf', () => {
    store.set('k', { v: 1 }, { ttl: 60 });
    now += 59_999;
    assert.deepEqual(store.get('k'), { v: 1 });
    now += 1;
    assert.strictEqual(refused(() => store.get('k')).status, 404);
    assert.deepEqual(store.set('k', { v: 2 }, { setIf: 'not_exist' }), { Created: true });
    assert.deepEqual(store.keys(), ['k']);
  });

  it('refuses a ttl that is not a positive number and an unknown setIf', () => {
    assert.match(refused(() => store.set('k', { v: 1 }, { ttl: 0 })).message ?? '', /ttl/);
    assert.match(refused(() => store.set('k', { v: 1 }, { ttl: '5' })).message ?? '', /ttl/);
    assert.match(refused(() => store.set('k', { v: 1 }, { setIf: 'maybe' })).message ?? '', /setIf/);
  });

  it('update "set" writes dot paths into nested objects and resolves { Updated: true }', () => {
    store.set('k', { a: { b: 1 }, c: 1 });
    assert.deepEqual(store.update('k', 'set', { 'a.b': 2, 'a.d': 'x', c: 5 }), { Updated: true });
    assert.deepEqual(store.get('k'), { a: { b: 2, d: 'x' }, c: 5 });
  });

  it('update "set" on a missing key rejects 404, and below a missing or non-object parent rejects 400', () => {
    assert.deepEqual(refused(() => store.update('missing', 'set', { a: 1 })), { status: 404, message: 'Record not found' });
    store.set('k', { a: 1 });
    assert.strictEqual(refused(() => store.update('k', 'set', { 'x.y': 1 })).status, 400);
    assert.strictEqual(refused(() => store.update('k', 'set', { 'a.y': 1 })).status, 400);
    assert.strictEqual(refused(() => store.update('k', 'set', { 'a..y': 1 })).status, 400);
  });

  it('update "increment" adds to top-level numbers and creates the key when absent', () => {
    store.update('counter', 'increment', { hits: 2 });
    store.update('counter', 'increment', { hits: 3, misses: 1 });
    assert.deepEqual(store.get('counter'), { hits: 5, misses: 1 });
    assert.strictEqual(refused(() => store.update('counter', 'increment', { hits: 'x' })).status, 400);
    store.set('s', { name: 'x' });
    assert.strictEqual(refused(() => store.update('s', 'increment', { name: 1 })).status, 400);
    assert.strictEqual(refused(() => store.update('s', 'increment', { 'a.b': 1 })).status, 400);
  });

  it('update "append" extends top-level arrays and creates the key when absent', () => {
    store.update('list', 'append', { items: [1] });
    store.update('list', 'append', { items: [2, 3] });
    assert.deepEqual(store.get('list'), { items: [1, 2, 3] });
    assert.strictEqual(refused(() => store.update('list', 'append', { items: 4 })).status, 400);
    store.set('s', { items: 'x' });
    assert.strictEqual(refused(() => store.update('s', 'append', { items: [1] })).status, 400);
  });

  it('update "remove" deletes the listed paths (nested included) and needs an existing key', () => {
    store.set('k', { a: { b: 1, c: 2 }, d: 3 });
    assert.deepEqual(store.update('k', 'remove', ['a.b', 'd', 'not.there']), { Updated: true });
    assert.deepEqual(store.get('k'), { a: { c: 2 } });
    assert.strictEqual(refused(() => store.update('missing', 'remove', ['a'])).status, 404);
    assert.strictEqual(refused(() => store.update('k', 'remove', 'a')).status, 400);
  });

  it('update keeps the ttl of the record and refuses unknown actions', () => {
    store.set('k', { v: 1 }, { ttl: 10 });
    store.update('k', 'set', { v: 2 });
    now += 10_000;
    assert.strictEqual(refused(() => store.get('k')).status, 404);
    store.set('j', { v: 1 });
    assert.match(refused(() => store.update('j', 'merge', { v: 1 })).message ?? '', /Invalid \$db.update action "merge"/);
  });

  it('delete resolves { Deleted: true }; deleting a missing key rejects 404', () => {
    store.set('k', { v: 1 });
    assert.deepEqual(store.delete('k'), { Deleted: true });
    assert.strictEqual(refused(() => store.get('k')).status, 404);
    assert.strictEqual(refused(() => store.delete('k')).status, 404);
  });

  it('keys must be non-empty strings of at most 60 characters', () => {
    assert.deepEqual(store.set('k'.repeat(60), { v: 1 }), { Created: true });
    for (const key of ['', 'k'.repeat(61), 42]) {
      assert.match(refused(() => store.set(key, { v: 1 })).message ?? '', /at most 60 characters/);
    }
    assert.strictEqual(refused(() => store.get('')).status, 400);
  });

  it('values must be non-empty plain objects', () => {
    for (const value of [{}, [], 'text', 5, null]) {
      assert.match(refused(() => store.set('k', value)).message ?? '', /non-empty JSON object/, JSON.stringify(value));
    }
  });

  it('key + JSON value may be at most 40 KB, for set and update alike', () => {
    const overhead = Buffer.byteLength('k') + Buffer.byteLength(JSON.stringify({ v: '' }));
    store.set('k', { v: 'x'.repeat(40 * 1024 - overhead) });
    assert.match(refused(() => store.set('k', { v: 'x'.repeat(40 * 1024 - overhead + 1) })).message ?? '', /the limit is 40960 bytes/);
    assert.strictEqual(refused(() => store.update('k', 'set', { w: 'y' })).status, 400);
  });
});
