/**
 * onTicketUpdate for a forwarded ticket whose status changed (docs/specification.md §2): into an
 * "acknowledge" status acknowledges the Signl, into a "close" status resolves it. A status the app
 * set itself (from a SIGNL4 callback) is not echoed back; a closed Signl is left alone.
 */
import type { SyncContext } from '../context/sync-context.js';
import { echoMarkers, echoUntil, isOpen, type TicketState } from '../signl/ticket-state.js';
import { updateRecord } from '../signl/update-record.js';
import { sendStatus, type StatusTarget } from './send-status.js';

export type StatusSyncOutcome = 'echo' | 'ignored' | 'sent' | 'queued' | 'failed';

const named = (list: readonly string[], name: string): boolean => list.some((item) => item.trim().toLowerCase() === name.trim().toLowerCase());

export function targetFor(state: TicketState, statusName: string, ctx: SyncContext): StatusTarget | undefined {
  if (named(ctx.settings.close_on_statuses, statusName)) return 'resolved';
  if (state.st === 'open' && named(ctx.settings.acknowledge_on_statuses, statusName)) return 'acknowledged';
  return undefined;
}

/**
 * Whether this status is one the app set itself within the echo window. The marker is not used up
 * by the first sighting: Freshservice's update event may come seconds after the sweep has already
 * seen the new status, and both are the app's own change. It ends with its window, or when the
 * ticket is seen in another status (forgetEchoes).
 */
export function isEcho(state: TicketState, statusId: number, now: number): boolean {
  const until = echoUntil(state, statusId);
  return until !== undefined && until > now;
}

/** Someone moved the ticket to another status: a later return to the app's status is theirs, not an echo. */
async function forgetEchoes(ctx: SyncContext, state: TicketState): Promise<void> {
  const markers = echoMarkers(state);
  const legacy = state.echo !== undefined && state.echo !== null ? { echo: null } : {};
  if (markers.length === 0 && Object.keys(legacy).length === 0) return;
  await updateRecord(ctx.deps.store, state, { ...Object.fromEntries(markers.map((key) => [key, null])), ...legacy });
}

export async function syncTicketStatus(ctx: SyncContext, state: TicketState, statusId: number, statusName: string): Promise<StatusSyncOutcome> {
  if (!isOpen(state)) return 'ignored';
  if (isEcho(state, statusId, ctx.deps.clock.now())) {
    ctx.deps.log.info('status change made by the app itself; not echoed to SIGNL4', { ticket: state.id, status: statusName });
    return 'echo';
  }
  await forgetEchoes(ctx, state);
  const target = targetFor(state, statusName, ctx);
  if (target === undefined) return 'ignored';
  return sendStatus(ctx, state, target, `status ${statusName}`);
}
