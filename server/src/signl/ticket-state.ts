/**
 * What the app remembers per ticket, in one $db record `t:<ticketId>` (well under 40 KB):
 * the current Signl (external id, generation, eventIds SIGNL4 returned, bound alert id), its
 * state, who acknowledged/closed it, the callback ids already applied, the status the app itself
 * set (echo suppression), the pending Signl body while queued, and a short timeline.
 *
 * Handlers run concurrently (an acknowledgement and a close delivered at the same moment), and
 * $db has no compare-and-set. So what two handlers may write at once is never a whole list or a
 * single slot: timeline entries (`log.<key>`), applied callback ids (`seen.<id>`) and echo markers
 * (`echo<statusId>`) are separate attributes, and the acknowledgement and the close are their own
 * attributes (ackAt/clsAt) from which the state is derived on read, so a later write can never
 * move a closed Signl back. `tl`, `cb` and `echo` are still read (records written before).
 */
import { fnv1a64 } from '../text/fnv1a.js';
import type { TimelineKind } from './timeline-kind.js';
import type { SignlBody } from '../signl4/signl-body.js';

export type SignlStateName = 'queued' | 'open' | 'acknowledged' | 'closed' | 'failed';

/** What a verified SIGNL4 callback does to the ticket and its Signl, as data (callbacks/callback-plan.ts plans it). */
export interface CallbackPlan {
  /** Plain text of the note, or undefined for none. */
  note?: string;
  /** Status name to set (resolved to an id by the caller). */
  status?: string;
  /** SIGNL4 user's email whose agent should be assigned. */
  assignEmail?: string;
  /** New Signl state, when the callback moves it. */
  state?: SignlStateName;
  timeline: { k: TimelineKind; t: string };
}

export interface TimelineEntry {
  at: number;
  k: TimelineKind;
  t: string;
}

export interface DeliveryInfo {
  attempts: number;
  reason: string;
  fix: string;
  next?: number;
}

export interface TicketState {
  v: 1;
  id: number;
  gen: number;
  xid: string;
  st: SignlStateName;
  /** eventIds SIGNL4 returned for this Signl (new, and status events). */
  ev: string[];
  alert?: string;
  fwdAt?: number;
  ackBy?: string;
  ackAt?: number;
  clsBy?: string;
  clsAt?: number;
  /** Callback ids already applied (newest last): the record's `cb` list and `seen` map, merged on read. */
  cb: string[];
  /** A ticket status the app set itself, not to be echoed back to SIGNL4 (the older single marker; see echoUntil). */
  echo?: { status: number; until: number } | null;
  /** Applied callback ids (shortened) -> when SIGNL4 raised the callback (ms); written one path at a time. */
  seen?: Record<string, number>;
  /**
   * The newest raise time among callback ids pruned from `seen`: a first delivery raised no later
   * than this is older than every id the record keeps, and is taken as already applied (a replay).
   */
  seenUpTo?: number;
  /** Timeline entries by key; written one path at a time (tl below is the merged, ordered view). */
  log?: Record<string, TimelineEntry>;
  /**
   * What the last failed send of this Signl tells: 'refused' when SIGNL4 answered (it has no
   * Signl), 'maybe' when no answer came (a timeout, a dropped connection: it may have one).
   */
  sendOutcome?: 'refused' | 'maybe' | null;
  /** A status the app asked of SIGNL4 whose answer was lost (it may have been done). */
  asked?: { st: 'acknowledged' | 'resolved'; at: number } | null;
  /** The plan of the callback being applied, kept until the next: a stopped handler's guard resumes from it. */
  pend?: { id: string; plan: CallbackPlan } | null;
  /** The Signl body while it waits for delivery. */
  body?: SignlBody | null;
  /** The sweep's batch record that says whether this claim was sent (sent-batch.ts); null once settled. */
  b?: string | null;
  /** Set by read-ticket.ts when the batch settled this claim on read; never stored (update-record.ts writes the settlement with the next change). */
  folded?: true;
  del?: DeliveryInfo | null;
  tl: TimelineEntry[];
}

export const MAX_TIMELINE = 20;
export const MAX_CALLBACK_IDS = 40;
export const TIMELINE_TEXT = 300;

export function stateKey(ticketId: number): string {
  return `t:${ticketId}`;
}

