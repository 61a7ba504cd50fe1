/**
 * onScheduledEvent: the recurring tick, a parked job coming back (park.ts), the agents' room
 * running out (agent-room.ts), or an attempt to register SIGNL4's outbound webhook (register-webhook.ts). The tick's data is
 * `{ job: 'tick' }`; anything unrecognised is treated as the tick, so an installation whose
 * schedule predates the field keeps working.
 */
import { handleCallbackRecord } from '../callbacks/handle-callback.js';
import { checkForward, recordParkedSent } from '../forward/forward-ticket.js';
import { asParkedJob, enqueueOrPark, withParkedText, type ParkedJob } from '../work/park.js';
import { asRegisterJob, runRegisterJob } from './register-webhook.js';
import { runTick } from './run-tick.js';
import { isAgentRoomJob } from '../work/agent-room.js';
import type { SyncContext } from '../context/sync-context.js';

/** What a parked job (or guard) coming back runs. */
function runParked(ctx: SyncContext, job: ParkedJob): Promise<unknown> {
  switch (job.job) {
    case 'callback':
      return withParkedText(ctx.deps, job, (cb, again) => handleCallbackRecord(ctx, cb, again));
    case 'item':
      return enqueueOrPark(ctx.deps, job.item, job);
    case 'sent':
      return recordParkedSent(ctx, job);
    case 'forward':
      return checkForward(ctx, job);
    case 'part':
      return Promise.resolve('a part of a parked text: read by its callback');
    default:
      ctx.deps.log.info('the reserve flag ran out: no parked work announced in the last minutes');
      return Promise.resolve('reserve expired');
  }
}

export function runScheduledJob(ctx: SyncContext, data: unknown): Promise<unknown> {
  const register = asRegisterJob(data);
  if (register !== undefined) return runRegisterJob(ctx.deps, register);
  if (isAgentRoomJob(data)) {
    ctx.deps.log.info('the room kept for agents ran out, an hour after a refused agent read raised it');
    return Promise.resolve('agent room expired');
  }
  const job = asParkedJob(data);
  return job === undefined ? runTick(ctx) : runParked(ctx, job);
}
