/**
 * The queue drain (scheduled, and opportunistic after events): due items oldest first, each tried
 * once. Retries are owned here: a throttled answer (SIGNL4's, Freshservice's or the platform's own
 * budget) stops the drain for this minute without costing an attempt; other retryable failures
 * back off; after MAX_ATTEMPTS (or a day) the ticket is marked failed with the reason.
 * Bookkeeping: one read and at most two path updates of the queue index, one count; a status
 * change or callback also reads its payload record (delivery-queue.ts) when it runs.
 */
import { AppError, plainWords, toAppError } from '../errors/errors.js';
import type { SignlBody } from '../signl4/signl-body.js';
import { applyCallback, RetryLater } from '../callbacks/apply-callback.js';
import { planForReplay } from '../callbacks/callback-plan.js';
import { countsAsAttempt, dueItems, entryOf, loadItem, MAX_AGE_MS, MAX_ATTEMPTS, nextDue, readQueue, storePayload, writeBack, type QueueEntry, type QueueItem, type QueueRecord } from '../work/delivery-queue.js';
import { count, recordError, signl4Evidence } from '../records/diagnostics-record.js';
import { deliver, markFailed, markSent } from '../forward/forward-ticket.js';
import { sendStatus } from '../forward/send-status.js';
import { tooLateToSend, type SyncContext } from '../context/sync-context.js';
import { additions, entry, isOpen, mayHaveBeenSent, type TicketState } from '../signl/ticket-state.js';
import { updateRecord } from '../signl/update-record.js';
import { readTicket } from '../signl/read-ticket.js';

export interface DrainReport {
  done: number;
  retried: number;
  failed: number;
  /** $db operations the items tried were budgeted (ITEM_COST each; the bookkeeping writes are the caller's DRAIN_WRITES). */
  cost: number;
  /** Why the drain stopped early (throttled, out of time or budget), if it did. */
  stoppedBy?: string;
  queue: QueueRecord;
}

/**
 * $db operations one item may spend, as the drain budgets them:
 * - a delivery: the ticket's state, SIGNL4's confirmations, the state written as sent, and the
 *   operation SIGNL4's "created" callback spends: 4;
 * - a status change: the state, its payload record, the state written, SIGNL4's callback for it: 4;
 * - a callback: the state, its payload record, the reference cache read and written (a status or
 *   an agent to look up), the state written (the echo marker): 5.
 */
export const ITEM_COST: Readonly<Record<QueueEntry['k'], number>> = { d: 4, s: 4, c: 5 };

interface Progress {
  done: string[];
  changed: Record<string, QueueEntry>;
  report: DrainReport;
}

async function loadState(ctx: SyncContext, ticketId: number): Promise<TicketState | undefined> {
  return await readTicket(ctx.deps.store, ticketId);
}

/**
 * Before sending again, SIGNL4's confirmations are consulted (one read): an earlier attempt whose
 * answer was lost (a timeout, a dropped connection, a stopped handler) may have reached it.
 */
async function redeliver(ctx: SyncContext, item: QueueItem, state: TicketState): Promise<void> {
  const body = state.body;
  if (state.st !== 'queued' || body === undefined || body === null) return;
  if (mayHaveBeenSent(state) && (await signl4Evidence(ctx.deps.store, state.id, state.gen)) === 'confirmed') {
    ctx.deps.log.info('SIGNL4 confirmed an earlier attempt; not sent again', { ticket: state.id });
    await markSent(ctx, state, undefined, ctx.deps.clock.now());
    return;
  }
  // This attempt may reach SIGNL4 even if the tick is stopped before it hears back: until it answers, a confirmation may stand for it.
  if (state.sendOutcome === 'refused') await updateRecord(ctx.deps.store, state, { sendOutcome: null });
  await deliver(ctx, { ...state, sendOutcome: null }, body as SignlBody, item.n, 'throw');
}

/** A queued status change still applies: the same Signl, and it would move that Signl forward (never back). */
function statusStillDue(state: TicketState, item: Extract<QueueItem, { k: 's' }>): boolean {
  if (state.xid !== item.xid) return false;
  return item.st === 'resolved' ? isOpen(state) : state.st === 'open';
}

/** Runs one item; throws what is retryable. */
async function runItem(ctx: SyncContext, item: QueueItem, state: TicketState): Promise<void> {
  if (item.k === 'd') return redeliver(ctx, item, state);
  if (item.k === 's') {
    if (statusStillDue(state, item)) await sendStatus(ctx, state, item.st, item.note, 'throw');
    return;
  }
  await applyCallback(ctx, state, item.cb, planForReplay(item.plan, state), { noteDone: item.noteDone, replay: true, checkNoteSince: item.since });
}

/**
 * A status change or callback that gave up leaves the Signl as it is (it is still open in SIGNL4;
 * marking it failed would offer "Retry", which pages a second Signl): the timeline and the
 * diagnostics page say what could not be done.
 */
async function recordGiveUp(ctx: SyncContext, state: TicketState, reason: AppError): Promise<void> {
  const { store, clock, log } = ctx.deps;
  await updateRecord(ctx.deps.store, state, additions(state, [entry(clock.now(), 'failed', reason.message)]));
  log.error('queued change given up', { ticket: state.id, code: reason.code, fix: reason.fix });
  await recordError(store, clock, log, reason);
  await count(store, clock, log, { fail: 1 });
}

