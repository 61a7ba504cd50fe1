/**
 * onExternalEvent: SIGNL4's outbound callbacks (docs/specification.md §3). Parse (string or object, any
 * letter case) -> ignore test and duty events -> authenticity (the external id's tag, a ticket this
 * installation forwarded, an eventId SIGNL4 returned for it or the bound alert id) -> once (dedup
 * on the notification id) and in order (never backwards) -> note + one ticket update.
 * Anything that fails a check changes nothing, is logged without secrets and counted.
 */
import { isStoreThrottle } from '../errors/errors.js';
import { parseCallback, type CallbackRecord } from '../signl4/parse-callback.js';
import { namesThisAccount, verifyExternalId, type ExternalIdParts } from '../signl4/external-id.js';
import { applyCallback, type ApplyOutcome } from './apply-callback.js';
import { planCallback, planForReplay } from './callback-plan.js';
import type { CallbackPlan } from '../signl/ticket-state.js';
import { updateRecord } from '../signl/update-record.js';
import { readTicket } from '../signl/read-ticket.js';
import { count, evidenceKey } from '../records/diagnostics-record.js';
import { origin, park, placeGuard, removeGuard, type ParkOrigin } from '../work/park.js';
import type { SyncContext } from '../context/sync-context.js';
import { additions, applied, mayHaveBeenSent, olderThanRemembered, type TicketState } from '../signl/ticket-state.js';

export type CallbackOutcome = ApplyOutcome | 'ignored' | 'foreign' | 'rejected' | 'duplicate' | 'stale' | 'parked';

const IGNORED_TYPES = new Set([1, 300, 301, 302, 303]);
const NOT_OURS = 'the external id was not issued by this installation';
const HANDLED_TYPES = new Set([200, 201, 202, 203]);

/**
 * An external id this installation did not mint. In this app's form for this account, its tag is
 * wrong: a forgery, counted for the diagnostics page. Otherwise it is another integration's alert
 * (SIGNL4 sends every alert of the team to every outbound webhook): logged, and no $db operation.
 */
function notOurs(ctx: SyncContext, cb: CallbackRecord): Promise<CallbackOutcome> {
  if (namesThisAccount(ctx.account, cb.xid)) return reject(ctx, NOT_OURS, cb);
  ctx.deps.log.info('callback for an alert of another integration; ignored', { eventType: cb.type });
  return Promise.resolve('foreign');
}

async function reject(ctx: SyncContext, why: string, cb?: CallbackRecord): Promise<CallbackOutcome> {
  ctx.deps.log.warn(`callback rejected: ${why}`, { notification: cb?.id, eventType: cb?.type });
  await count(ctx.deps.store, ctx.deps.clock, ctx.deps.log, { cbRej: 1 });
  return 'rejected';
}

/**
 * Bound to what SIGNL4 returned: an eventId it gave, or the alert id the first callback bound. A
 * Signl the app knows of without either (a send whose answer was lost, recorded from SIGNL4's
 * confirmation or not at all) is proven by the external id's tag (checked, same generation) and
 * bound by this callback.
 */
function authentic(state: TicketState, cb: CallbackRecord): boolean {
  if (cb.eventId !== undefined && state.ev.includes(cb.eventId)) return true;
  if (state.alert !== undefined) return cb.alertId !== undefined && cb.alertId === state.alert;
  return state.ev.length === 0 && mayHaveBeenSent(state);
}

/** The ticket state a callback whose external id checked out may act on, or the reason it may not. */
async function stateFor(ctx: SyncContext, cb: CallbackRecord, parts: ExternalIdParts): Promise<TicketState | string> {
  const state = await readTicket(ctx.deps.store, parts.ticketId);
  if (state === undefined) return `ticket ${parts.ticketId} was never forwarded`;
  if (parts.generation > state.gen) return 'the external id names a Signl this installation never raised';
  if (parts.generation < state.gen) return 'stale';
  return authentic(state, cb) ? state : 'the eventId and alert id do not match what SIGNL4 returned for this ticket';
}

async function skip(ctx: SyncContext, state: TicketState, cb: CallbackRecord, why: string): Promise<CallbackOutcome> {
  ctx.deps.log.info(`callback changes nothing: ${why}`, { ticket: state.id, notification: cb.id });
  await updateRecord(ctx.deps.store, state, additions(state, [], { id: cb.id, at: cb.at ?? ctx.deps.clock.now() }));
  return 'stale';
}

/**
 * A guard or parked callback coming back to a callback the state already records: its handler was
 * stopped after the state write. What is left (note, looked for first; the ticket update) is done
 * from the plan the state kept; a retryable failure queues it.
 */
async function resume(ctx: SyncContext, state: TicketState, cb: CallbackRecord, plan: CallbackPlan, since: number): Promise<CallbackOutcome> {
  const outcome = await applyCallback(ctx, state, cb, planForReplay(plan, state), { noteDone: false, replay: true, onRetryable: 'queue', checkNoteSince: since });
  ctx.deps.log.info('callback finished after its handler had been stopped', { ticket: state.id, notification: cb.id, outcome });
  return outcome;
}

