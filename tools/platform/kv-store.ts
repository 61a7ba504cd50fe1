/**
 * The $db key-value store (fdk-platform.md §4.6), without the rate limit (see db-api.ts).
 * - set(key, value, { ttl, setIf }) -> { Created: true }; get -> the object or 404 "Record not found";
 *   update -> { Updated: true }; delete -> { Deleted: true } (404 when missing: UNCONFIRMED, the
 *   stricter reading, so the app must treat a missing key on delete as done).
 * - Keys: non-empty strings of at most 60 characters; values: non-empty plain objects; key + JSON
 *   value at most 40 KB. Values are stored as JSON copies where NaN and ±Infinity become null and,
 *   per the KB, empty strings become null too (UNCONFIRMED; the stricter reading).
 * - ttl is in seconds of platform time; expired records read as missing.
 */
import { applyDbUpdate } from './db-update.js';
import { isPlainObject, type JsonObject } from './json-value.js';
import type { Limits } from './limits.js';
import { refuse } from './platform-rejection.js';

export interface StoredRecord {
  value: JsonObject;
  /** Platform-clock ms after which the record is gone. */
  expiresAt?: number;
}

export interface KvStore {
  set(key: unknown, value: unknown, options?: unknown): { Created: true };
  get(key: unknown): JsonObject;
  update(key: unknown, action: unknown, attributes: unknown): { Updated: true };
  delete(key: unknown): { Deleted: true };
  /** Inspection, no limits: the live (unexpired) value or undefined. */
  peek(key: string): JsonObject | undefined;
  keys(): string[];
  dump(): Record<string, StoredRecord>;
  load(records: Record<string, StoredRecord>): void;
  clear(): void;
}

export interface KvStoreOptions {
  now: () => number;
  limits: Pick<Limits, 'dbKeyChars' | 'dbRecordBytes'>;
  onChange?: () => void;
}

/** The stored form: a JSON copy with NaN/±Infinity (by JSON) and '' (by the KB) as null. */
export function toStoredValue(value: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (item === '' ? null : item))) as JsonObject;
}

function checkKey(key: unknown, maxChars: number): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > maxChars) {
    throw refuse(400, `Invalid key: a $db key must be a non-empty string of at most ${maxChars} characters`);
  }
  return key;
}

function checkValue(value: unknown): JsonObject {
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    throw refuse(400, 'Invalid value: a $db value must be a non-empty JSON object');
  }
  return value;
}

interface SetOptions {
  ttl?: number;
  setIf?: 'exist' | 'not_exist';
}

function checkSetOptions(options: unknown): SetOptions {
  if (options === undefined || options === null) return {};
  if (!isPlainObject(options)) throw refuse(400, 'Invalid $db.set options: expected an object');
  const { ttl, setIf } = options;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0)) {
    throw refuse(400, 'Invalid ttl: expected a number of seconds greater than 0');
  }
  if (setIf !== undefined && setIf !== 'exist' && setIf !== 'not_exist') {
    throw refuse(400, 'Invalid setIf: expected "exist" or "not_exist"');
  }
  return { ...(ttl === undefined ? {} : { ttl }), ...(setIf === undefined ? {} : { setIf }) };
}

export function createKvStore(options: KvStoreOptions): KvStore {
  const records = new Map<string, StoredRecord>();
  const changed = (): void => options.onChange?.();

  const live = (key: string): StoredRecord | undefined => {
    const record = records.get(key);
    if (record?.expiresAt !== undefined && record.expiresAt <= options.now()) {
      records.delete(key);
      changed();
      return undefined;
    }
    return record;
  };

  const sized = (key: string, value: JsonObject): JsonObject => {
    const stored = toStoredValue(value);
    const bytes = Buffer.byteLength(key, 'utf8') + Buffer.byteLength(JSON.stringify(stored), 'utf8');
    if (bytes > options.limits.dbRecordBytes) {
      throw refuse(400, `Record too large: key + value is ${bytes} bytes, the limit is ${options.limits.dbRecordBytes} bytes (40 KB)`);
    }
    return stored;
  };

  return {
    set(rawKey, rawValue, rawOptions) {
      const key = checkKey(rawKey, options.limits.dbKeyChars);
      const value = sized(key, checkValue(rawValue));
      const { ttl, setIf } = checkSetOptions(rawOptions);
      const exists = live(key) !== undefined;
      if ((setIf === 'exist' && !exists) || (setIf === 'not_exist' && exists)) {
        throw refuse(400, 'The setIf conditional request failed');
      }
      records.set(key, { value, ...(ttl === undefined ? {} : { expiresAt: options.now() + ttl * 1000 }) });
      changed();
      return { Created: true };
    },
    get(rawKey) {
      const record = live(checkKey(rawKey, options.limits.dbKeyChars));
      if (record === undefined) throw refuse(404, 'Record not found');
      return structuredClone(record.value);
    },
    update(rawKey, action, attributes) {
      const key = checkKey(rawKey, options.limits.dbKeyChars);
      const record = live(key);
      const value = sized(key, applyDbUpdate(record?.value, action, attributes));
      records.set(key, { value, ...(record?.expiresAt === undefined ? {} : { expiresAt: record.expiresAt }) });
      changed();
      return { Updated: true };
    },
    delete(rawKey) {
      const key = checkKey(rawKey, options.limits.dbKeyChars);
      if (live(key) === undefined) throw refuse(404, 'Record not found');
      records.delete(key);
      changed();
      return { Deleted: true };
    },
    peek(key) {
      const record = live(key);
      return record === undefined ? undefined : structuredClone(record.value);
    },
    keys() {
      return [...records.keys()].filter((key) => live(key) !== undefined);
    },
    dump() {
      const out: Record<string, StoredRecord> = {};
      for (const key of [...records.keys()]) {
        const record = live(key);
        if (record !== undefined) out[key] = structuredClone(record);
      }
      return out;
    },
    load(loaded) {
      records.clear();
      for (const [key, record] of Object.entries(loaded)) records.set(key, structuredClone(record));
    },
    clear() {
      records.clear();
      changed();
    },
  };
}