export function entry(at: number, k: TimelineKind, t: string): TimelineEntry {
  const points = Array.from(t);
  return { at, k, t: points.length > TIMELINE_TEXT ? `${points.slice(0, TIMELINE_TEXT - 1).join('')}…` : t };
}

export function withTimeline(timeline: TimelineEntry[], ...added: TimelineEntry[]): TimelineEntry[] {
  return [...timeline, ...added].slice(-MAX_TIMELINE);
}

export function withCallback(ids: string[], id: string): string[] {
  return [...ids.filter((x) => x !== id), id].slice(-MAX_CALLBACK_IDS);
}

/** The timeline entry of a Signl SIGNL4 accepted. */
export function raisedEntry(at: number): TimelineEntry {
  return entry(at, 'forwarded', 'Signl raised in SIGNL4.');
}

/** The record's attributes once SIGNL4 accepted its Signl (markSent, the batch read, the settlement of a batch claim). */
export function raisedAttributes(ev: string[], at: number): Pick<TicketState, 'st' | 'ev' | 'fwdAt' | 'body' | 'del' | 'sendOutcome' | 'b'> {
  return { st: 'open', ev, fwdAt: at, body: null, del: null, sendOutcome: null, b: null };
}

/** A sweep's claim whose send is recorded in its batch, not yet in the record itself (read-ticket.ts). */
export function isBatchClaim(state: TicketState): state is TicketState & { b: string } {
  return state.st === 'queued' && typeof state.b === 'string' && state.ackAt === undefined && state.clsAt === undefined;
}

export function isOpen(state: TicketState): boolean {
  return state.st === 'open' || state.st === 'acknowledged';
}

/**
 * Whether SIGNL4 may have this Signl although the app never recorded its send: it never answered a
 * refusal of it (forward-ticket.ts recordSendOutcome). Only then may SIGNL4's confirmation, or a
 * callback without a bound eventId, stand for the send.
 */
export function mayHaveBeenSent(state: Pick<TicketState, 'sendOutcome'>): boolean {
  return state.sendOutcome !== 'refused';
}

/** A callback id as the `seen` map keys it: "seen.<id>" stays within $db's 30-character attribute path. */
export function seenId(id: string): string {
  return id.length <= 24 && /^[A-Za-z0-9_-]+$/.test(id) ? id : `h${fnv1a64(id).slice(0, 16)}`;
}

export function applied(state: TicketState, id: string): boolean {
  return state.cb.includes(id) || state.cb.includes(seenId(id));
}

/** The attribute that marks a status the app itself set: its own, so concurrent callbacks keep each other's. */
export const echoAttribute = (statusId: number): string => `echo${statusId}`;

/** The attributes of the echo markers a record holds that are still set (the older single `echo` aside). */
export function echoMarkers(state: TicketState): string[] {
  return Object.entries(state).filter(([key, value]) => /^echo\d+$/.test(key) && value !== null && value !== undefined).map(([key]) => key);
}

/** When a marker says the app itself set this status (ms), or undefined. */
export function echoUntil(state: TicketState, statusId: number): number | undefined {
  const own = (state as unknown as Record<string, unknown>)[echoAttribute(statusId)];
  if (typeof own === 'number') return own;
  return state.echo !== undefined && state.echo !== null && state.echo.status === statusId ? state.echo.until : undefined;
}


/** Past this many `log` or `seen` entries a write also removes the oldest (one more operation, now and then). */
const PRUNE_AT = { log: 28, seen: 60 } as const;
const KEEP = { log: MAX_TIMELINE, seen: MAX_CALLBACK_IDS } as const;

function entryKey(e: TimelineEntry): string {
  return `${e.at.toString(36)}${fnv1a64(`${e.k}${e.t}`).slice(0, 6)}`;
}

/**
 * The path updates that add timeline entries, a callback id, and echo markers to a record read as
 * `state`, without touching what another handler may be writing at the same time. A record
 * written before `log`/`seen` existed gets the map whole (once).
 */
