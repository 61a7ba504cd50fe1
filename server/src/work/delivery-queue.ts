/**
 * The retry queue, split so that no record can outgrow the platform's size limit:
 * - the index `q`: one small entry per item (kind, ticket, attempts, when due, since when, why),
 *   the sweep cursor, and a copy of the name maps while they are small (MAX_NAMES_BYTES), so the
 *   tick reads one record. It is bounded (MAX_INDEX_ITEMS) so that it stays under the 8 KB CLI69
 *   allows a value (docs/platform-rules.md "$db"), well under the documented 40 KB;
 * - one payload record `q:<itemKey>` for each status change or callback (the text it carries),
 *   written once when the item is queued, read when the drain runs it, and left to expire
 *   (PAYLOAD_TTL_S) rather than deleted, which would cost an operation per item. A delivery needs
 *   none: the Signl body is in the ticket's record.
 * An item the full index cannot take is not dropped: enqueue says 'full' and the caller keeps it
 * elsewhere (park.ts enqueueOrPark parks it). Items are added and removed with path updates, so
 * concurrent handlers never overwrite each other. An index written by an older version (items
 * inline, a name-map copy of any size) is still read and drained.
 */
import { compact } from '../text/compact.js';
import { AppError } from '../errors/errors.js';
import type { NameParts } from '../freshservice/reference-cache.js';
import type { KvStore } from '../platform/platform-types.js';
import type { CallbackRecord } from '../signl4/parse-callback.js';
import type { CallbackPlan } from '../signl/ticket-state.js';
import { shortId } from './schedule-rules.js';
import { bytes, scheduleDataSize } from './park-size.js';
import { TIMELINE_TEXT } from '../signl/ticket-state.js';

interface ItemBase {
  /** Ticket id. */
  t: number;
  /** Attempts made so far. */
  n: number;
  /** When the next attempt is due (ms). */
  due: number;
  /** When the item was first queued (ms). */
  since: number;
  /** Why it waits, for the sidebar and the diagnostics page (at most MAX_REASON characters in the index). */
  r: string;
}

export type QueueItem =
  | (ItemBase & { k: 'd' })
  | (ItemBase & { k: 's'; st: 'acknowledged' | 'resolved'; xid: string; note: string })
  | (ItemBase & { k: 'c'; cb: CallbackRecord; plan: CallbackPlan; noteDone: boolean });

/** What the index holds of an item: enough to pick due work and to show it; a callback's progress too. */
export type QueueEntry = (ItemBase & { k: 'd' }) | (ItemBase & { k: 's' }) | (ItemBase & { k: 'c'; noteDone?: boolean });

export interface QueueRecord {
  v: 1;
  items: Record<string, QueueEntry>;
  /** Sweep cursor: tickets updated since this time (ms) are checked for missed events... */
  cursor?: number;
  /** ...after the ticket with this id among those updated at exactly `cursor`. */
  cursorId?: number;
  /** The first list page worth reading for the cursor's second (sweep-missed.ts): the ones before hold only handled tickets. */
  cursorPage?: number;
  /** A copy of the reference cache's name maps, at most MAX_NAMES_BYTES (written by the tick only). */
  names?: NameParts;
  /**
   * Claims the sweep looks at again (ticket id -> when claimed, ms), at most MAX_RECHECK: a forward
   * found claimed but not recorded, whose handler may still be running or may have been stopped
   * (forward/sweep-missed.ts). Written by the tick only.
   */
  recheck?: Record<string, number>;
  /** Where the sweep's scope of new tickets starts (forward/sweep-missed.ts SweepReport.scopeFrom). Written by the tick only. */
  scopeFrom?: number;
  /** Not stored: items of an older version's index that carry their payload inline. */
  inline?: Record<string, QueueItem>;
  /** Not stored: set by readQueue when there was no record (or one without `items`) to read. */
  absent?: true;
}

export const QUEUE_KEY = 'q';
export const MAX_ATTEMPTS = 8;
export const MAX_AGE_MS = 24 * 60 * 60_000;
/** Backoff per attempt (minutes); Retry-After wins when longer. */
const BACKOFF_MINUTES = [1, 2, 4, 8, 15, 30, 60, 120] as const;

