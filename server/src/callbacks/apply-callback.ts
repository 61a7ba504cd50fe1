/**
 * Carries out a callback plan on the ticket: one note, then ONE ticket update with status and
 * agent together (docs/specification.md §3). Freshservice 429/5xx/timeouts queue what is left (never
 * dropped); a refused status (required-for-closure fields) is recorded on the timeline and not
 * retried; a SIGNL4 user without a Freshservice agent is said in the note.
 */
import { AppError, isStoreThrottle, plainWords, toAppError } from '../errors/errors.js';
import { createNote, listNoteTextsSince, updateTicket } from '../freshservice/freshservice-client.js';
import { ReferenceCache } from '../freshservice/reference-cache.js';
import type { CallbackRecord } from '../signl4/parse-callback.js';
import { noteHtml } from './callback-plan.js';
import type { CallbackPlan } from '../signl/ticket-state.js';
import { updateRecord } from '../signl/update-record.js';
import { nextDue } from '../work/delivery-queue.js';
import { enqueueOrPark } from '../work/park.js';
import { recordError } from '../records/diagnostics-record.js';
import type { SyncContext } from '../context/sync-context.js';
import { additions, asTicketState, echoAttribute, entry, prunable, stateKey, watermark, type TicketState, type TimelineEntry } from '../signl/ticket-state.js';

export type ApplyOutcome = 'applied' | 'queued';

export const ECHO_WINDOW_MS = 15 * 60_000;

interface Prepared {
  note?: string;
  fields: { status?: number; responder_id?: number };
  timeline: TimelineEntry[];
}

async function prepare(ctx: SyncContext, plan: CallbackPlan, ref: ReferenceCache): Promise<Prepared> {
  const now = ctx.deps.clock.now();
  const prepared: Prepared = { ...(plan.note === undefined ? {} : { note: plan.note }), fields: {}, timeline: [] };
  if (plan.assignEmail !== undefined) {
    const agentId = await ref.agentId(plan.assignEmail);
    if (agentId === undefined) {
      const sentence = `No Freshservice agent has the email ${plan.assignEmail}, so the ticket was not assigned.`;
      prepared.note = prepared.note === undefined ? sentence : `${prepared.note}\n${sentence}`;
    } else prepared.fields.responder_id = agentId;
  }
  if (plan.status !== undefined) {
    const statusId = await ref.statusId(plan.status);
    if (statusId === undefined) prepared.timeline.push(entry(now, 'refused', `Status "${plan.status}" does not exist in Freshservice; the status was left unchanged.`));
    else prepared.fields.status = statusId;
  }
  return prepared;
}

async function refusedStatus(ctx: SyncContext, ticketId: number, prepared: Prepared, error: AppError): Promise<void> {
  const { responder_id: responder } = prepared.fields;
  prepared.timeline.push(entry(ctx.deps.clock.now(), 'refused', `Freshservice refused the status change: ${error.details.join('; ') || error.message}`));
  delete prepared.fields.status;
  await recordError(ctx.deps.store, ctx.deps.clock, ctx.deps.log, error);
  if (responder !== undefined) await updateTicket(ctx.fs, ticketId, { responder_id: responder });
}

async function writeTicket(ctx: SyncContext, ticketId: number, prepared: Prepared): Promise<void> {
  if (Object.keys(prepared.fields).length === 0) return;
  try {
    await updateTicket(ctx.fs, ticketId, prepared.fields);
  } catch (error) {
    const failure = toAppError('update ticket', error);
    if (failure.code !== 'rejected' || prepared.fields.status === undefined) throw failure;
    await refusedStatus(ctx, ticketId, prepared, failure);
  }
}

/** The status the app sets is remembered for a while so its onTicketUpdate is not echoed to SIGNL4. */
function echoOf(ctx: SyncContext, prepared: Prepared): Record<string, unknown> {
  const status = prepared.fields.status;
  return status === undefined ? {} : { [echoAttribute(status)]: ctx.deps.clock.now() + ECHO_WINDOW_MS };
}

