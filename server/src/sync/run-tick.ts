/**
 * onScheduledEvent (every minute): drain the retry queue, then sweep for tickets whose events
 * could not be recorded, then keep the diagnostics record small. The minute's request budget goes
 * to deliveries: the drain stops at the first throttled answer and the sweep gets what is left.
 */
import type { KvStore } from '../platform/platform-types.js';
import { writeBack } from './delivery-queue.js';
import { DIAG_KEY, MAX_ERRORS } from './diagnostics-record.js';
import { drainQueue, type DrainReport } from './drain-queue.js';
import type { SyncContext } from './sync-context.js';
import { sweepMissed, type SweepReport } from './sweep-missed.js';

export const TICK_SCHEDULE = 'signl4-sync-tick';
export const TICK_MINUTES = 1;
/**
 * Tickets one tick may deliver (drain + sweep). Each costs one request and about two $db
 * operations (plus one for its "created" callback); the platform allows 50 of each a minute, and
 * the rest of the minute's $db budget stays free for callbacks and events.
 */
export const TICK_BUDGET = 15;

export interface TickReport {
  drain: DrainReport;
  sweep?: SweepReport;
}

async function trimErrors(store: KvStore): Promise<void> {
  const diag = await store.get<{ errors?: unknown[] }>(DIAG_KEY);
  if (diag?.errors !== undefined && diag.errors.length > MAX_ERRORS) {
    await store.update(DIAG_KEY, 'set', { errors: diag.errors.slice(-MAX_ERRORS) });
  }
}

async function sweepAfter(ctx: SyncContext, drain: DrainReport): Promise<SweepReport | undefined> {
  if (drain.stoppedBy !== undefined) return undefined;
  const budget = 2 * Math.max(0, TICK_BUDGET - drain.done - drain.retried - drain.failed);
  const queued = new Set(Object.values(drain.queue.items).map((item) => item.t));
  const sweep = await sweepMissed(ctx, drain.queue.cursor, budget, drain.queue.cursorId, queued);
  const moved = sweep.cursor !== drain.queue.cursor || sweep.cursorId !== (drain.queue.cursorId ?? 0);
  if (moved) await writeBack(ctx.deps.store, [], {}, sweep.cursor, sweep.cursorId);
  return sweep;
}

export async function runTick(ctx: SyncContext): Promise<TickReport> {
  const drain = await drainQueue(ctx, TICK_BUDGET);
  const sweep = await sweepAfter(ctx, drain);
  if (new Date(ctx.deps.clock.now()).getUTCMinutes() % 10 === 0) await trimErrors(ctx.deps.store);
  const stoppedBy = drain.stoppedBy ?? sweep?.stoppedBy;
  ctx.deps.log.info('scheduled tick', { drained: drain.done, retried: drain.retried, failed: drain.failed, swept: sweep?.forwarded ?? 0, stoppedBy });
  return sweep === undefined ? { drain } : { drain, sweep };
}