/** The reason kept in the index: plain words, cut to this many characters (plainWords' sentences are shorter). */
export const MAX_REASON = 60;
/**
 * Size of one index entry, its key and punctuation included, by the larger of the two measures
 * (UTF-8 bytes of the JSON, which the documented 40 KB counts; CLI69's objsize: key and string
 * lengths, 8 per number). A 24-character key, a 10-digit ticket, 13-digit times and a 60-character
 * ASCII reason measure 161; a reason with wider characters is cut further until the entry fits.
 */
export const MAX_ENTRY_BYTES = 170;
/** The name maps are copied into the index only while they measure at most this much (else the sweep reads the reference cache). */
export const MAX_NAMES_BYTES = 1024;
/**
 * Entries the index accepts. 8,192 (CLI69) - 128 for the record's own parts ({"v":1,"items":{},
 * "cursor":<13 digits>,"cursorId":<10 digits>,"names":} is 70, a key of 1) - MAX_NAMES_BYTES
 * = 7,040; / 170 = 41 entries. Enqueue reads the index, then adds by path: handlers enqueueing
 * at the same moment may each see room for one, so 7 of the 41 are left for them: 34; three more
 * make room for the claims to look at again (MAX_RECHECK): 31 accepted.
 */
export const MAX_INDEX_ITEMS = 31;
/**
 * Claims the index keeps to look at again: 16 entries of a 10-digit id and a 13-digit time measure
 * at most 28 bytes each (448, with the map's own key 460), which the three index entries given up
 * above (510) make room for.
 */
export const MAX_RECHECK = 16;
/** The longest text a payload keeps (a queued note, a status change's "by"), in characters (code points); longer ones end in "…". */
export const MAX_PAYLOAD_TEXT = 3500;
/**
 * A payload record's budget by each measure: CLI69's objsize stays under its 8 KB (a 3,500-emoji
 * note is 7,000 by it: UTF-16 units), UTF-8 under half the documented 40 KB (4 bytes an emoji).
 */
export const MAX_PAYLOAD_OBJSIZE = 7800;
export const MAX_PAYLOAD_UTF8 = 20_480;
/** Payload records expire two days after they were written: an item gives up after one (MAX_AGE_MS). */
export const PAYLOAD_TTL_S = 2 * 24 * 60 * 60;

/**
 * An item's key in `items`: at most 24 characters, so that the path "items.<key>" stays within
 * the 30 characters $db allows an attribute name (CLI69 lib/api/db.js), and the payload record's
 * key "q:<key>" within the 30 of a key; a long callback id is hashed.
 */
export function itemKey(item: Pick<QueueItem, 'k' | 't'> & { cb?: { id: string } }): string {
  const suffix = item.k === 'c' && item.cb !== undefined ? `_${shortId(item.cb.id, 12)}` : '';
  return `${item.k}${item.t}${suffix}`;
}

