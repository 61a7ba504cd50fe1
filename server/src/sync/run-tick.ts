/**
 * onScheduledEvent (every minute): drain the retry queue, then sweep for tickets whose events
 * could not be recorded, then keep the diagnostics record small. The minute's $db budget goes to
 * deliveries (docs/specification.md §7): the tick reads one record (the queue, with the sweep cursor and a
 * copy of the name maps) and writes it once; the drain stops at the first throttled answer and
 * the sweep gets what is left; every tenth minute the diagnostics record is tidied (3 operations).
 * While parked work waits to come back (park.ts), the tick leaves room for it.
 */
import type { KvStore } from '../platform/platform-types.js';
import { writeBack } from './delivery-queue.js';
import { DIAG_KEY, tidyDiagnostics } from './diagnostics-record.js';
import { drainQueue, type DrainReport } from './drain-queue.js';
import type { SyncContext } from './sync-context.js';
import { parkedWorkWaiting } from './park.js';
import { COST, sweepMissed, type SweepReport } from './sweep-missed.js';

export const TICK_SCHEDULE = 'signl4-sync-tick';
export const TICK_MINUTES = 1;
/** The platform's $db operations a minute (docs/fdk-facts.md §4.6). */
export const DB_PER_MINUTE = 50;
/** What a tick spends on itself: reading the queue record and writing it back. */
const BOOKKEEPING = 2;
/** $db operations one tick may spend on deliveries, SIGNL4's confirmation of each included. */
export const TICK_DB_BUDGET = DB_PER_MINUTE - BOOKKEEPING;
/** Tickets one tick may deliver (drain + sweep): 16 (two $db operations each, one for SIGNL4's "created" callback). */
export const TICK_BUDGET = Math.floor(TICK_DB_BUDGET / COST.sent);
/** A drain that did anything writes the queue record and counts what it delivered. */
const DRAIN_WRITES = 2;
/**
 * Left free each minute while parked work is waiting to come back (park.ts): a parked
 * acknowledgement spends about five $db operations, and agents open sidebars meanwhile.
 */
export const RESERVED_DB_OPS = 12;

export interface TickReport {
  drain: DrainReport;
  sweep?: SweepReport;
}

/** Reading and tidying the diagnostics record every tenth minute. */
const TIDY_OPS = 3;

async function tidy(store: KvStore, now: number): Promise<void> {
  await tidyDiagnostics(store, await store.get<Record<string, unknown>>(DIAG_KEY), now);
}

function tidyMinute(ctx: SyncContext): boolean {
  return new Date(ctx.deps.clock.now()).getUTCMinutes() % 10 === 0;
}

/** A redelivery reads SIGNL4's confirmations first: one operation more than a sweep delivery. */
const DRAIN_ITEM_COST = COST.sent + 1;

function drainCost(drain: DrainReport): number {
  const tried = drain.done + drain.retried + drain.failed;
  return tried === 0 ? 0 : tried * DRAIN_ITEM_COST + DRAIN_WRITES;
}

/** The $db operations this tick may spend: all of its budget, less a reserve while parked work waits. */
async function budgetNow(ctx: SyncContext, tidying: boolean): Promise<number> {
  const full = TICK_DB_BUDGET - (tidying ? TIDY_OPS : 0);
  try {
    return (await parkedWorkWaiting(ctx.deps)) ? full - RESERVED_DB_OPS : full;
  } catch (error) {
    ctx.deps.log.warn('could not tell whether parked work waits; leaving room for it', { error: String(error) });
    return full - RESERVED_DB_OPS;
  }
}

/** The sweep gets what the drain left: nothing when the drain was throttled or spent the budget. */
function sweepMayRun(drain: DrainReport, budget: number): boolean {
  return drain.stoppedBy === undefined && budget - drainCost(drain) > 0;
}

async function sweepAfter(ctx: SyncContext, drain: DrainReport, budget: number): Promise<SweepReport | undefined> {
  if (!sweepMayRun(drain, budget)) return undefined;
  const { queue } = drain;
  const queued = new Set(Object.values(queue.items).map((item) => item.t));
  const sweep = await sweepMissed(ctx, { cursor: queue.cursor, cursorId: queue.cursorId, queued, names: queue.names }, budget - drainCost(drain));
  const moved = sweep.cursor !== queue.cursor || sweep.cursorId !== (queue.cursorId ?? 0) || sweep.names !== undefined;
  if (moved) await writeBack(ctx.deps.store, queue, [], {}, { cursor: sweep.cursor, cursorId: sweep.cursorId, ...(sweep.names === undefined ? {} : { names: sweep.names }) });
  return sweep;
}


export async function runTick(ctx: SyncContext): Promise<TickReport> {
  const tidying = tidyMinute(ctx);
  const budget = await budgetNow(ctx, tidying);
  const drain = await drainQueue(ctx, Math.floor((budget - DRAIN_WRITES) / DRAIN_ITEM_COST));
  const sweep = await sweepAfter(ctx, drain, budget);
  if (tidying) await tidy(ctx.deps.store, ctx.deps.clock.now());
  const stoppedBy = drain.stoppedBy ?? sweep?.stoppedBy;
  ctx.deps.log.info('scheduled tick', { drained: drain.done, retried: drain.retried, failed: drain.failed, swept: sweep?.forwarded ?? 0, stoppedBy });
  return sweep === undefined ? { drain } : { drain, sweep };
}
