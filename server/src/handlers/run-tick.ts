/**
 * onScheduledEvent (every minute): drain the retry queue, then sweep for tickets whose events
 * could not be recorded, then keep the diagnostics record small. The minute's $db budget goes to
 * deliveries (docs/specification.md §7). What the tick spends, in $db operations:
 * - 1 read of the queue index (delivery-queue.ts; it holds the sweep cursor and, while they are
 *   small, a copy of the name maps) and, when the sweep moved, 1 write of its cursor;
 * - the drain: each item's ITEM_COST (drain-queue.ts: 4 for a delivery or status change, 5 for a
 *   callback, whose payload record is read), and up to 3 writes when it did anything (removals,
 *   changed entries, the delivered count);
 * - the sweep: COST per listed ticket (sweep-missed.ts); name maps too large for the index copy
 *   cost the sweep 1 read of the reference cache, which this budget does not hold (as before);
 * - every tenth minute, 3 to tidy the diagnostics record.
 * While parked work waits to come back (park.ts), or agents' reads were refused lately
 * (agent-room.ts), the tick leaves room for them.
 */
import type { KvStore } from '../platform/platform-types.js';
import { writeBack, type SweepMark } from '../work/delivery-queue.js';
import { DIAG_KEY, tidyDiagnostics } from '../records/diagnostics-record.js';
import { drainQueue, type DrainReport } from './drain-queue.js';
import type { SyncContext } from '../context/sync-context.js';
import { parkedWorkWaiting } from '../work/park.js';
import { AGENT_DB_OPS, agentsWaiting } from '../work/agent-room.js';
import { COST, sweepMissed, type SweepReport } from '../forward/sweep-missed.js';

export const TICK_SCHEDULE = 'signl4-sync-tick';
export const TICK_MINUTES = 1;
/** The platform's $db operations a minute (docs/fdk-facts.md §4.6). */
export const DB_PER_MINUTE = 50;
/** What a tick spends on itself: reading the queue index and writing the cursor back. */
const BOOKKEEPING = 2;
/** $db operations one tick may spend on deliveries, SIGNL4's confirmation of each included. */
export const TICK_DB_BUDGET = DB_PER_MINUTE - BOOKKEEPING;
/** Tickets one tick may deliver by the sweep alone: two $db operations each (the claim, and SIGNL4's "created" callback), one record of them all (sweep-missed.ts). */
export const TICK_BUDGET = Math.floor(TICK_DB_BUDGET / COST.sent);
/** A drain that did anything removes done entries, writes changed ones, and counts what it delivered. */
const DRAIN_WRITES = 3;
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

function drainCost(drain: DrainReport): number {
  return drain.cost === 0 ? 0 : drain.cost + DRAIN_WRITES;
}

/** Whether a flag asks for room; a flag that cannot be read counts as `otherwise`, and the log says so. */
async function flagged(ctx: SyncContext, what: string, check: () => Promise<boolean>, otherwise: boolean): Promise<boolean> {
  try {
    return await check();
  } catch (error) {
    ctx.deps.log.warn(`could not tell whether ${what}; ${otherwise ? 'leaving room for it' : 'leaving no room for them'}`, { error: String(error) });
    return otherwise;
  }
}

/**
 * The $db operations this tick may spend: all of its budget, less RESERVED_DB_OPS while parked work
 * waits to come back and AGENT_DB_OPS while agents' reads were refused lately (agent-room.ts).
 */
async function budgetNow(ctx: SyncContext, tidying: boolean): Promise<number> {
  const full = TICK_DB_BUDGET - (tidying ? TIDY_OPS : 0);
  // Parked work is genuine work: room is the safe side. Agents' room only speeds their reads up.
  const parked = await flagged(ctx, 'parked work waits', () => parkedWorkWaiting(ctx.deps), true);
  const agents = await flagged(ctx, 'agents are waiting', () => agentsWaiting(ctx.deps), false);
  return full - (parked ? RESERVED_DB_OPS : 0) - (agents ? AGENT_DB_OPS : 0);
}

/** The sweep gets what the drain left: nothing when the drain was throttled or spent the budget. */
function sweepMayRun(drain: DrainReport, budget: number): boolean {
  return drain.stoppedBy === undefined && budget - drainCost(drain) > 0;
}

async function sweepAfter(ctx: SyncContext, drain: DrainReport, budget: number): Promise<SweepReport | undefined> {
  if (!sweepMayRun(drain, budget)) return undefined;
  const { queue } = drain;
  const queued = new Set(Object.values(queue.items).map((item) => item.t));
  const sweep = await sweepMissed(ctx, { cursor: queue.cursor, cursorId: queue.cursorId, cursorPage: queue.cursorPage, queued, names: queue.names, recheck: queue.recheck, scopeFrom: queue.scopeFrom }, budget - drainCost(drain));
  const mark = movedMark(queue, sweep);
  if (mark !== undefined) await writeBack(ctx.deps.store, queue, [], {}, mark);
  return sweep;
}

/** What the sweep moved (cursor, page hint, newer names, the claims to look at again), or undefined when it moved nothing. */
/** The claims to look at again and the scope's start, where the sweep changed them. */
function listsMoved(queue: DrainReport['queue'], sweep: SweepReport): Pick<SweepMark, 'recheck' | 'scopeFrom'> {
  const scope = sweep.scopeFrom === (queue.scopeFrom ?? queue.cursor) ? {} : { scopeFrom: sweep.scopeFrom };
  return JSON.stringify(sweep.recheck) === JSON.stringify(queue.recheck ?? {}) ? scope : { ...scope, recheck: sweep.recheck };
}

function movedMark(queue: DrainReport['queue'], sweep: SweepReport): SweepMark | undefined {
  const mark: SweepMark = { cursor: sweep.cursor, cursorId: sweep.cursorId, cursorPage: sweep.cursorPage, ...(sweep.names === undefined ? {} : { names: sweep.names }), ...listsMoved(queue, sweep) };
  const before: SweepMark = { cursor: queue.cursor ?? Number.NaN, cursorId: queue.cursorId ?? 0, cursorPage: queue.cursorPage ?? 1 };
  return JSON.stringify(mark) === JSON.stringify(before) ? undefined : mark;
}


export async function runTick(ctx: SyncContext): Promise<TickReport> {
  const tidying = tidyMinute(ctx);
  const budget = await budgetNow(ctx, tidying);
  const drain = await drainQueue(ctx, budget - DRAIN_WRITES);
  const sweep = await sweepAfter(ctx, drain, budget);
  if (tidying) await tidy(ctx.deps.store, ctx.deps.clock.now());
  const stoppedBy = drain.stoppedBy ?? sweep?.stoppedBy;
  ctx.deps.log.info('scheduled tick', { drained: drain.done, retried: drain.retried, failed: drain.failed, swept: sweep?.forwarded ?? 0, stoppedBy });
  return sweep === undefined ? { drain } : { drain, sweep };
}