export function payloadKey(key: string): string {
  return `${QUEUE_KEY}:${key}`;
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

/** UTF-8 bytes of a string (bytes() measures a value's JSON, quotes included). */
const utf8 = (text: string): number => bytes(text) - 2;

/** A value's size by the larger of both measures (UTF-8 of its JSON; objsize). */
export function recordSize(value: unknown): { utf8: number; objsize: number } {
  return { utf8: utf8(JSON.stringify(value)), objsize: scheduleDataSize(value) };
}

/**
 * `text` cut to at most `points` characters and within the byte room given by each measure, ending
 * in "…" when cut. One pass over the characters: it always ends.
 */
export function cutText(text: string, points: number, room: { utf8: number; objsize: number }): string {
  const chars = Array.from(text);
  const fits = (n: number): boolean => utf8(chars.slice(0, n).join('')) <= room.utf8 && chars.slice(0, n).join('').length <= room.objsize;
  if (chars.length <= points && fits(chars.length)) return text;
  let kept = 0;
  let bytes = 3; // the "…"
  let units = 1;
  for (const char of chars) {
    const size = utf8(char);
    if (kept + 1 >= points || bytes + size > room.utf8 || units + char.length > room.objsize) break;
    kept += 1;
    bytes += size;
    units += char.length;
  }
  return `${chars.slice(0, kept).join('')}…`;
}

function entrySize(key: string, entry: QueueEntry): number {
  const size = recordSize({ [key]: entry });
  return Math.max(size.utf8 - 2, size.objsize);
}

/** The index entry of an item, its reason cut to fit MAX_ENTRY_BYTES. */
export function entryOf(item: QueueEntry): QueueEntry {
  const base = { t: item.t, n: item.n, due: item.due, since: item.since };
  const entry: QueueEntry = item.k === 'c' ? { k: 'c', ...base, r: '', ...(item.noteDone === true ? { noteDone: true as const } : {}) } : { k: item.k, ...base, r: '' };
  const room = MAX_ENTRY_BYTES - entrySize(itemKey({ k: item.k, t: item.t }) + '_'.repeat(13), entry);
  entry.r = cutText(item.r, MAX_REASON, { utf8: room, objsize: room }) || '…';
  return entry;
}

type Payload = { st: 'acknowledged' | 'resolved'; xid: string; note: string } | { cb: CallbackRecord; plan: CallbackPlan };

/**
 * An item with its texts bounded, as it is stored and parked: a callback's own copy of the
 * annotation is dropped (its plan has the note; a replay uses the plan), the plan's timeline line
 * is cut as the timeline cuts it, and the note (or a status change's "by") is cut to
 * MAX_PAYLOAD_TEXT characters and to what the payload budget leaves.
 */
export function boundItem<T extends QueueItem>(item: T): T {
  if (item.k === 'd') return item;
  if (item.k === 's') return { ...item, note: cutText(item.note, MAX_PAYLOAD_TEXT, { utf8: MAX_PAYLOAD_UTF8 / 2, objsize: MAX_PAYLOAD_OBJSIZE / 2 }) };
  const cb: CallbackRecord = { ...item.cb };
  delete cb.text;
  const timeline = { k: item.plan.timeline.k, t: cutText(item.plan.timeline.t, TIMELINE_TEXT, { utf8: 4 * TIMELINE_TEXT, objsize: 2 * TIMELINE_TEXT }) };
  const plan: CallbackPlan = { ...item.plan, timeline };
  delete plan.note;
  const rest = recordSize({ cb, plan, note: '' });
  const note = item.plan.note === undefined ? {} : { note: cutText(item.plan.note, MAX_PAYLOAD_TEXT, { utf8: MAX_PAYLOAD_UTF8 - rest.utf8, objsize: MAX_PAYLOAD_OBJSIZE - rest.objsize }) };
  return { ...item, cb, plan: { ...plan, ...note } };
}

function payloadOf(item: Exclude<QueueItem, { k: 'd' }>): Payload {
  return item.k === 's' ? { st: item.st, xid: item.xid, note: item.note } : { cb: item.cb, plan: item.plan };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An older index's item that carries its payload inline. */
function inlineItem(value: unknown): QueueItem | undefined {
  if (!isRecord(value)) return undefined;
  if (value['k'] === 's' && typeof value['xid'] === 'string') return value as unknown as QueueItem;
  if (value['k'] === 'c' && isRecord(value['cb']) && isRecord(value['plan'])) return value as unknown as QueueItem;
  return undefined;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function asEntry(value: unknown): QueueEntry | undefined {
  if (!isRecord(value) || typeof value['t'] !== 'number') return undefined;
  const k = value['k'];
  const base = { t: value['t'], n: num(value['n']), due: num(value['due']), since: num(value['since']), r: text(value['r']) };
  if (k === 'd' || k === 's') return { k, ...base };
  return k === 'c' ? { k, ...base, ...(value['noteDone'] === true ? { noteDone: true } : {}) } : undefined;
}

function itemsOf(record: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const items = record?.['items'];
  return isRecord(items) ? items : undefined;
}

/** The entries of a stored `items`, and (older index) the items that carry their payload inline. */
function entriesOf(stored: Record<string, unknown>): Pick<QueueRecord, 'items' | 'inline'> {
  const items: Record<string, QueueEntry> = {};
  const inline: Record<string, QueueItem> = {};
  for (const [key, value] of Object.entries(stored)) {
    const entry = asEntry(value);
    if (entry === undefined) continue;
    items[key] = entry;
    const old = inlineItem(value);
    if (old !== undefined) inline[key] = old;
  }
  return Object.keys(inline).length > 0 ? { items, inline } : { items };
}

/** The sweep's cursor as stored (numbers only). */
function cursorOf(record: Record<string, unknown>): Pick<QueueRecord, 'cursor' | 'cursorId' | 'cursorPage' | 'recheck' | 'scopeFrom'> {
  const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
  const page = number(record['cursorPage']);
  return compact({ cursor: number(record['cursor']), cursorId: number(record['cursorId']), cursorPage: page !== undefined && page > 1 ? page : undefined, recheck: recheckOf(record['recheck']), scopeFrom: number(record['scopeFrom']) });
}

/** The claims to look at again, as stored (entries that are not id -> time are left out); undefined when there are none. */
function recheckOf(value: unknown): Record<string, number> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value).filter((entry): entry is [string, number] => /^\d+$/.test(entry[0]) && typeof entry[1] === 'number');
  return entries.length === 0 ? undefined : Object.fromEntries(entries.slice(0, MAX_RECHECK));
}

/** The index (one read). */
export async function readQueue(store: KvStore): Promise<QueueRecord> {
  const record = (await store.get<Record<string, unknown>>(QUEUE_KEY)) ?? {};
  const stored = itemsOf(record);
  const { names } = record;
  return compact<QueueRecord>({
    v: 1,
    ...entriesOf(stored ?? {}),
    ...cursorOf(record),
    names: isRecord(names) ? (names as NameParts) : undefined,
    absent: stored === undefined ? true : undefined,
  });
}

/** A status change from its entry and payload record, when the payload has its shape. */
function statusFrom(entry: Extract<QueueEntry, { k: 's' }>, payload: Record<string, unknown>): QueueItem | undefined {
  const { st, xid } = payload;
  return typeof xid === 'string' && (st === 'acknowledged' || st === 'resolved') ? { ...entry, st, xid, note: text(payload['note']) } : undefined;
}

/** A callback from its entry and payload record, when the payload has its shape. */
function callbackFrom(entry: Extract<QueueEntry, { k: 'c' }>, payload: Record<string, unknown>): QueueItem | undefined {
  const { cb, plan } = payload;
  return isRecord(cb) && isRecord(plan) ? { ...entry, cb: cb as unknown as CallbackRecord, plan: plan as unknown as CallbackPlan, noteDone: entry.noteDone === true } : undefined;
}

/** An older index's item, with the progress its entry records. */
function withProgress(old: QueueItem, entry: QueueEntry): QueueItem {
  if (old.k !== 'c') return { ...old, n: entry.n, due: entry.due, since: entry.since, r: entry.r };
  return { ...old, n: entry.n, due: entry.due, since: entry.since, r: entry.r, noteDone: old.noteDone || (entry.k === 'c' && entry.noteDone === true) };
}

/**
 * The whole item of an index entry: a delivery is its entry; an older index's item is inline;
 * otherwise its payload record is read (one operation). Undefined when the payload is gone.
 */
export async function loadItem(store: KvStore, queue: Pick<QueueRecord, 'inline'>, key: string, entry: QueueEntry): Promise<QueueItem | undefined> {
  if (entry.k === 'd') return { ...entry, k: 'd' };
  const old = queue.inline?.[key];
  if (old !== undefined) return withProgress(old, entry);
  const payload = await store.get<Record<string, unknown>>(payloadKey(key));
  if (payload === undefined) return undefined;
  return entry.k === 's' ? statusFrom(entry, payload) : callbackFrom(entry, payload);
}

/** One queued item, whole (index and payload: two reads), or undefined when it is not queued. */
export async function queuedItem(store: KvStore, key: string): Promise<QueueItem | undefined> {
  const queue = await readQueue(store);
  const entry = queue.items[key];
  return entry === undefined ? undefined : loadItem(store, queue, key, entry);
}

/**
 * Writes an item's payload record (nothing for a delivery). `keep`: a callback's payload already
 * stored is kept (setIf not_exist): a parked copy coming back may have been cut shorter than the
 * one written before it was parked, and one callback's payload never changes.
 */
export async function storePayload(store: KvStore, item: QueueItem, keep = false): Promise<void> {
  if (item.k === 'd') return;
  const bounded = boundItem(item);
  const setIf = keep && item.k === 'c' ? { setIf: 'not_exist' as const } : {};
  await store.set(payloadKey(itemKey(item)), payloadOf(bounded), { ttl: PAYLOAD_TTL_S, ...setIf });
}

export interface EnqueueOptions {
  /** The item was parked before (its payload was stored then, unless that write was refused). */
  comeback?: boolean;
}

/**
 * Adds an item: reads the index (one operation), writes the payload (status changes and
 * callbacks), then the entry (one path update). 'full' when the index holds MAX_INDEX_ITEMS other
 * items: the entry is not added (the payload is written all the same, so the full text is kept
 * for when the item comes back), and the caller keeps the item elsewhere.
 */
export async function enqueue(store: KvStore, item: QueueItem, options: EnqueueOptions = {}): Promise<'queued' | 'full'> {
  const key = itemKey(item);
  const index = await readQueue(store);
  const full = index.items[key] === undefined && Object.keys(index.items).length >= MAX_INDEX_ITEMS;
  if (!(full && options.comeback === true)) await storePayload(store, item, options.comeback === true);
  if (full) return 'full';
  await updateOrCreate(store, { [`items.${key}`]: entryOf(item) });
  return 'queued';
}

/** Items due now, oldest first. */
export function dueItems(queue: Pick<QueueRecord, 'items'>, now: number): Array<[string, QueueEntry]> {
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
  cursorPage?: number;
  names?: NameParts;
  /** The whole map of claims to look at again (the tick is its only writer); {} clears it. */
  recheck?: Record<string, number>;
  scopeFrom?: number;
}

/** Whether name maps are small enough to be copied into the index. */
export function namesFit(names: NameParts): boolean {
  const size = recordSize({ names });
  return Math.max(size.utf8, size.objsize) <= MAX_NAMES_BYTES;
}

/**
 * Applies the tick's outcome in at most two path updates (removals, then changed entries, the
 * cursor and names that fit). A copy of the name maps too large for the index (an older
 * version's) is removed with the removals. `read` is the queue as the tick read it: when it was absent, the record is created
 * whole (setIf not_exist) rather than by top-level paths, which would upsert a record without
 * `items` on which every later enqueue fails.
 */
export async function writeBack(store: KvStore, read: Pick<QueueRecord, 'absent' | 'names'>, done: string[], changed: Record<string, QueueEntry>, mark?: SweepMark): Promise<void> {
  if (done.length > 0) await store.remove(QUEUE_KEY, removalPaths(read, done));
  const entries = Object.fromEntries(Object.entries(changed).map(([key, item]) => [key, entryOf(item)]));
  const top = topPaths(mark);
  if (Object.keys(entries).length + Object.keys(top).length === 0) return;
  if (read.absent === true && (await store.set(QUEUE_KEY, { v: 1, items: entries, ...top }, { setIf: 'not_exist' }))) return;
  const updates: Record<string, unknown> = Object.fromEntries(Object.entries(entries).map(([key, entry]) => [`items.${key}`, entry]));
  await updateOrCreate(store, Object.assign(updates, top));
}

/** The done entries' paths, and a name-map copy too large for the index. */
function removalPaths(read: Pick<QueueRecord, 'names'>, done: string[]): string[] {
  const paths = done.map((key) => `items.${key}`);
  return read.names === undefined || namesFit(read.names) ? paths : [...paths, 'names'];
}

/** The cursor, and name maps when they fit. */
function topPaths(mark: SweepMark | undefined): Record<string, unknown> {
  if (mark === undefined) return {};
  const top: Record<string, unknown> = { cursor: mark.cursor, cursorId: mark.cursorId, ...(mark.cursorPage === undefined ? {} : { cursorPage: mark.cursorPage }) };
  if (mark.names !== undefined && namesFit(mark.names)) top['names'] = mark.names;
  if (mark.recheck !== undefined) top['recheck'] = mark.recheck;
  if (mark.scopeFrom !== undefined) top['scopeFrom'] = mark.scopeFrom;
  return top;
}
