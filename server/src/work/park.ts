/**
 * When the minute's $db budget is spent, what must not be lost is parked in a one-time $schedule
 * (which spends no $db operation) and taken back six minutes later (docs/specification.md §7: "kept and
 * retried"): a SIGNL4 callback that could not even be read against its ticket, a queue item the
 * queue record could not take, or the record of a Signl SIGNL4 accepted. Parking a callback also
 * raises a flag (another schedule) that the scheduled tick looks for: while it stands, the tick
 * leaves room in each minute for what comes back, so a long burst drain cannot starve an
 * acknowledgement. The same schedules serve as guards (placeGuard): work that must finish even if
 * its handler is stopped at the 20 s limit. What runs when they come back: run-scheduled-job.ts.
 */
import { AppError, isStoreThrottle } from '../errors/errors.js';
import type { CallbackRecord } from '../signl4/parse-callback.js';
import type { Deps } from '../platform/platform-types.js';
import { boundItem, enqueue, itemKey, MAX_AGE_MS, type QueueItem } from './delivery-queue.js';
import { fitName, ONE_TIME_LEAD_MS, shortId } from './schedule-rules.js';
import { bytes, scheduleDataSize } from './park-size.js';
import { dropParts, parkParts, readParts, splitText } from './parked-text.js';

export { bytes, scheduleDataSize } from './park-size.js';

export type ParkDeps = Pick<Deps, 'scheduler' | 'clock' | 'log'>;

/** When parked work comes back: as soon as a one-time schedule may run (schedule-rules.ts). */
export const PARK_DELAY_MS = ONE_TIME_LEAD_MS;
/** The flag schedule: while it exists, the tick keeps RESERVED_DB_OPS free each minute. */
export const RESERVE_FLAG = 's4-reserve';
/** Outlives the parked work it announces: a comeback at +6 minutes, and one more parking round. */
export const RESERVE_MS = 2 * PARK_DELAY_MS + 60_000;
/** $schedule data is limited to 4096 by the CLI's measure (see scheduleDataSize); parked text is cut to stay well inside. */
export const MAX_PARKED_BYTES = 3500;

/** When a job was first parked, and how many times it has come back (each parking is a new schedule name). */
export interface ParkOrigin {
  since: number;
  k: number;
}

export type ParkedJob =
  /** `parts`: schedules holding the rest of a text too long for one (parked-text.ts). */
  | ({ job: 'callback'; cb: CallbackRecord; parts?: string[] } & ParkOrigin)
  | ({ job: 'item'; item: QueueItem } & ParkOrigin)
  /** SIGNL4 accepted a Signl whose state could not be written: it must never be sent again. */
  | ({ job: 'sent'; t: number; xid: string; ev?: string; at: number } & ParkOrigin)
  /** The guard of a forward: if its handler is stopped, the claim is checked and finished. */
  | ({ job: 'forward'; t: number } & ParkOrigin)
  | { job: 'reserve' }
  /** A piece of a parked callback's long text: read by its callback, never run by itself. */
  | { job: 'part' };

/** Where a new job starts; `again` for a job that came back and must be parked once more. */
export function origin(now: number, again?: ParkOrigin): ParkOrigin {
  return again === undefined ? { since: now, k: 0 } : { since: again.since, k: again.k + 1 };
}

export type Parkable = Exclude<ParkedJob, { job: 'reserve' } | { job: 'part' }>;

/** Unique per job and comeback (a schedule may still exist while it runs: UNCONFIRMED); fitName keeps it within 30 characters. */
const WHAT: { [K in Parkable['job']]: (job: Extract<Parkable, { job: K }>) => string } = {
  callback: (job) => `cb-${shortId(job.cb.id, 16)}`,
  item: (job) => `q-${itemKey(job.item)}`,
  sent: (job) => `sent-${job.t}`,
  forward: (job) => `t${job.t}`,
};

/** The readable name of a parked job (before fitName), without the guard's "g-". */
function readableName(job: Parkable): string {
  return `${(WHAT[job.job] as (j: Parkable) => string)(job)}-${job.k}`;
}

export function parkedName(job: Parkable): string {
  return fitName(`s4-${readableName(job)}`);
}

export function guardName(job: Extract<Parkable, { job: 'callback' | 'forward' }>): string {
  return fitName(`s4-g-${readableName(job)}`);
}

/** The text a job may carry at length: a callback's annotation, or a queued callback's note. */
function textHolder(copy: Record<string, Record<string, unknown> | undefined>): { holder: Record<string, unknown>; field: string } | undefined {
  if (copy['cb'] !== undefined) return { holder: copy['cb'], field: 'text' };
  const plan = copy['item']?.['plan'] as Record<string, unknown> | undefined;
  return plan === undefined ? undefined : { holder: plan, field: 'note' };
}

