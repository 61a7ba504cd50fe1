/**
 * Ticket -> Signl: acknowledge or resolve the Signl first raised with the ticket's external id
 * (X-S4-Status on the inbound webhook). Used by status changes, the sidebar and the queue drain.
 */
import { isStoreThrottle, plainWords, toAppError, type AppError } from '../errors/errors.js';
import { buildStatusEvent } from './build-signl.js';
import { sendSignl4Event } from '../signl4/signl4-client.js';
import { nextDue } from '../work/delivery-queue.js';
import { enqueueOrPark } from '../work/park.js';
import { recordError } from '../records/diagnostics-record.js';
import type { SyncContext } from '../context/sync-context.js';
import { additions, entry, type TicketState } from '../signl/ticket-state.js';
import { updateRecord } from '../signl/update-record.js';

export type StatusTarget = 'acknowledged' | 'resolved';
export type StatusOutcome = 'sent' | 'queued' | 'failed';

async function markStatus(ctx: SyncContext, state: TicketState, target: StatusTarget, eventId: string | undefined, by: string): Promise<void> {
  const now = ctx.deps.clock.now();
  const closing = target === 'resolved';
  const text = closing ? `Signl resolved from Freshservice (${by}).` : `Signl acknowledged from Freshservice (${by}).`;
  await updateRecord(ctx.deps.store, state, {
    st: closing ? 'closed' : 'acknowledged',
    ev: eventId === undefined ? state.ev : [...state.ev, eventId].slice(-10),
    ...(closing ? { clsBy: by, clsAt: now } : { ackBy: by, ackAt: now }),
    asked: null,
    ...additions(state, [entry(now, closing ? 'closed' : 'acknowledged', text)]),
  });
}

async function recordFailure(ctx: SyncContext, state: TicketState, error: AppError): Promise<void> {
  const { store, clock, log } = ctx.deps;
  await updateRecord(ctx.deps.store, state, additions(state, [entry(clock.now(), 'failed', `Could not update the Signl: ${plainWords(error)}`)]));
  log.error('Signl status update failed', { ticket: state.id, code: error.code, fix: error.fix });
  await recordError(store, clock, log, error);
}

/**
 * A send whose answer was lost may still have reached SIGNL4 (a timeout, a dropped connection):
 * the state remembers what was asked, so SIGNL4's callback for it is recognised as the app's own
 * request coming back, not as someone acting in SIGNL4 (see callback-plan.ts). Remembered once.
 */
async function rememberAsked(ctx: SyncContext, state: TicketState, target: StatusTarget): Promise<void> {
  if (state.asked?.st === target) return;
  try {
    await updateRecord(ctx.deps.store, state, { asked: { st: target, at: ctx.deps.clock.now() } });
  } catch (error) {
    if (!isStoreThrottle(error)) throw error;
    ctx.deps.log.warn('could not remember the status asked of SIGNL4: the $db budget of this minute is spent', { ticket: state.id });
  }
}

/** A retryable failure is queued ('queue') or thrown to the queue drain ('throw'). */
export async function sendStatus(ctx: SyncContext, state: TicketState, target: StatusTarget, by: string, onRetryable: 'queue' | 'throw' = 'queue'): Promise<StatusOutcome> {
  const note = `Ticket ${state.id} ${target === 'resolved' ? 'resolved' : 'acknowledged'} in Freshservice (${by}).`;
  try {
    const { eventId } = await sendSignl4Event(ctx.deps.request, ctx.settings.signl4Secret, buildStatusEvent(state.xid, target, note));
    await markStatus(ctx, state, target, eventId, by);
    return 'sent';
  } catch (error) {
    const failure = toAppError('update Signl status', error);
    if (!failure.retryable) {
      await recordFailure(ctx, state, failure);
      return 'failed';
    }
    await rememberAsked(ctx, state, target);
    if (onRetryable === 'throw') throw failure;
    const now = ctx.deps.clock.now();
    await enqueueOrPark(ctx.deps, { k: 's', t: state.id, st: target, xid: state.xid, note: by, n: 0, due: nextDue(now, 0, failure), since: now, r: plainWords(failure) });
    return 'queued';
  }
}