function transition(plan: CallbackPlan, who: string, at: number): Record<string, unknown> {
  if (plan.state === 'acknowledged') return { st: plan.state, ackBy: who, ackAt: at };
  if (plan.state === 'closed') return { st: plan.state, clsBy: who, clsAt: at };
  return plan.state === undefined ? {} : { st: plan.state };
}

/**
 * A claim whose send was never recorded (its handler was stopped, or the sweep marked it "cannot
 * tell"): SIGNL4's callback for its external id proves the Signl exists, so it is recorded as raised.
 */
function raisedAfterAll(state: TicketState, at: number): { changes: Record<string, unknown>; tl: TimelineEntry[] } {
  if (state.st !== 'queued' && state.st !== 'failed') return { changes: {}, tl: [] };
  return { changes: { fwdAt: at, body: null, del: null }, tl: [entry(at, 'forwarded', 'Signl raised in SIGNL4 (its callback showed it; the app had been stopped before it could record it).')] };
}

function stateChanges(ctx: SyncContext, state: TicketState, cb: CallbackRecord, plan: CallbackPlan, prepared: Prepared): Record<string, unknown> {
  const at = cb.at ?? ctx.deps.clock.now();
  const raised = raisedAfterAll(state, at);
  return {
    ...raised.changes,
    ...additions(state, [...raised.tl, entry(at, plan.timeline.k, plan.timeline.t), ...prepared.timeline], { id: cb.id, at }),
    ...watermark(state),
    pend: { id: cb.id, plan },
    ...transition(plan, cb.user ?? cb.email ?? 'SIGNL4', at),
    ...(state.alert === undefined && cb.alertId !== undefined ? { alert: cb.alertId } : {}),
    ...echoOf(ctx, prepared),
  };
}

const words = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Freshservice's and the platform's clocks may differ a little; notes are looked for from this much earlier. */
const CLOCK_MARGIN_MS = 60_000;

/**
 * Whether an earlier attempt already wrote the note: its answer was lost (a timeout or a dropped
 * connection after Freshservice acted), or its handler was stopped right after. Looked up on the
 * ticket (notes since the first attempt, same text) so a retry never writes it twice.
 */
async function noteAlreadyWritten(ctx: SyncContext, ticketId: number, note: string, sinceMs: number): Promise<boolean> {
  const wanted = words(note);
  const found = (await listNoteTextsSince(ctx.fs, ticketId, sinceMs - CLOCK_MARGIN_MS)).some((text) => words(text) === wanted);
  if (found) ctx.deps.log.info('the note of an earlier attempt is on the ticket; not written again', { ticket: ticketId });
  return found;
}

async function run(ctx: SyncContext, state: TicketState, prepared: Prepared, noteDone: { value: boolean }, checkSince: number | undefined): Promise<void> {
  const note = noteDone.value ? undefined : prepared.note;
  if (note !== undefined && (checkSince === undefined || !(await noteAlreadyWritten(ctx, state.id, note, checkSince)))) {
    await createNote(ctx.fs, state.id, noteHtml(note), ctx.settings.private_notes);
  }
  noteDone.value = true;
  await writeTicket(ctx, state.id, prepared);
}

export interface ApplyOptions {
  /** A queued retry already wrote the note. */
  noteDone: boolean;
  /** A queued retry: the Signl state and timeline were already recorded the first time. */
  replay: boolean;
  /** An earlier attempt may have written the note (ms of that attempt, give or take the clocks): look on the ticket first. */
  checkNoteSince?: number | undefined;
  /** What a retryable Freshservice failure does: queue the rest (default outside replays) or throw RetryLater (the drain's replays). */
  onRetryable?: 'queue' | 'throw';
}

/** Thrown in replay mode when Freshservice is still unreachable: the drain re-queues with this progress. */
export class RetryLater extends Error {
  constructor(
    readonly error: AppError,
    readonly noteDone: boolean,
  ) {
    super(error.message);
  }
}