async function giveUp(ctx: SyncContext, item: QueueEntry, error: AppError): Promise<void> {
  const state = await loadState(ctx, item.t);
  if (state === undefined) return;
  const delivery = item.k === 'd';
  const reason = new AppError({
    code: error.code,
    operation: error.operation,
    message: `Gave up after ${item.n + 1} attempts: ${plainWords(error)}`,
    fix: delivery ? 'Use "Retry" in the ticket sidebar once the cause is fixed.' : 'Make the change by hand in SIGNL4 or on the ticket.',
  });
  if (delivery) await markFailed(ctx, state, reason, item.n + 1, reason.message);
  else await recordGiveUp(ctx, state, reason);
}

function retryItem<T extends QueueEntry>(ctx: SyncContext, item: T, error: AppError, noteDone: boolean | undefined): T {
  const attempts = item.n + (countsAsAttempt(error) ? 1 : 0);
  const next = { ...item, n: attempts, due: nextDue(ctx.deps.clock.now(), attempts, error), r: plainWords(error) };
  return next.k === 'c' && noteDone !== undefined ? { ...next, noteDone } : next;
}

/** The payload of a status change or callback is gone (it outlived its record's expiry): said on the ticket, not retried. */
function payloadLost(item: QueueEntry): AppError {
  return new AppError({ code: 'not_found', operation: '$db get q', message: `The queued ${item.k === 's' ? 'status change' : 'callback'} could not be read back.`, fix: 'Make the change by hand in SIGNL4 or on the ticket.' });
}

/**
 * An item of an older index (payload inline) that must wait again gets its own payload record
 * (one operation, once), so that the entry written back is as small as the others.
 */
async function migrated(ctx: SyncContext, queue: QueueRecord, key: string, item: QueueEntry): Promise<QueueEntry> {
  const old = queue.inline?.[key];
  if (old === undefined) return item;
  await storePayload(ctx.deps.store, { ...old, ...item } as QueueItem);
  delete queue.inline?.[key];
  return item;
}

async function onFailure(ctx: SyncContext, key: string, item: QueueEntry, thrown: unknown, progress: Progress): Promise<boolean> {
  const error = thrown instanceof RetryLater ? thrown.error : toAppError('drain', thrown);
  const next = retryItem(ctx, item, error, thrown instanceof RetryLater ? thrown.noteDone : undefined);
  const exhausted = next.n >= MAX_ATTEMPTS || ctx.deps.clock.now() - item.since > MAX_AGE_MS || !error.retryable;
  if (exhausted) {
    await giveUp(ctx, item, error);
    progress.done.push(key);
    progress.report.failed += 1;
    return true;
  }
  progress.changed[key] = await migrated(ctx, progress.report.queue, key, next);
  progress.report.retried += 1;
  if (error.code !== 'rate_limited') return true;
  progress.report.stoppedBy = error.message;
  return false;
}

async function tryItem(ctx: SyncContext, key: string, entry: QueueEntry, progress: Progress): Promise<boolean> {
  let item: QueueEntry = entry;
  try {
    const state = await loadState(ctx, entry.t);
    if (state === undefined) return succeeded(key, progress);
    const whole = await loadItem(ctx.deps.store, progress.report.queue, key, entry);
    if (whole === undefined) throw payloadLost(entry);
    item = whole;
    await runItem(ctx, whole, state);
    return succeeded(key, progress);
  } catch (error) {
    return onFailure(ctx, key, item, error, progress);
  }
}

function succeeded(key: string, progress: Progress): true {
  progress.done.push(key);
  progress.report.done += 1;
  return true;
}

async function tryDueItems(ctx: SyncContext, due: Array<[string, QueueEntry]>, budget: number, progress: Progress): Promise<void> {
  for (const [key, entry] of due) {
    if (tooLateToSend(ctx)) {
      progress.report.stoppedBy = 'out of time for this minute';
      return;
    }
    if (progress.report.cost + ITEM_COST[entry.k] > budget) return;
    progress.report.cost += ITEM_COST[entry.k];
    if (!(await tryItem(ctx, key, entry, progress))) return;
  }
}

/**
 * Drains due items while `budget` ($db operations, ITEM_COST each) lasts, until the first
 * throttled answer, or the time after which no send may start (sync-context.ts: the handler must
 * end within the platform's 20 s); returns what happened.
 */
export async function drainQueue(ctx: SyncContext, budget = 44): Promise<DrainReport> {
  const queue = await readQueue(ctx.deps.store);
  const progress: Progress = { done: [], changed: {}, report: { done: 0, retried: 0, failed: 0, cost: 0, queue } };
  await tryDueItems(ctx, dueItems(queue, ctx.deps.clock.now()), budget, progress);
  await writeBack(ctx.deps.store, queue, progress.done, progress.changed);
  if (progress.report.done > 0) await count(ctx.deps.store, ctx.deps.clock, ctx.deps.log, { dlv: progress.report.done });
  for (const key of progress.done) delete queue.items[key];
  for (const [key, item] of Object.entries(progress.changed)) queue.items[key] = entryOf(item);
  return progress.report;
}

