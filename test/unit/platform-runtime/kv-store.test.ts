import { assert } from 'chai';
import { refusal } from './refusal.js';
import { createKvStore, type KvStore } from '../../../tools/platform/kv-store.js';
import { DEFAULT_LIMITS } from '../../../tools/platform/limits.js';

const refused = (run: () => unknown): { status: number; message?: string } => refusal(run, '$db');

const INVALID_PATH = { status: 400, message: 'One or more paths in the attributes are invalid or overlapping with each other' };
const KEY_LENGTH = { status: 400, message: 'Key length should not exceed 30 characters' };

describe('platform runtime: $db semantics (as the FDK CLI)', () => {
  let now: number;
  let store: KvStore;
  let changes: number;
  beforeEach(() => {
    now = 1_000_000;
    changes = 0;
    store = createKvStore({ now: () => now, limits: DEFAULT_LIMITS, onChange: () => (changes += 1) });
  });

  describe('set and get', () => {
    it('set resolves { Created: true } and get returns a deep copy of the value', () => {
      assert.deepEqual(store.set('k', { a: { b: [1, 2] } }), { Created: true });
      const value = store.get('k');
      (value['a'] as { b: number[] }).b.push(3);
      assert.deepEqual(store.get('k'), { a: { b: [1, 2] } });
      assert.isAbove(changes, 0);
    });

    it('stores empty strings (nested too), NaN and ±Infinity as null, drops undefined and top-level "" keys', () => {
      store.set('k', { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, empty: '', deep: { e: '' }, gone: undefined, '': 'dropped', keep: 'x' });
      assert.deepEqual(store.get('k'), { nan: null, inf: null, empty: null, deep: { e: null }, keep: 'x' });
    });

    it('refuses a value with only a "" key, or a "" key deeper down: 400 "Mandatory attributes Missing"', () => {
      assert.deepEqual(refused(() => store.set('k', { '': 1 })), { status: 400, message: 'Mandatory attributes Missing' });
      assert.deepEqual(refused(() => store.set('k', { a: { '': 1 } })), { status: 400, message: 'Mandatory attributes Missing' });
    });

    it('get of a missing key rejects 404 "Record not found"', () => {
      assert.deepEqual(refused(() => store.get('missing')), { status: 404, message: 'Record not found' });
    });

    it('a falsy key, or a falsy value for set: 400 "Mandatory attributes (key or value) is missing"', () => {
      const missing = { status: 400, message: 'Mandatory attributes (key or value) is missing' };
      assert.deepEqual(refused(() => store.set('', { v: 1 })), missing);
      assert.deepEqual(refused(() => store.set('k', null)), missing);
      assert.deepEqual(refused(() => store.get('')), missing);
      assert.deepEqual(refused(() => store.update('', 'set', { v: 1 })), missing);
      assert.deepEqual(refused(() => store.delete('')), missing);
    });

    it('a blank or non-object value: 400 for {} and [], 422 for text and numbers', () => {
      const blank = 'The value cannot be blank and should be of type JSON';
      assert.deepEqual(refused(() => store.set('k', {})), { status: 400, message: blank });
      assert.deepEqual(refused(() => store.set('k', [])), { status: 400, message: blank });
      assert.deepEqual(refused(() => store.set('k', 'text')), { status: 422, message: blank });
      assert.deepEqual(refused(() => store.set('k', 5)), { status: 422, message: blank });
    });

    it('keys and top-level value keys longer than 30 characters: 400 "Key length should not exceed 30 characters"', () => {
      assert.deepEqual(store.set('k'.repeat(30), { ['a'.repeat(30)]: { ['b'.repeat(50)]: 1 } }), { Created: true });
      assert.deepEqual(refused(() => store.set('k'.repeat(31), { v: 1 })), KEY_LENGTH);
      assert.deepEqual(refused(() => store.set('k', { ['a'.repeat(31)]: 1 })), KEY_LENGTH);
      assert.deepEqual(refused(() => store.set('   ', { v: 1 })), { status: 400, message: 'The key cannot be blank' });
    });

    it('key + JSON value may be at most the documented 40 KB (set and update alike)', () => {
      const overhead = Buffer.byteLength('k') + Buffer.byteLength(JSON.stringify({ v: '' }));
      store.set('k', { v: 'x'.repeat(40 * 1024 - overhead) });
      assert.deepEqual(refused(() => store.set('k', { v: 'x'.repeat(40 * 1024 - overhead + 1) })), {
        status: 400,
        message: 'The combined size of the key and value should not exceed 40KB',
      });
      assert.deepEqual(refused(() => store.update('k', 'set', { w: 'y' })), { status: 400, message: 'Item size exceeded the maximum limit of 40 KB' });
    });
  });

  describe('options', () => {
    it('setIf not_exist writes only a new key; setIf exist only an existing one; else 400 "The setIf conditional request failed"', () => {
      const conflict = { status: 400, message: 'The setIf conditional request failed' };
      assert.deepEqual(store.set('k', { v: 1 }, { setIf: 'not_exist' }), { Created: true });
      assert.deepEqual(refused(() => store.set('k', { v: 2 }, { setIf: 'not_exist' })), conflict);
      assert.deepEqual(store.get('k'), { v: 1 });
      assert.deepEqual(refused(() => store.set('other', { v: 1 }, { setIf: 'exist' })), conflict);
      store.set('k', { v: 3 }, { setIf: 'exist' });
      assert.deepEqual(store.get('k'), { v: 3 });
    });

    it('ttl (seconds of platform time) expires the record on read; an expired record not yet read still blocks setIf not_exist', () => {
      store.set('k', { v: 1 }, { ttl: 60 });
      now += 60_000;
      assert.strictEqual(refused(() => store.set('k', { v: 2 }, { setIf: 'not_exist' })).message, 'The setIf conditional request failed');
      assert.deepEqual(refused(() => store.get('k')), { status: 404, message: 'Record not found' });
      assert.deepEqual(store.set('k', { v: 2 }, { setIf: 'not_exist' }), { Created: true });
    });

    it('refuses a zero or unparseable ttl, an unknown setIf (422) and unknown options', () => {
      const ttl = { status: 400, message: 'Time to live(ttl) should be of type float and a non-zero value' };
      assert.deepEqual(refused(() => store.set('k', { v: 1 }, { ttl: 0 })), ttl);
      assert.deepEqual(refused(() => store.set('k', { v: 1 }, { ttl: 'soon' })), ttl);
      assert.deepEqual(refused(() => store.set('k', { v: 1 }, { setIf: 'maybe' })), { status: 422, message: 'setIf can only take two values: "exist" or "not_exist"' });
      assert.deepEqual(refused(() => store.set('k', { v: 1 }, { expire: 5 })), { status: 400, message: 'Invalid option expire inside options' });
    });
  });

  describe('update "set"', () => {
    it('writes dot paths into nested objects and resolves { Updated: true }', () => {
      store.set('k', { a: { b: 1 }, c: 1 });
      assert.deepEqual(store.update('k', 'set', { 'a.b': 2, 'a.d': 'x', c: 5 }), { Updated: true });
      assert.deepEqual(store.get('k'), { a: { b: 2, d: 'x' }, c: 5 });
    });

    it('on a missing key creates the record from the top-level paths (an upsert)', () => {
      assert.deepEqual(store.update('missing', 'set', { cursor: 5, v: 1 }), { Updated: true });
      assert.deepEqual(store.get('missing'), { cursor: 5, v: 1 });
    });

    it('a nested path whose parent is missing: 400 invalid path (never 404), on a missing key too, and nothing is written', () => {
      assert.deepEqual(refused(() => store.update('missing', 'set', { 'items.d1': { t: 1 } })), INVALID_PATH);
      assert.deepEqual(refused(() => store.get('missing')), { status: 404, message: 'Record not found' });
      store.set('k', { v: 1 });
      assert.deepEqual(refused(() => store.update('k', 'set', { w: 2, 'x.y': 1 })), INVALID_PATH);
      assert.deepEqual(store.get('k'), { v: 1 }, 'a refused update leaves the record as it was');
    });

    it('a parent created by another path of the same call counts as overlapping: 400', () => {
      store.set('k', { v: 1 });
      assert.deepEqual(refused(() => store.update('k', 'set', { a: {}, 'a.b': 1 })), INVALID_PATH);
    });

    it('attribute names (paths included) longer than 30 characters: 400 key length', () => {
      store.set('k', { items: {} });
      assert.deepEqual(refused(() => store.update('k', 'set', { [`items.${'x'.repeat(25)}`]: 1 })), KEY_LENGTH);
      assert.deepEqual(store.update('k', 'set', { [`items.${'x'.repeat(24)}`]: 1 }), { Updated: true });
    });

    it('refuses a blank path (422), empty attributes and unknown actions', () => {
      store.set('k', { v: 1 });
      assert.deepEqual(refused(() => store.update('k', 'set', { '': 1 })), { status: 422, message: 'Keys or paths inside attributes object cannot be blank' });
      assert.deepEqual(refused(() => store.update('k', 'set', {})), { status: 400, message: 'Attributes object cannot be empty and should be of type JSON or Array' });
      assert.deepEqual(refused(() => store.update('k', 'merge', { v: 1 })), { status: 400, message: 'Invalid action merge for update' });
    });

    it('keeps the ttl of the record', () => {
      store.set('k', { v: 1 }, { ttl: 10 });
      store.update('k', 'set', { v: 2 });
      now += 10_000;
      assert.strictEqual(refused(() => store.get('k')).status, 404);
    });
  });

  describe('update "increment" and "append"', () => {
    it('increment adds to top-level numbers, creates the key when absent and overwrites a falsy value', () => {
      store.update('counter', 'increment', { hits: 2 });
      store.update('counter', 'increment', { hits: 3, misses: 1, 'a.b': 1 });
      assert.deepEqual(store.get('counter'), { hits: 5, misses: 1, 'a.b': 1 }, 'names are literal top-level keys');
      store.set('z', { n: null });
      store.update('z', 'increment', { n: 4 });
      assert.deepEqual(store.get('z'), { n: 4 });
    });

    it('increment: a non-number value or field: 400 with the CLI message', () => {
      store.set('s', { name: 'x' });
      assert.deepEqual(refused(() => store.update('s', 'increment', { hits: 'x' })), { status: 400, message: 'The value passed to increment should be of type number' });
      assert.deepEqual(refused(() => store.update('s', 'increment', { name: 1 })), { status: 400, message: 'Mandatory attributes missing' });
    });

    it('append extends top-level arrays and creates the key when absent; refuses empty arrays and non-array fields', () => {
      store.update('list', 'append', { items: [1] });
      store.update('list', 'append', { items: [2, 3] });
      assert.deepEqual(store.get('list'), { items: [1, 2, 3] });
      const wrong = { status: 400, message: 'The value passed to append should be of type array and should not be an empty array' };
      assert.deepEqual(refused(() => store.update('list', 'append', { items: [] })), wrong);
      assert.deepEqual(refused(() => store.update('list', 'append', { items: 4 })), wrong);
      store.set('s', { items: 'x' });
      assert.deepEqual(refused(() => store.update('s', 'append', { items: [1] })), { status: 400, message: 'Mandatory attributes missing' });
    });

    it('attribute names longer than 30 characters: 400 key length', () => {
      assert.deepEqual(refused(() => store.update('c', 'increment', { ['n'.repeat(31)]: 1 })), KEY_LENGTH);
    });
  });

  describe('update "remove" and delete', () => {
    it('remove deletes the listed paths (nested included); a missing leaf is fine; array items are spliced', () => {
      store.set('k', { a: { b: 1, c: 2 }, d: 3, l: [1, 2, 3] });
      assert.deepEqual(store.update('k', 'remove', ['a.b', 'd', 'a.none', 'l[1]']), { Updated: true });
      assert.deepEqual(store.get('k'), { a: { c: 2 }, l: [1, 3] });
    });

    it('remove on a missing key: 400; below a missing parent: 400 invalid path; not an array: 400', () => {
      assert.deepEqual(refused(() => store.update('missing', 'remove', ['a'])), { status: 400, message: 'The specified key for remove operation does not exist in the data store' });
      store.set('k', { a: 1 });
      assert.deepEqual(refused(() => store.update('k', 'remove', ['x.y'])), INVALID_PATH);
      assert.deepEqual(refused(() => store.update('k', 'remove', { a: 1 })), { status: 400, message: 'The attributes object passed to remove action should be of type array' });
    });

    it('a record emptied by remove reads as missing, yet still blocks setIf not_exist', () => {
      store.set('k', { a: 1 });
      store.update('k', 'remove', ['a']);
      assert.strictEqual(refused(() => store.get('k')).status, 404);
      assert.strictEqual(refused(() => store.set('k', { a: 2 }, { setIf: 'not_exist' })).message, 'The setIf conditional request failed');
    });

    it('delete resolves { Deleted: true }, for a missing key too', () => {
      store.set('k', { v: 1 });
      assert.deepEqual(store.delete('k'), { Deleted: true });
      assert.strictEqual(refused(() => store.get('k')).status, 404);
      assert.deepEqual(store.delete('k'), { Deleted: true });
    });
  });
});