/**
 * Runs a Freshservice step; a failure is handed to `onFailure` (queue, or RetryLater on a replay).
 * A spent $db budget is not Freshservice's failure: it goes up to the caller, which parks the
 * callback (nothing was applied yet) or retries the queue item next minute.
 */
async function attempt(step: () => Promise<void>, onFailure: (error: AppError) => Promise<ApplyOutcome>): Promise<ApplyOutcome | undefined> {
  try {
    await step();
    return undefined;
  } catch (error) {
    if (isStoreThrottle(error)) throw error;
    return onFailure(toAppError('apply callback', error));
  }
}

/** After the ticket is changed, a record that cannot be written this minute is said in the log, not retried (the change is done). */
async function afterwards(ctx: SyncContext, what: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isStoreThrottle(error)) throw error;
    ctx.deps.log.warn(`callback applied; ${what} not recorded: the $db budget of this minute is spent`, { code: toAppError(what, error).code });
  }
}

/** What a Freshservice failure does: queue what is left, or (a replay from the drain) throw RetryLater with the progress. */
function failureHandler(ctx: SyncContext, work: { state: TicketState; cb: CallbackRecord; plan: CallbackPlan; noteDone: { value: boolean } }, options: ApplyOptions): (failure: AppError) => Promise<ApplyOutcome> {
  const throwing = (options.onRetryable ?? (options.replay ? 'throw' : 'queue')) === 'throw';
  return (failure) =>
    throwing && failure.retryable ? Promise.reject(new RetryLater(failure, work.noteDone.value)) : queueRest(ctx, work.state, { cb: work.cb, plan: work.plan, noteDone: work.noteDone.value }, failure);
}

/**
 * Applies a verified, not-yet-applied callback (or replays its Freshservice part from the queue).
 * The Signl state (callback id, transition, the echo marker) is written BEFORE the ticket update,
 * so the onTicketUpdate that our own update fires already sees the marker, and a redelivery of the
 * same notification during processing is a duplicate.
 */
export async function applyCallback(ctx: SyncContext, state: TicketState, cb: CallbackRecord, plan: CallbackPlan, options: ApplyOptions): Promise<ApplyOutcome> {
  const ref = new ReferenceCache(ctx.deps.store, ctx.deps.clock, ctx.fs);
  const noteDone = { value: options.noteDone };
  const prepared: Prepared = { fields: {}, timeline: [] };
  const onFailure = failureHandler(ctx, { state, cb, plan, noteDone }, options);
  try {
    const failed = await attempt(async () => {
      Object.assign(prepared, await prepare(ctx, plan, ref));
    }, onFailure);
    const before = options.replay ? replayChanges(ctx, state, prepared) : stateChanges(ctx, state, cb, plan, prepared);
    if (before !== undefined) await writeState(ctx, state, before);
    if (failed !== undefined) return failed;
    const known = prepared.timeline.length;
    const outcome = (await attempt(() => run(ctx, state, prepared, noteDone, options.checkNoteSince), onFailure)) ?? 'applied';
    await afterTicketUpdate(ctx, { state, plan, prepared, written: before ?? {}, known, outcome, ref });
    return outcome;
  } finally {
    await afterwards(ctx, 'the reference cache', () => ref.flush());
  }
}

/** What the ticket update leaves to record: refusals it met, and a close that overtook an acknowledgement. */
async function afterTicketUpdate(ctx: SyncContext, after: { state: TicketState; plan: CallbackPlan; prepared: Prepared; written: Record<string, unknown>; known: number; outcome: ApplyOutcome; ref: ReferenceCache }): Promise<void> {
  const { state, plan, prepared } = after;
  await afterwards(ctx, 'the refused status', () => recordRefusals(ctx, state, after.written, prepared.timeline.slice(after.known)));
  if (after.outcome === 'applied' && plan.state === 'acknowledged' && prepared.fields.status !== undefined) await keepClosed(ctx, state.id, after.ref);
}

