/**
 * The $db key-value store as the FDK CLI keeps it (CLI69 lib/event_handler/features/db.js,
 * lib/api/db.js, lib/utils/data-util.js), without the rate limit (see db-api.ts). Messages and
 * statuses are the CLI's; rejections are plain { status, message }.
 * - A falsy key (or a falsy value for set): 400 "Mandatory attributes (key or value) is missing".
 * - set: key, and each top-level key of the value, at most 30 characters; the value a non-empty
 *   object or array (arrays are kept as objects keyed by index, as the CLI does); options ttl
 *   (seconds of platform time) and setIf; a setIf that does not hold: 400 "The setIf conditional
 *   request failed" (a record that has expired but was not read since still counts as there).
 *   Top-level '' keys are dropped, empty strings become null (NaN and ±Infinity too).
 * - Size: the CLI caps the value at 8 KB (its objsize measure); Freshworks documents key + value
 *   <= 40 KB for the platform. This store enforces the documented 40 KB, measured as the key's
 *   and the JSON value's UTF-8 bytes (the 8 KB of the CLI: UNCONFIRMED for production).
 * - get: a missing, expired (purged on read) or empty record: 404 "Record not found".
 * - update: see db-update.ts; top-level attribute names (set paths included) at most 30 characters.
 * - delete: always { Deleted: true }, a missing key included.
 */
import { applyDbUpdate, isBlank } from './db-update.js';
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

/** The stored form (CLI69 lib/api/db.js normalizeItem): a JSON copy, NaN/±Infinity (by JSON) and '' as null. */
export function toStoredValue(value: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (item === '' ? null : item))) as JsonObject;
}

const MISSING = 'Mandatory attributes (key or value) is missing';
const BLANK_VALUE = 'The value cannot be blank and should be of type JSON';

/** The client's check (falsy key), then the server's: blank, and at most maxChars for the key and the top-level keys of `data`. */
function checkKey(key: unknown, maxChars: number, data: unknown = {}): string {
  if (!key) throw refuse(400, MISSING);
  const text = typeof key === 'string' ? key : String(key);
  if (text.trim() === '') throw refuse(400, 'The key cannot be blank');
  const names = data !== null && typeof data === 'object' ? Object.keys(data) : [];
  if (text.length > maxChars || names.some((name) => name.length > maxChars)) {
    throw refuse(400, `Key length should not exceed ${maxChars} characters`);
  }
  return text;
}

function checkValue(value: unknown): JsonObject {
  if (isBlank(value)) throw refuse(400, BLANK_VALUE);
  if (typeof value !== 'object') throw refuse(422, BLANK_VALUE);
  return Array.isArray(value) ? { ...value } : (value as JsonObject);
}

interface SetOptions {
  ttl?: number;
  setIf?: 'exist' | 'not_exist';
}

function checkSetOptions(options: unknown): SetOptions {
  if (options === undefined || options === null) return {};
  if (!isPlainObject(options)) return {};
  const out: SetOptions = {};
  for (const [name, given] of Object.entries(options)) {
    if (name === 'ttl') {
      const ttl = Number.parseFloat(String(given));
      if (!ttl) throw refuse(400, 'Time to live(ttl) should be of type float and a non-zero value');
      if (ttl > 0) out.ttl = ttl;
    } else if (name === 'setIf') {
      if (given !== 'exist' && given !== 'not_exist') throw refuse(422, 'setIf can only take two values: "exist" or "not_exist"');
      out.setIf = given;
    } else {
      throw refuse(400, `Invalid option ${name} inside options`);
    }
  }
  return out;
}

/** Top-level '' keys dropped; none left, or a '' key deeper down: refused (CLI69 lib/api/db.js normalizeItem). */
function normalised(value: JsonObject): JsonObject {
  const kept = Object.fromEntries(Object.entries(value).filter(([name]) => name.trim() !== ''));
  const blankKeyInside = (node: unknown): boolean =>
    node !== null && typeof node === 'object' && Object.entries(node).some(([name, item]) => (isPlainObject(node) && name === '') || blankKeyInside(item));
  if (Object.keys(kept).length === 0 || blankKeyInside(kept)) throw refuse(400, 'Mandatory attributes Missing');
  return toStoredValue(kept);
}

export function createKvStore(options: KvStoreOptions): KvStore {
  const records = new Map<string, StoredRecord>();
  const changed = (): void => options.onChange?.();
  const maxChars = options.limits.dbKeyChars;
  const limitKb = Math.round(options.limits.dbRecordBytes / 1024);

  /** The record if it has not expired; an expired one is purged (as the CLI does on read). */
  const live = (key: string): StoredRecord | undefined => {
    const record = records.get(key);
    if (record?.expiresAt !== undefined && record.expiresAt <= options.now()) {
      records.delete(key);
      changed();
      return undefined;
    }
    return record;
  };

  const tooLarge = (key: string, value: JsonObject): boolean =>
    Buffer.byteLength(key, 'utf8') + Buffer.byteLength(JSON.stringify(value), 'utf8') > options.limits.dbRecordBytes;

  return {
    set(rawKey, rawValue, rawOptions) {
      if (!rawKey || !rawValue) throw refuse(400, MISSING);
      const key = checkKey(rawKey, maxChars, rawValue);
      const given = checkValue(rawValue);
      const { ttl, setIf } = checkSetOptions(rawOptions);
      const value = normalised(given);
      if (tooLarge(key, value)) throw refuse(400, `The combined size of the key and value should not exceed ${limitKb}KB`);
      const exists = records.has(key);
      if ((setIf === 'exist' && !exists) || (setIf === 'not_exist' && exists)) throw refuse(400, 'The setIf conditional request failed');
      records.set(key, { value, ...(ttl === undefined ? {} : { expiresAt: options.now() + ttl * 1000 }) });
      changed();
      return { Created: true };
    },
    get(rawKey) {
      if (!rawKey) throw refuse(400, MISSING);
      const record = live(String(rawKey));
      if (record === undefined || Object.keys(record.value).length === 0) throw refuse(404, 'Record not found');
      return structuredClone(record.value);
    },
    update(rawKey, action, attributes) {
      if (!rawKey) throw refuse(400, MISSING);
      const key = checkKey(rawKey, maxChars, attributes);
      // The CLI's update does not look at the ttl: an expired record is updated (and stays expired).
      const record = records.get(key);
      const value = JSON.parse(JSON.stringify(applyDbUpdate(record?.value, action, attributes))) as JsonObject;
      if (tooLarge(key, value)) throw refuse(400, `Item size exceeded the maximum limit of ${limitKb} KB`);
      records.set(key, { value, ...(record?.expiresAt === undefined ? {} : { expiresAt: record.expiresAt }) });
      changed();
      return { Updated: true };
    },
    delete(rawKey) {
      if (!rawKey) throw refuse(400, MISSING);
      records.delete(String(rawKey));
      changed();
      return { Deleted: true };
    },
    peek(key) {
      const record = live(key);
      return record === undefined || Object.keys(record.value).length === 0 ? undefined : structuredClone(record.value);
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