/** Cuts the long text until the job fits the schedule's data limit (a queued callback's own copy of the annotation is dropped: its plan has the note). */
export function fitted<T extends ParkedJob>(job: T): T {
  const copy = JSON.parse(JSON.stringify(job)) as Record<string, Record<string, unknown> | undefined>;
  const queuedCallback = copy['item']?.['cb'] as Record<string, unknown> | undefined;
  if (queuedCallback !== undefined) delete queuedCallback['text'];
  const text = textHolder(copy);
  const size = (): number => Math.max(bytes(copy), scheduleDataSize(copy));
  // Stops once the text is down to its ellipsis: what is left is too big without it (nothing more to cut).
  while (text !== undefined && size() > MAX_PARKED_BYTES && typeof text.holder[text.field] === 'string' && (text.holder[text.field] as string).length > 1) {
    const value = text.holder[text.field] as string;
    text.holder[text.field] = `${value.slice(0, Math.floor(value.length * 0.8))}…`;
  }
  return copy as unknown as T;
}

/**
 * Room is reserved for what someone did in SIGNL4 (a callback, or its queued rest), and for the
 * record of a Signl SIGNL4 accepted (until it is written, the sweep cannot tell it from a forward
 * whose handler was stopped): they should not wait for a drain to end. Other parked work is one or
 * two operations and comes back whenever the minute has them.
 */
function carriesCallback(job: Parkable): boolean {
  return job.job === 'callback' || job.job === 'sent' || (job.job === 'item' && job.item.k === 'c');
}

async function raiseReserve(deps: ParkDeps): Promise<void> {
  await deps.scheduler.delete(RESERVE_FLAG);
  await deps.scheduler.create({ name: RESERVE_FLAG, data: { job: 'reserve' }, scheduleAt: new Date(deps.clock.now() + RESERVE_MS) });
}

/** A callback whose text would not fit its schedule keeps the first piece and names the part schedules holding the rest. */
async function withTextParts(deps: ParkDeps, job: Parkable, name: string): Promise<Parkable> {
  if (job.job !== 'callback' || typeof job.cb.text !== 'string' || Math.max(bytes(job), scheduleDataSize(job)) <= MAX_PARKED_BYTES) return job;
  const pieces = splitText(job.cb.text);
  const parts = await parkParts(deps, name, pieces);
  return { ...job, cb: { ...job.cb, text: pieces[0] ?? '' }, parts };
}

/**
 * A parked callback coming back: its text put together from its parts (when it had any), handled
 * by `handle`, and the parts deleted afterwards. A part that cannot be read leaves the text as parked.
 */
export async function withParkedText<T>(deps: ParkDeps, job: Extract<ParkedJob, { job: 'callback' }>, handle: (cb: CallbackRecord, again: ParkOrigin) => Promise<T>): Promise<T> {
  const parts = job.parts ?? [];
  const rest = parts.length === 0 ? '' : await readParts(deps, parts).catch((error: unknown) => {
    deps.log.error('could not read the rest of a parked text; it is applied as parked', { error: String(error) });
    return undefined;
  });
  const cb = rest === undefined || rest === '' ? job.cb : { ...job.cb, text: `${job.cb.text ?? ''}${rest}` };
  const outcome = await handle(cb, { since: job.since, k: job.k });
  await dropParts(deps, parts);
  return outcome;
}

/**
 * Parks a job; false when it is older than a day (given up: the caller says so). A job parked
 * twice under one name (the same notification, the same queue item) is parked once.
 */
export async function park(deps: ParkDeps, job: Parkable): Promise<boolean> {
  const now = deps.clock.now();
  if (now - job.since > MAX_AGE_MS) return false;
  const name = parkedName(job);
  const outcome = await deps.scheduler.create({ name, data: { ...fitted(await withTextParts(deps, job, name)) }, scheduleAt: new Date(now + PARK_DELAY_MS) });
  if (carriesCallback(job)) await raiseReserve(deps);
  deps.log.warn('the $db budget of this minute is spent: parked, and taken back in six minutes', { schedule: name, outcome });
  return true;
}

/**
 * Adds an item to the retry queue, or parks it when the queue cannot take it: the queue's index
 * is full (delivery-queue.ts MAX_INDEX_ITEMS; the item's payload record is written all the same),
 * or its records cannot be written this minute. What is parked is the item with its texts bounded
 * (boundItem), so it fits a schedule's data. `again`: the origin of a parked item that came back.
 * A full index past the item's age cap (a day) is an error the caller reports, like a spent budget.
 */
export async function enqueueOrPark(deps: ParkDeps & Pick<Deps, 'store'>, item: QueueItem, again?: ParkOrigin): Promise<'queued' | 'parked'> {
  const bounded = boundItem(item);
  let refusal: unknown = queueFull(item);
  try {
    if ((await enqueue(deps.store, bounded, { comeback: again !== undefined })) === 'queued') return 'queued';
  } catch (error) {
    if (!isStoreThrottle(error)) throw error;
    refusal = error;
  }
  if (!(await park(deps, { job: 'item', item: bounded, ...origin(deps.clock.now(), again) }))) throw refusal;
  return 'parked';
}