/** One path update of the record, and now and then the removal of its oldest timeline entries and callback ids. */
async function writeState(ctx: SyncContext, state: TicketState, changes: Record<string, unknown>): Promise<void> {
  await updateRecord(ctx.deps.store, state, changes);
  const old = prunable(state);
  if (old.length > 0) await afterwards(ctx, 'the pruning of old timeline entries', () => ctx.deps.store.remove(stateKey(state.id), old));
}

/**
 * Timeline entries the ticket update added (a refused status) are written afterwards; the echo
 * marker the first write set is withdrawn (the status was not set, so no update of it is due).
 */
async function recordRefusals(ctx: SyncContext, state: TicketState, written: Record<string, unknown>, added: TimelineEntry[]): Promise<void> {
  if (added.length === 0) return;
  const echoes = Object.keys(written).filter((key) => /^echo\d+$/.test(key));
  const logWritten = Object.keys(written).some((key) => key === 'log' || key.startsWith('log.'));
  const withLog: TicketState = logWritten ? { ...state, log: state.log ?? {} } : state;
  await updateRecord(ctx.deps.store, state, { ...additions(withLog, added), ...Object.fromEntries(echoes.map((key) => [key, null])) });
}

/**
 * An acknowledgement and a close of one Signl applied at the same moment: both read the Signl
 * open, and the acknowledgement's status may reach Freshservice after the close's. Read again
 * after the acknowledgement's update: if the Signl has been closed meanwhile, the close status is
 * set once more, so the ticket ends as the Signl did (one read; the close's own update, if later,
 * sets it anyway). A failure of that second update is recorded for the diagnostics page.
 */
async function keepClosed(ctx: SyncContext, ticketId: number, ref: ReferenceCache): Promise<void> {
  const now = asTicketState(await ctx.deps.store.get(stateKey(ticketId)).catch(() => undefined));
  const closeStatus = ctx.settings.status_on_close.trim();
  if (now?.st !== 'closed' || closeStatus === '') return;
  const statusId = await ref.statusId(closeStatus);
  if (statusId === undefined) return;
  try {
    await updateTicket(ctx.fs, ticketId, { status: statusId });
  } catch (error) {
    const failure = toAppError('update ticket', error);
    ctx.deps.log.error('the Signl was closed while its acknowledgement was applied, and the close status could not be set again', { ticket: ticketId, code: failure.code });
    await recordError(ctx.deps.store, ctx.deps.clock, ctx.deps.log, failure);
    return;
  }
  ctx.deps.log.info('the Signl was closed while its acknowledgement was applied; the close status is set again', { ticket: ticketId });
}

/** On a replay only what the Freshservice part added (refusals, echo) is written. */
function replayChanges(ctx: SyncContext, state: TicketState, prepared: Prepared): Record<string, unknown> | undefined {
  const changes: Record<string, unknown> = { ...echoOf(ctx, prepared), ...additions(state, prepared.timeline) };
  return Object.keys(changes).length > 0 ? changes : undefined;
}

async function queueRest(ctx: SyncContext, state: TicketState, rest: { cb: CallbackRecord; plan: CallbackPlan; noteDone: boolean }, error: AppError): Promise<ApplyOutcome> {
  const { store, clock, log } = ctx.deps;
  if (!error.retryable) {
    log.error('callback could not be applied to the ticket', { ticket: state.id, code: error.code, fix: error.fix });
    await recordError(store, clock, log, error);
    return 'applied';
  }
  const now = clock.now();
  await enqueueOrPark(ctx.deps, { k: 'c', t: state.id, ...rest, n: 0, due: nextDue(now, 0, error), since: now, r: plainWords(error) });
  log.warn('Freshservice not reachable now; the callback is queued and applied later', { ticket: state.id, code: error.code });
  return 'queued';
}
