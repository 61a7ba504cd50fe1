/**
 * The catch-up sweep: when a burst spends the platform's $db budget, product events can arrive
 * while the app cannot even record them. Nothing is lost because every scheduled tick lists the
 * tickets updated since its cursor (100 a request, requester included) and forwards the matching
 * ones it has no record of (the create-only claim tells, as for events). The cursor moves only
 * past tickets that were fully handled.
 */
import { toAppError } from '../errors/errors.js';
import { listTicketsSince } from '../freshservice/freshservice-client.js';
import { integer, normaliseTicket } from '../freshservice/normalise-ticket.js';
import { ReferenceCache, type NameParts } from '../freshservice/reference-cache.js';
import type { EventRequester, EventTicket } from '../freshservice/ticket-event-types.js';
import type { TicketFacts } from '../freshservice/ticket-facts.js';
import { finishUnsentClaim, forwardInBatch, recordBatch, unsentClaim, type BatchSend } from './forward-ticket.js';
import { addToBatch, batchKey, writeBatch } from '../signl/sent-batch.js';
import { syncTicketStatus } from './sync-ticket-status.js';
import { isOpen, type TicketState } from '../signl/ticket-state.js';
import { readTicket } from '../signl/read-ticket.js';
import { completeFacts } from './complete-facts.js';
import { matchesFilter } from './match-filter.js';
import { parkedForTicket } from '../work/park.js';
import { tooLateToSend, type SyncContext } from '../context/sync-context.js';
import { MAX_RECHECK } from '../work/delivery-queue.js';
import { INSTALL_KEY, type InstallRecord } from '../records/install-record.js';

export interface SweepReport {
  seen: number;
  forwarded: number;
  /** The last ticket handled: updated at `cursor` (ms), id `cursorId`. */
  cursor: number;
  cursorId: number;
  /** The first list page worth reading next time for this cursor (1 unless its second fills whole pages). */
  cursorPage: number;
  /** $db operations spent on listed tickets, SIGNL4's confirmations of the Signls included (the caller's budget is in these). */
  cost: number;
  /** Name maps newer than the caller's copy, merged with it, when they fit the queue record. */
  names?: NameParts;
  /** Claims to look at again (ticket id -> when claimed), for the caller to save with the cursor. */
  recheck: Record<string, number>;
  /** With forwarding on update off, tickets created since this are in scope: it moves to the cursor only when a sweep got to the end of its listing. */
  scopeFrom: number;
  stoppedBy?: string;
}

export interface SweepFrom {
  /** Where the last sweep stopped (undefined: first run, from the install on). */
  cursor: number | undefined;
  cursorId?: number | undefined;
  /** The first list page worth reading for that cursor (undefined: 1). */
  cursorPage?: number | undefined;
  /** Tickets with a delivery in the retry queue: not stale claims. */
  queued?: ReadonlySet<number>;
  /** The queue record's copy of the name maps. */
  names?: NameParts | undefined;
  /** Claims saved by the last sweep to look at again. */
  recheck?: Readonly<Record<string, number>> | undefined;
  /** Where the scope of new tickets starts (undefined: at the cursor). */
  scopeFrom?: number | undefined;
}

/** On the first run without an install record the sweep looks back this far. */
export const FIRST_LOOK_BACK_MS = 15 * 60_000;
/** However long ago the app was installed, the first sweep looks back at most a day (the list is paged in one tick). */
const MAX_FIRST_LOOK_BACK_MS = 24 * 60 * 60_000;
const MAX_PAGES = 3;
/**
 * Pages read in one tick at most, counting pages that hold only tickets already handled: more tickets
 * than fit three pages can share the cursor's second (a burst), and the list cannot start after an id.
 * The first page worth reading is remembered with the cursor (cursorPage), so each such page is read
 * once, not every minute.
 */
const MAX_LIST_PAGES = 8;
/** The name maps are copied into the queue record only while they stay this small (the record holds the queue too). */
const MAX_NAMES_CHARS = 12_000;

function updatedAt(ticket: EventTicket, fallback: number): number {
  const ms = typeof ticket.updated_at === 'string' ? Date.parse(ticket.updated_at) : Number.NaN;
  return Number.isNaN(ms) ? fallback : ms;
}