function queueFull(item: QueueItem): AppError {
  return new AppError({
    code: 'store_failed',
    operation: '$db update q',
    message: `The retry queue stayed full for a day; ticket ${item.t}'s queued change was given up.`,
    fix: 'Make the change by hand in SIGNL4 or on the ticket.',
  });
}

/**
 * A guard for a callback being applied or a Signl being forwarded: the job, parked before the
 * first $db call that matters and removed when it is done. If the handler is stopped (its 20 s
 * limit) in between, the guard comes back and the work is finished from what the state records
 * (handle-callback.ts, forward-ticket.ts).
 * Undefined when the schedule could not be created (the callback goes on unguarded, said in the log).
 */
export async function placeGuard(deps: ParkDeps, job: Extract<Parkable, { job: 'callback' | 'forward' }>): Promise<string | undefined> {
  const name = guardName(job);
  try {
    await deps.scheduler.create({ name, data: { ...fitted(job) }, scheduleAt: new Date(deps.clock.now() + PARK_DELAY_MS) });
    return name;
  } catch (error) {
    deps.log.warn(`could not guard the ${job.job} against a stopped handler; going on unguarded`, { error: String(error) });
    return undefined;
  }
}

export async function removeGuard(deps: ParkDeps, name: string | undefined): Promise<void> {
  if (name === undefined) return;
  try {
    await deps.scheduler.delete(name);
  } catch (error) {
    deps.log.warn('could not remove the guard of an applied callback; when it comes back it finds the work done', { schedule: name, error: String(error) });
  }
}

/**
 * The comebacks looked for. A parked record of a send raises the reserve flag, so its comeback
 * finds room and is rarely parked again: four parkings (24 minutes of spent minutes in a row) are
 * looked for. A parked delivery found later than that only sends what the claim would have sent.
 */
const SENT_COMEBACKS = [0, 1, 2, 3];
const ITEM_COMEBACKS = [0, 1];

/**
 * Whether a record of this ticket's send, or its delivery for the retry queue, is parked and waits
 * to come back (parked once or twice: a comeback that finds the budget spent parks again). A claim
 * with such a job is not left unsettled: the job settles it. Up to six $schedule reads, one per
 * name, stopping at the first found; the sweep asks only for a claim it found unsettled and stale.
 */
export async function parkedForTicket(deps: Pick<Deps, 'scheduler'>, ticketId: number): Promise<boolean> {
  const names = [
    ...SENT_COMEBACKS.map((k) => parkedName({ job: 'sent', t: ticketId, xid: '', at: 0, since: 0, k })),
    ...ITEM_COMEBACKS.map((k) => parkedName({ job: 'item', item: { k: 'd', t: ticketId, n: 0, due: 0, since: 0, r: '' }, since: 0, k })),
  ];
  for (const name of names) if (await deps.scheduler.exists(name)) return true;
  return false;
}


/** Whether a parked job is waiting to come back (the tick then leaves room for it). */
export function parkedWorkWaiting(deps: Pick<Deps, 'scheduler'>): Promise<boolean> {
  return deps.scheduler.exists(RESERVE_FLAG);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parkedCallback(cb: Record<string, unknown> | undefined): boolean {
  return typeof cb?.['id'] === 'string' && typeof cb['type'] === 'number';
}

function parkedItem(item: Record<string, unknown> | undefined): boolean {
  return typeof item?.['k'] === 'string' && ['d', 's', 'c'].includes(item['k']) && typeof item['t'] === 'number';
}

const SHAPES = new Map<string, (job: Record<string, unknown>) => boolean>([
  ['callback', (job) => parkedCallback(record(job['cb']))],
  ['item', (job) => parkedItem(record(job['item']))],
  ['sent', (job) => typeof job['t'] === 'number' && typeof job['xid'] === 'string'],
  ['forward', (job) => typeof job['t'] === 'number'],
]);

function hasOrigin(job: Record<string, unknown>): boolean {
  return typeof job['since'] === 'number' && typeof job['k'] === 'number';
}

/** The scheduled event's data, when it is a parked job (the tick's own data is `{ job: 'tick' }`). */
export function asParkedJob(data: unknown): ParkedJob | undefined {
  const job = record(data) ?? {};
  if (job['job'] === 'reserve') return { job: 'reserve' };
  if (job['job'] === 'part') return { job: 'part' };
  const shape = SHAPES.get(String(job['job']));
  return shape !== undefined && hasOrigin(job) && shape(job) ? (job as ParkedJob) : undefined;
}
