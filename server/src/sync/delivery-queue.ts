/**
 * The retry queue: ONE compact $db record `q` (not one per ticket) holding what could not be
 * delivered or applied yet, keyed by item, plus the sweep cursor. Items are added and removed with
 * path updates, so concurrent handlers never overwrite each other.
 */
import { compact } from '../compact.js';
import { AppError } from '../errors.js';
import type { NameParts } from '../freshservice/reference-cache.js';
import type { KvStore } from '../platform/platform-types.js';
import type { CallbackRecord } from '../signl4/parse-callback.js';
import type { CallbackPlan } from './callback-plan.js';
import { shortId } from './schedule-rules.js';

interface ItemBase {
  /** Ticket id. */
  t: number;
  /** Attempts made so far. */
  n: number;
  /** When the next attempt is due (ms). */
  due: number;
  /** When the item was first queued (ms). */
  since: number;
  /** Why it waits, for the sidebar and the diagnostics page. */
  r: string;
}

export type QueueItem =
  | (ItemBase & { k: 'd' })
  | (ItemBase & { k: 's'; st: 'acknowledged' | 'resolved'; xid: string; note: string })
  | (ItemBase & { k: 'c'; cb: CallbackRecord; plan: CallbackPlan; noteDone: boolean });

export interface QueueRecord {
  v: 1;
  items: Record<string, QueueItem>;
  /** Sweep cursor: tickets updated since this time (ms) are checked for missed events... */
  cursor?: number;
  /** ...after the ticket with this id among those updated at exactly `cursor`. */
  cursorId?: number;
  /** A copy of the reference cache's name maps, so the tick reads one record rather than two (written whole, by the tick only). */
  names?: NameParts;
  /** Not stored: set by readQueue when there was no record (or one without `items`) to read. */
  absent?: true;
}

export const QUEUE_KEY = 'q';
export const MAX_ATTEMPTS = 8;
export const MAX_AGE_MS = 24 * 60 * 60_000;
/** Backoff per attempt (minutes); Retry-After wins when longer. */
const BACKOFF_MINUTES = [1, 2, 4, 8, 15, 30, 60, 120] as const;

/**
 * An item's key in `items`: at most 24 characters, so that the path "items.<key>" stays within
 * the 30 characters $db allows an attribute name (CLI69 lib/api/db.js); a long callback id is hashed.
 */
export function itemKey(item: Pick<QueueItem, 'k' | 't'> & { cb?: { id: string } }): string {
  const suffix = item.k === 'c' && item.cb !== undefined ? `_${shortId(item.cb.id, 12)}` : '';
  return `${item.k}${item.t}${suffix}`;
}

export function nextDue(now: number, attempts: number, error: AppError): number {
  const backoff = (BACKOFF_MINUTES[Math.min(attempts, BACKOFF_MINUTES.length - 1)] ?? 1) * 60_000;
  const retryAfter = (error.retryAfterSeconds ?? 0) * 1000;
  return now + (error.code === 'rate_limited' && retryAfter > 0 ? retryAfter : Math.max(backoff, retryAfter));
}

/** Being throttled is not a failed attempt; only unavailability and timeouts count toward the cap. */
export function countsAsAttempt(error: AppError): boolean {
  return error.code !== 'rate_limited';
}

export async function enqueue(store: KvStore, item: QueueItem): Promise<void> {
  await updateOrCreate(store, { [`items.${itemKey(item)}`]: item });
}

function itemsOf(record: Partial<QueueRecord> | undefined): QueueRecord['items'] | undefined {
  const items = record?.items;
  return items !== null && typeof items === 'object' ? items : undefined;
}

export async function readQueue(store: KvStore): Promise<QueueRecord> {
  const record = (await store.get<Partial<QueueRecord>>(QUEUE_KEY)) ?? {};
  const items = itemsOf(record);
  return compact<QueueRecord>({ v: 1, items: items ?? {}, cursor: record.cursor, cursorId: record.cursorId, names: record.names, absent: items === undefined ? true : undefined });
}

/** Items due now, oldest first. */
export function dueItems(queue: QueueRecord, now: number): Array<[string, QueueItem]> {
  return Object.entries(queue.items)
    .filter(([, item]) => item.due <= now)
    .sort(([, a], [, b]) => a.since - b.since || a.due - b.due);
}

/**
 * Path updates of the queue record, creating it (with its `items`) when needed. Where the record
 * is missing, the platform answers an update of "items.<key>" with 404 (UNCONFIRMED) or, as the
 * CLI does, 400 invalid path (its update 'set' starts from {}); both arrive as not_found. Then the
 * record is created with an empty `items` (setIf not_exist). If another handler created it first,
 * the update is simply tried again: its items must not be overwritten. Only a record that still
 * refuses the path (one without `items`, written by top-level paths alone, which upsert) gets an
 * empty map before the last try; the app itself never writes such a record (see writeBack).
 */
async function updateOrCreate(store: KvStore, updates: Record<string, unknown>): Promise<void> {
  if (await tryUpdate(store, updates)) return;
  if (await store.set(QUEUE_KEY, { v: 1, items: {} }, { setIf: 'not_exist' })) {
    await store.update(QUEUE_KEY, 'set', updates);
    return;
  }
  if (await tryUpdate(store, updates)) return;
  await store.update(QUEUE_KEY, 'set', { items: {} });
  await store.update(QUEUE_KEY, 'set', updates);
}

/** One path update; false when the record (or its `items`) is not there. */
async function tryUpdate(store: KvStore, updates: Record<string, unknown>): Promise<boolean> {
  try {
    await store.update(QUEUE_KEY, 'set', updates);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return false;
    throw error;
  }
}

/** The sweep's part of the tick's write: the cursor, and name maps newer than the record's copy. */
export interface SweepMark {
  cursor: number;
  cursorId: number;
  names?: NameParts;
}

/**
 * Applies the tick's outcome in at most two path updates (removals, then changes, cursor and
 * names). `read` is the queue as the tick read it: when it was absent, the record is created
 * whole (setIf not_exist) rather than by top-level paths, which would upsert a record without
 * `items` on which every later enqueue fails.
 */
export async function writeBack(store: KvStore, read: Pick<QueueRecord, 'absent'>, done: string[], changed: Record<string, QueueItem>, mark?: SweepMark): Promise<void> {
  if (done.length > 0) await store.remove(QUEUE_KEY, done.map((key) => `items.${key}`));
  const top: Record<string, unknown> = mark === undefined ? {} : { cursor: mark.cursor, cursorId: mark.cursorId, ...(mark.names === undefined ? {} : { names: mark.names }) };
  if (Object.keys(changed).length + Object.keys(top).length === 0) return;
  if (read.absent === true && (await store.set(QUEUE_KEY, { v: 1, items: { ...changed }, ...top }, { setIf: 'not_exist' }))) return;
  const updates: Record<string, unknown> = Object.fromEntries(Object.entries(changed).map(([key, item]) => [`items.${key}`, item]));
  await updateOrCreate(store, Object.assign(updates, top));
}
