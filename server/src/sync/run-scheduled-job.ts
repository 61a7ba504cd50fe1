/**
 * onScheduledEvent: the recurring tick, a parked job coming back (park.ts), or an attempt to
 * register SIGNL4's outbound webhook (register-webhook.ts). The tick's data is
 * `{ job: 'tick' }`; anything unrecognised is treated as the tick, so an installation whose
 * schedule predates the field keeps working.
 */
import { handleCallbackRecord } from './handle-callback.js';
import { checkForward, recordParkedSent } from './forward-ticket.js';
import { asParkedJob, enqueueOrPark } from './park.js';
import { asRegisterJob, runRegisterJob } from './register-webhook.js';
import { runTick } from './run-tick.js';
import type { SyncContext } from './sync-context.js';

export function runScheduledJob(ctx: SyncContext, data: unknown): Promise<unknown> {
  const register = asRegisterJob(data);
  if (register !== undefined) return runRegisterJob(ctx.deps, register);
  const job = asParkedJob(data);
  if (job === undefined) return runTick(ctx);
  if (job.job === 'callback') return handleCallbackRecord(ctx, job.cb, job);
  if (job.job === 'item') return enqueueOrPark(ctx.deps, job.item, job);
  if (job.job === 'sent') return recordParkedSent(ctx, job);
  if (job.job === 'forward') return checkForward(ctx, job);
  ctx.deps.log.info('the reserve flag ran out: no parked work announced in the last minutes');
  return Promise.resolve('reserve expired');
}
