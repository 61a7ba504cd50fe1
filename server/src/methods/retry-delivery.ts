/**
 * "Retry delivery" from the sidebar: the same Signl (same external id and body) sent again, as the
 * next attempt of the failed delivery. The timeline names it a retry and who asked; a failure counts
 * the attempt (attempts 2 after one retry) and stays failed; a retryable one is queued for the drain.
 * A failed claim without its body (an older record) is paged anew instead.
 */
import { AppError } from '../errors/errors.js';
import type { SignlBody } from '../signl4/signl-body.js';
import { deliver, type ForwardOutcome } from '../forward/forward-ticket.js';
import { origin, placeGuard, removeGuard } from '../work/park.js';
import type { SyncContext } from '../context/sync-context.js';
import { additions, entry, withTimeline, type TicketState } from '../signl/ticket-state.js';
import { updateRecord } from '../signl/update-record.js';

export function retryEntryText(attempt: number, by: string): string {
  return `Retry from the ticket sidebar by ${by} (attempt ${attempt}).`;
}

/** undefined when the state holds no body to send again. */
export async function retryFailed(ctx: SyncContext, state: TicketState, by: string): Promise<ForwardOutcome | undefined> {
  const body = state.body;
  if (body === undefined || body === null) return undefined;
  const { clock } = ctx.deps;
  const attempts = state.del?.attempts ?? 0;
  const now = clock.now();
  const retried = entry(now, 'retry', retryEntryText(attempts + 1, by));
  await updateRecord(ctx.deps.store, state, { st: 'queued', ...additions(state, [retried]) });
  const next: TicketState = { ...state, st: 'queued', tl: withTimeline(state.tl, retried), log: state.log ?? {} };
  const guard = await placeGuard(ctx.deps, { job: 'forward', t: state.id, ...origin(now) });
  try {
    return await deliver(ctx, next, body as SignlBody, attempts, 'queue');
  } finally {
    await removeGuard(ctx.deps, guard);
  }
}

export const NOT_FAILED = (st: string | undefined): AppError =>
  new AppError({ code: 'conflict', operation: 'retry delivery', status: 409, message: st === undefined ? 'This ticket has no Signl to retry.' : `The Signl is ${st}; there is nothing to retry.`, fix: 'Refresh the sidebar.' });