/**
 * A callback already applied: by its id, or (a first delivery only: a parked callback coming back
 * was never applied) raised before every callback this Signl still remembers applying.
 */
function seenBefore(ctx: SyncContext, state: TicketState, cb: CallbackRecord, again: ParkOrigin | undefined): boolean {
  if (applied(state, cb.id)) {
    ctx.deps.log.info('callback already applied; ignored', { ticket: state.id, notification: cb.id });
    return true;
  }
  if (again !== undefined || !olderThanRemembered(state, cb.at)) return false;
  ctx.deps.log.info('callback older than every one this Signl remembers applying; taken as a replay and ignored', { ticket: state.id, notification: cb.id });
  return true;
}

async function act(ctx: SyncContext, state: TicketState, cb: CallbackRecord, again: ParkOrigin | undefined): Promise<CallbackOutcome> {
  if (again !== undefined && applied(state, cb.id) && state.pend?.id === cb.id) return resume(ctx, state, cb, state.pend.plan, again.since);
  if (seenBefore(ctx, state, cb, again)) return 'duplicate';
  const planned = planCallback(cb, state, ctx.settings, again !== undefined);
  if (!planned.apply) return skip(ctx, state, cb, planned.why);
  const outcome = await applyCallback(ctx, state, cb, planned.plan, { noteDone: false, replay: false });
  await count(ctx.deps.store, ctx.deps.clock, ctx.deps.log, { cbOk: 1 });
  ctx.deps.log.info('callback applied', { ticket: state.id, eventType: cb.type, statusCode: cb.code, outcome });
  return outcome;
}

/**
 * 200 "created" only confirms what the app already knows (the eventId it stored proves later
 * callbacks; the alert id is bound by the first callback that writes the state). So it costs no
 * $db read: the tag is checked and the confirmation counted, leaving evidence that SIGNL4 has the
 * Signl in the same operation. In a burst, this keeps the $db budget for deliveries and for the
 * callbacks that change tickets.
 */
async function confirmCreated(ctx: SyncContext, cb: CallbackRecord): Promise<CallbackOutcome> {
  const parts = verifyExternalId(ctx.tagKey, ctx.account, cb.xid);
  if (parts === undefined) return notOurs(ctx, cb);
  await count(ctx.deps.store, ctx.deps.clock, ctx.deps.log, { fwd: 1 }, evidenceKey(parts.ticketId, parts.generation));
  return 'applied';
}

async function verifyAndAct(ctx: SyncContext, cb: CallbackRecord, parts: ExternalIdParts, again: ParkOrigin | undefined): Promise<CallbackOutcome> {
  const state = await stateFor(ctx, cb, parts);
  if (state === 'stale') {
    ctx.deps.log.info('callback for an earlier Signl of this ticket; ignored', { notification: cb.id });
    return 'stale';
  }
  return typeof state === 'string' ? reject(ctx, state, cb) : act(ctx, state, cb, again);
}

/** Guarded (park.ts) once its tag shows it is this installation's: a forged callback costs no schedule. */
async function guardedAct(ctx: SyncContext, cb: CallbackRecord, again: ParkOrigin | undefined): Promise<CallbackOutcome> {
  const parts = verifyExternalId(ctx.tagKey, ctx.account, cb.xid);
  if (parts === undefined) return notOurs(ctx, cb);
  const at = origin(ctx.deps.clock.now(), again);
  const guard = await placeGuard(ctx.deps, { job: 'callback', cb, ...at });
  try {
    const outcome = await verifyAndAct(ctx, cb, parts, again);
    await removeGuard(ctx.deps, guard);
    return outcome;
  } catch (error) {
    if (!isStoreThrottle(error) || !(await park(ctx.deps, { job: 'callback', cb, ...at }))) throw error;
    await removeGuard(ctx.deps, guard);
    return 'parked';
  }
}

export function handleCallback(ctx: SyncContext, data: unknown): Promise<CallbackOutcome> {
  const parsed = parseCallback(data);
  if (!parsed.ok) return reject(ctx, parsed.reason);
  return handleCallbackRecord(ctx, parsed.callback);
}

/**
 * A parsed callback, or a parked one coming back (`again`: where it was first parked). When the
 * minute's $db budget is spent before the callback is recorded, it is parked (nothing is lost:
 * the platform answers SIGNL4 with a success either way, and SIGNL4's redelivery is UNCONFIRMED).
 */
export function handleCallbackRecord(ctx: SyncContext, cb: CallbackRecord, again?: ParkOrigin): Promise<CallbackOutcome> {
  if (cb.type === 200) return confirmCreated(ctx, cb);
  if (IGNORED_TYPES.has(cb.type) || !HANDLED_TYPES.has(cb.type)) {
    ctx.deps.log.info('callback acknowledged and ignored', { eventType: cb.type });
    return Promise.resolve('ignored');
  }
  return guardedAct(ctx, cb, again);
}