export function additions(state: Pick<TicketState, 'log' | 'seen'>, entries: TimelineEntry[], callback?: { id: string; at: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (entries.length > 0) {
    if (state.log === undefined) out['log'] = Object.fromEntries(entries.map((e) => [entryKey(e), e]));
    else for (const e of entries) out[`log.${entryKey(e)}`] = e;
  }
  if (callback !== undefined) {
    const id = seenId(callback.id);
    if (state.seen === undefined) out['seen'] = { [id]: callback.at };
    else out[`seen.${id}`] = callback.at;
  }
  return out;
}

/** The attribute that moves the replay watermark past the `seen` entries prunable() will remove (none when it removes none). */
export function watermark(state: TicketState): Record<string, number> {
  const seen = Object.entries(state.seen ?? {}).sort(([, a], [, b]) => a - b);
  if (seen.length <= PRUNE_AT.seen) return {};
  const newestPruned = seen[seen.length - KEEP.seen - 1]?.[1];
  return newestPruned === undefined ? {} : { seenUpTo: Math.max(newestPruned, state.seenUpTo ?? Number.NEGATIVE_INFINITY) };
}

/**
 * A first delivery raised no later than the newest callback id pruned (see seenUpTo). That instant
 * is included: callbacks raised in one instant (SIGNL4 stamps whole seconds in places) are pruned
 * together or not at all in practice, and their replays must stay out; a genuine one raised then
 * but first delivered after 40 newer ones is the price (docs/design.md).
 */
export function olderThanRemembered(state: Pick<TicketState, 'seenUpTo'>, raisedAt: number | undefined): boolean {
  return typeof state.seenUpTo === 'number' && raisedAt !== undefined && raisedAt <= state.seenUpTo;
}

/** The oldest `log` and `seen` paths to remove, when either has grown past its bound (else none). */
export function prunable(state: TicketState): string[] {
  const oldest = <T>(map: Record<string, T> | undefined, at: (value: T) => number, kind: 'log' | 'seen'): string[] => {
    const keys = Object.entries(map ?? {}).sort(([, a], [, b]) => at(a) - at(b)).map(([key]) => key);
    return keys.length <= PRUNE_AT[kind] ? [] : keys.slice(0, keys.length - KEEP[kind]).map((key) => `${kind}.${key}`);
  };
  return [...oldest(state.log, (e) => e.at, 'log'), ...oldest(state.seen, (n) => n, 'seen')];
}

const arrayOr = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);
const mapOr = <T>(value: Record<string, T> | undefined): Record<string, T> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;

function looksLikeState(value: unknown): value is Partial<TicketState> {
  if (value === null || typeof value !== 'object') return false;
  const s = value as Partial<TicketState>;
  return s.v === 1 && typeof s.id === 'number' && typeof s.xid === 'string';
}

/** The close and the acknowledgement are their own attributes: a Signl once closed reads closed, whatever was written after. */
function derivedState(s: Partial<TicketState>): SignlStateName {
  if (typeof s.clsAt === 'number') return 'closed';
  if (typeof s.ackAt === 'number' && s.st !== 'closed') return 'acknowledged';
  return s.st as SignlStateName;
}

/** The record's `tl` list and `log` map as one timeline, oldest first, each entry once. */
function mergedTimeline(tl: TimelineEntry[], log: Record<string, TimelineEntry> | undefined): TimelineEntry[] {
  const added = Object.values(log ?? {}).filter((e) => e !== null && typeof e === 'object' && typeof e.at === 'number');
  const once = new Map([...tl, ...added].map((e) => [entryKey(e), e]));
  return [...once.values()].sort((a, b) => a.at - b.at).slice(-MAX_TIMELINE);
}

function mergedIds(cb: string[], seen: Record<string, number> | undefined): string[] {
  const later = Object.entries(seen ?? {}).sort(([, a], [, b]) => a - b).map(([id]) => id);
  return [...cb.filter((id) => !later.includes(id)), ...later];
}

/** A record read from $db that looks like ours (defensive against old or foreign shapes). */
export function asTicketState(value: unknown): TicketState | undefined {
  if (!looksLikeState(value)) return undefined;
  const log = mapOr(value.log);
  const seen = mapOr(value.seen);
  const state = { ...value, st: derivedState(value), ev: arrayOr(value.ev), cb: mergedIds(arrayOr(value.cb), seen), tl: mergedTimeline(arrayOr(value.tl), log) } as TicketState;
  if (log === undefined) delete state.log;
  if (seen === undefined) delete state.seen;
  return state;
}