function createdAt(ticket: EventTicket): number {
  const ms = typeof ticket.created_at === 'string' ? Date.parse(ticket.created_at) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

/** Whether the sweep may forward this ticket: created since the cursor, or any update when forwarding on update. */
/** `from`: the report's scopeFrom (not the cursor: a sweep cut short by its budget leaves tickets created before its cursor unseen). */
function inScope(ctx: SyncContext, ticket: EventTicket, from: number): boolean {
  return ctx.settings.forward_on_update || createdAt(ticket) >= from;
}

/**
 * A claim older than this is no longer its handler's (a handler has 20 s): unsettled, and with no
 * parked job to settle it (park.ts parkedForTicket), its handler was stopped.
 */
export const STALE_CLAIM_MS = 60_000;

function lower(value: string | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

function listedIn(list: readonly string[], name: string | undefined): boolean {
  return name !== undefined && list.some((s) => lower(s) === lower(name));
}

/** Claimed, not recorded as sent, and not in the retry queue: its handler is still running, was stopped, or parked the record. */
function unsettledClaim(state: TicketState, queued: ReadonlySet<number>): boolean {
  return unsentClaim(state) && !queued.has(state.id);
}

function claimedAt(state: TicketState, now: number): number {
  return state.tl.at(-1)?.at ?? now;
}

/** Claimed by a handler that was stopped before it could record its send. */
function staleClaim(state: TicketState, queued: ReadonlySet<number>, now: number): boolean {
  return unsettledClaim(state, queued) && now - claimedAt(state, now) > STALE_CLAIM_MS;
}

/** A stale claim no parked job will settle: its handler is gone, and what it left is finished. */
async function abandoned(ctx: SyncContext, state: TicketState, queued: ReadonlySet<number>): Promise<boolean> {
  return staleClaim(state, queued, ctx.deps.clock.now()) && !(await parkedForTicket(ctx.deps, state.id));
}

/**
 * A ticket the app already knows: finish what a killed or starved handler left undone — a claim
 * whose send was never recorded (from SIGNL4's confirmations, as its guard would), or a status
 * change whose onTicketUpdate met a spent $db budget.
 */
async function reconcile(ctx: SyncContext, facts: TicketFacts, queued: ReadonlySet<number>): Promise<Considered> {
  const state = await readTicket(ctx.deps.store, facts.id);
  if (state === undefined) return 'known';
  if (await abandoned(ctx, state, queued)) {
    await finishUnsentClaim(ctx, state);
    return 'reconciled';
  }
  if (!isOpen(state) || facts.status === undefined || facts.statusName === undefined) return 'known';
  return (await syncTicketStatus(ctx, state, facts.status, facts.statusName)) === 'sent' ? 'reconciled' : 'known';
}

/**
 * What considering a listed ticket costs in $db operations: nothing; one read (known: a ticket in
 * an acknowledge or close status whose Signl needs nothing); a failed claim and a read (claimed);
 * a delivery (its claim, and the one operation SIGNL4's "created" callback spends; what was sent is
 * one record for the whole sweep, written once a group of up to eight, BATCH_WRITE, signl/sent-batch.ts); a
 * reconciliation (read, update, and SIGNL4's callback for the status change, which reads the
 * state). 'held': a claim to look at again that the full recheck list cannot take (the sweep stops before it).
 */
type Considered = 'skipped' | 'known' | 'claimed' | 'sent' | 'reconciled' | 'held';
export const COST: Record<Considered, number> = { skipped: 0, known: 1, claimed: 2, sent: 2, reconciled: 3, held: 2 };

/**
 * A matching ticket the sweep found already claimed (one read): the forward that claimed it is
 * checked, as no guard schedule watches it (forward-ticket.ts). A claim settled, or in the retry
 * queue, is known. One not settled whose handler may still be running (younger than
 * STALE_CLAIM_MS), or whose record is parked, is looked at again later: kept in `recheck`, so the
 * cursor moves on; when the list is full the sweep stops before it ('held'). One stale and not
 * parked lost its handler, and is finished as its guard would have finished it.
 */
async function inspectClaim(ctx: SyncContext, ticketId: number, queued: ReadonlySet<number>, report: SweepReport): Promise<Considered> {
  const state = await readTicket(ctx.deps.store, ticketId);
  const now = ctx.deps.clock.now();
  if (state === undefined || !unsettledClaim(state, queued)) return 'claimed';
  if (await abandoned(ctx, state, queued)) {
    await finishUnsentClaim(ctx, state);
    return 'reconciled';
  }
  if (report.recheck[String(ticketId)] === undefined && Object.keys(report.recheck).length >= MAX_RECHECK) return 'held';
  report.recheck[String(ticketId)] = claimedAt(state, now);
  return 'claimed';
}

/**
 * Claims kept to look at again, once they are stale: finished when still unsettled, then dropped
 * (one read each, and what finishing costs). Fresh ones stay.
 */
async function recheckClaims(ctx: SyncContext, report: SweepReport, queued: ReadonlySet<number>, budget: number): Promise<void> {
  const now = ctx.deps.clock.now();
  for (const [id, at] of Object.entries(report.recheck)) {
    if (now - at <= STALE_CLAIM_MS || report.cost + COST.reconciled > budget) continue;
    const state = await readTicket(ctx.deps.store, Number(id));
    report.cost += COST.known;
    if (state === undefined || !staleClaim(state, queued, now)) {
      delete report.recheck[id];
    } else if (!(await parkedForTicket(ctx.deps, state.id))) {
      await finishUnsentClaim(ctx, state);
      // Only once it is finished: a failure (a spent minute) keeps it for the next tick.
      delete report.recheck[id];
      report.cost += COST.reconciled - COST.known;
    }
  }
}

/** One sweep's run: where it started, the name cache, the queued tickets, its report, and what it sent (its batch record). */
interface SweepRun {
  /** Where the scope of new tickets starts (SweepReport.scopeFrom). */
  scopeFrom: number;
  ref: ReferenceCache;
  queued: ReadonlySet<number>;
  report: SweepReport;
  batch: string;
  /** Whether the batch record exists yet: the next group is added to it. */
  batchWritten: boolean;
  sends: BatchSend[];
  /** Tickets updated at or after this (ms) do not move the cursor (see passed), nor any after the first of them. */
  holdFrom: number;
  held: boolean;
}

/**
 * Tickets in an acknowledge or close status are reconciled (a status change may have met a spent
 * budget); matching ones are forwarded when the app has no record of them (the create-only claim).
 */
async function consider(ctx: SyncContext, ticket: EventTicket, run: SweepRun): Promise<Considered> {
  const facts = await completeFacts(ctx, normaliseTicket(ticket, ticket['requester'] as EventRequester | undefined), run.ref);
  const { close_on_statuses: close, acknowledge_on_statuses: ack } = ctx.settings;
  // Whatever the forwarding scope: a ticket created before the cursor may have a Signl to resolve.
  if (listedIn(close, facts.statusName) || listedIn(ack, facts.statusName)) return reconcile(ctx, facts, run.queued);
  if (!inScope(ctx, ticket, run.scopeFrom) || !matchesFilter(facts, ctx.settings)) return 'skipped';
  const outcome = await forwardInBatch(ctx, facts, run.batch);
  if (outcome === 'duplicate') return inspectClaim(ctx, facts.id, run.queued, run.report);
  if (typeof outcome !== 'string') run.sends.push(outcome);
  return 'sent';
}

/**
 * Tickets considered at once: their sends overlap, so a slow SIGNL4 (500 ms an answer) does not cut
 * a minute's deliveries to what fits 4 s one after another: eight at a time, a minute's 24 start
 * within 1.5 s. All start before SEND_WITHIN_MS (sync-context.ts), so each ends within the 20 s a
 * handler has. Each ticket's own claim keeps a concurrent or repeated one from paging twice.
 */
export const SWEEP_CONCURRENCY = 8;
/**
 * Freshservice's updated_at has whole seconds: tickets updated in the listing's second or the
 * one before do not move the cursor (passed), so a change in that time is listed again. (An
 * updated_at trailing the platform clock by more than this is not covered.)
 */
const HOLD_MS = 1000;
/** The write of the sweep's batch record after each group that sent anything (kept from the budget for the next group). */
const BATCH_WRITE = 1;

/** Stops before a ticket that could take the sweep past its budget (a delivery is the dearest), or when out of time. */
async function sweepCandidates(ctx: SyncContext, run: SweepRun, budget: number): Promise<void> {
  const { report } = run;
  await recheckClaims(ctx, report, run.queued, budget);
  const { list: listed, more } = await candidates(ctx, report, Math.ceil(budget / COST.sent));
  for (let i = 0; i < listed.length && report.stoppedBy === undefined; ) {
    const room = Math.floor((budget - report.cost - BATCH_WRITE) / COST.sent);
    if (room <= 0) return;
    if (tooLateToSend(ctx)) {
      report.stoppedBy = 'out of time for this minute';
      return;
    }
    const batch = listed.slice(i, i + Math.min(SWEEP_CONCURRENCY, room));
    await sweepBatch(ctx, batch, run);
    i += batch.length;
  }
  // The end of the listing, every ticket considered: tickets created before the cursor were all seen.
  if (!more && report.stoppedBy === undefined) report.scopeFrom = report.cursor;
}

/**
 * A batch considered together; the cursor then moves past its tickets in order, up to the first
 * that failed (whose failure goes up to stop the sweep: it is listed again next minute, and the
 * ones after it find their claims).
 */
/** What a group sent, recorded before anything else is decided (a failure or a stop below must not leave it unrecorded). */
async function recordGroup(ctx: SyncContext, run: SweepRun, from: number): Promise<void> {
  const group = run.sends.slice(from);
  if (group.length === 0) return;
  run.report.cost += BATCH_WRITE;
  if (await recordBatch(ctx, run.batch, group, run.batchWritten ? addToBatch : writeBatch)) run.batchWritten = true;
}

async function sweepBatch(ctx: SyncContext, batch: EventTicket[], run: SweepRun): Promise<void> {
  const { report } = run;
  const from = run.sends.length;
  const settled = await Promise.allSettled(batch.map((ticket) => consider(ctx, ticket, run)));
  await recordGroup(ctx, run, from);
  for (const [j, result] of settled.entries()) {
    if (result.status === 'rejected') throw result.reason;
    if (result.value === 'held') {
      // The ones after it were considered all the same: their cost is spent; they are listed again (and found claimed) next minute.
      report.cost += settled.slice(j).reduce((sum, r) => sum + (r.status === 'fulfilled' ? COST[r.value] : 0), 0);
      report.stoppedBy = 'the claims to look at again fill their list; this one waits for a later minute';
      return;
    }
    passed(run, batch[j] as EventTicket, result.value);
  }
}

function mergedNames(seed: NameParts | undefined, newer: NameParts): NameParts | undefined {
  if (Object.keys(newer).length === 0) return undefined;
  const merged = { ...seed, ...newer };
  return JSON.stringify(merged).length <= MAX_NAMES_CHARS ? merged : undefined;
}

/** Where the scope of new tickets starts: the saved one, never after the cursor (an index written before it had none). */
function scopeOf(from: SweepFrom, cursor: number): number {
  return Math.min(from.scopeFrom ?? cursor, cursor);
}

/**
 * Where the sweep starts: its cursor, or on its first run the moment of install (one read, once).
 * A ticket created before install was never the app's to page, so the sweep never looks back past
 * it (a reinstall starts afresh); only without an install record does it look back FIRST_LOOK_BACK_MS.
 */
async function startingReport(ctx: SyncContext, from: SweepFrom, now: number): Promise<SweepReport> {
  const recheck = { ...from.recheck };
  if (from.cursor !== undefined) return { seen: 0, forwarded: 0, cost: 0, cursor: from.cursor, cursorId: from.cursorId ?? 0, cursorPage: from.cursorPage ?? 1, recheck, scopeFrom: scopeOf(from, from.cursor) };
  const installedAt = (await ctx.deps.store.get<InstallRecord>(INSTALL_KEY))?.at;
  const cursor = typeof installedAt === 'number' && installedAt <= now ? Math.max(installedAt, now - MAX_FIRST_LOOK_BACK_MS) : now - FIRST_LOOK_BACK_MS;
  return { seen: 0, forwarded: 0, cost: 1, cursor, cursorId: 0, cursorPage: 1, recheck, scopeFrom: cursor };
}

/**
 * Sweeps until `budget` $db operations are spent, in (updated_at, id) order after the cursor. The
 * caller saves the final cursor (once a tick: progress lost to a stopped tick costs one read per
 * ticket next time, less than saving as it goes).
 */
export async function sweepMissed(ctx: SyncContext, from: SweepFrom, budget: number): Promise<SweepReport> {
  const report = await startingReport(ctx, from, ctx.deps.clock.now());
  if (budget <= report.cost) return report;
  const ref = new ReferenceCache(ctx.deps.store, ctx.deps.clock, ctx.fs, from.names);
  const run: SweepRun = { scopeFrom: report.scopeFrom, ref, queued: from.queued ?? new Set(), report, batch: batchKey(ctx.deps.clock.now()), batchWritten: false, sends: [], holdFrom: Math.floor(ctx.deps.clock.now() / 1000) * 1000 - HOLD_MS, held: false };
  try {
    await sweepCandidates(ctx, run, budget);
  } catch (error) {
    report.stoppedBy = toAppError('sweep', error).message;
  } finally {
    await ref.flush();
  }
  const names = mergedNames(from.names, ref.newerNames());
  return names === undefined ? report : { ...report, names };
}

function idOf(ticket: EventTicket): number {
  return integer(ticket.id) ?? 0;
}

function after(ticket: EventTicket, report: SweepReport): boolean {
  const at = updatedAt(ticket, 0);
  return at > report.cursor || (at === report.cursor && idOf(ticket) > report.cursorId);
}

/**
 * The listed tickets after the cursor, in (updated_at, id) order. The list API orders by creation,
 * so while more pages remain, only tickets updated no later than the newest creation time seen are
 * taken: any ticket on a later page was created, hence updated, at or after that time, and when
 * at the same second it has a higher id (ids grow with creation), so the cursor never passes it.
 * Pages are read until they hold enough for the tick's budget (`wanted`), at most MAX_PAGES.
 */
async function candidates(ctx: SyncContext, report: SweepReport, wanted: number): Promise<{ list: EventTicket[]; more: boolean }> {
  const since = new Date(report.cursor).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { listed, more } = await readPages(ctx, since, report, wanted);
  const cap = more ? Math.max(...listed.map(createdAt)) : Number.POSITIVE_INFINITY;
  const list = listed.filter((t) => after(t, report) && (!more || updatedAt(t, 0) <= cap)).sort((a, b) => updatedAt(a, 0) - updatedAt(b, 0) || idOf(a) - idOf(b));
  return { list, more };
}

/**
 * Reads list pages from the page hint (one page of overlap before it, in case a deletion moved
 * tickets up a page) until `wanted` tickets after the cursor, MAX_PAGES pages that hold any, or
 * MAX_LIST_PAGES pages in all. A page holding only handled tickets moves the hint past it.
 */
async function readPages(ctx: SyncContext, since: string, report: SweepReport, wanted: number): Promise<{ listed: EventTicket[]; more: boolean }> {
  const listed: EventTicket[] = [];
  let more = true;
  let useful = 0;
  for (let page = Math.max(1, report.cursorPage - 1), read = 0; useful < MAX_PAGES && read < MAX_LIST_PAGES && more; page += 1, read += 1) {
    const result = await listTicketsSince(ctx.fs, since, page);
    listed.push(...result.tickets);
    more = result.more;
    useful += hintPast(result.tickets, page, more, report);
    if (listed.filter((t) => after(t, report)).length >= wanted) break;
  }
  return { listed, more };
}

/** 1 when the page holds a ticket after the cursor; else, when more pages follow, the hint moves past it (0). */
function hintPast(tickets: EventTicket[], page: number, more: boolean, report: SweepReport): number {
  if (tickets.some((t) => after(t, report))) return 1;
  if (more && page >= report.cursorPage) report.cursorPage = page + 1;
  return 0;
}

/** A listed ticket handled: the cursor moves past it and its cost is counted. */
/**
 * Freshservice's updated_at has whole seconds: a ticket changed again in the second the sweep
 * listed it would have the same updated_at and id as the cursor, and never be listed again. So
 * the cursor stops before tickets updated in the listing's second or the HOLD_MS before it (`run.holdFrom`),
 * and the next tick considers them again (a known ticket costs a failed claim and a read).
 */
function passed(run: SweepRun, ticket: EventTicket, outcome: Considered): void {
  const { report } = run;
  report.seen += 1;
  if (run.held || updatedAt(ticket, 0) >= run.holdFrom) {
    run.held = true;
    report.cost += COST[outcome];
    if (outcome === 'sent') report.forwarded += 1;
    return;
  }
  const second = Math.floor(report.cursor / 1000);
  report.cursor = updatedAt(ticket, report.cursor);
  if (Math.floor(report.cursor / 1000) !== second) report.cursorPage = 1;
  report.cursorId = idOf(ticket);
  report.cost += COST[outcome];
  if (outcome === 'sent') report.forwarded += 1;
}
