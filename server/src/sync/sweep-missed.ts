/**
 * The catch-up sweep: when a burst spends the platform's $db budget, product events can arrive
 * while the app cannot even record them. Nothing is lost because every scheduled tick lists the
 * tickets updated since its cursor (100 a request, requester included) and forwards the matching
 * ones it has no record of (the create-only claim tells, as for events). The cursor moves only
 * past tickets that were fully handled.
 */
import { toAppError } from '../errors.js';
import { listTicketsSince } from '../freshservice/freshservice-client.js';
import { integer, normaliseTicket } from '../freshservice/normalise-ticket.js';
import { ReferenceCache } from '../freshservice/reference-cache.js';
import type { EventRequester, EventTicket } from '../freshservice/ticket-event-types.js';
import { writeBack } from './delivery-queue.js';
import { forwardTicket } from './forward-ticket.js';
import { completeFacts } from './handle-ticket-event.js';
import { matchesFilter } from './match-filter.js';
import type { SyncContext } from './sync-context.js';

export interface SweepReport {
  seen: number;
  forwarded: number;
  /** The last ticket handled: updated at `cursor` (ms), id `cursorId`. */
  cursor: number;
  cursorId: number;
  stoppedBy?: string;
}

/** On the first run the sweep looks back this far. */
export const FIRST_LOOK_BACK_MS = 15 * 60_000;
const MAX_PAGES = 3;
/** The cursor is saved every few forwarded tickets, so a spent $db budget loses little progress. */
const SAVE_EVERY = 4;

function updatedAt(ticket: EventTicket, fallback: number): number {
  const ms = typeof ticket.updated_at === 'string' ? Date.parse(ticket.updated_at) : Number.NaN;
  return Number.isNaN(ms) ? fallback : ms;
}

function createdAt(ticket: EventTicket): number {
  const ms = typeof ticket.created_at === 'string' ? Date.parse(ticket.created_at) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

/** Whether the sweep may forward this ticket: created since the cursor, or any update when forwarding on update. */
function inScope(ctx: SyncContext, ticket: EventTicket, cursor: number): boolean {
  return ctx.settings.forward_on_update || createdAt(ticket) >= cursor;
}

async function consider(ctx: SyncContext, ticket: EventTicket, cursor: number, ref: ReferenceCache): Promise<boolean> {
  if (!inScope(ctx, ticket, cursor)) return false;
  const facts = await completeFacts(ctx, normaliseTicket(ticket, ticket['requester'] as EventRequester | undefined), ref);
  const closing = ctx.settings.close_on_statuses.some((s) => s.toLowerCase() === facts.statusName?.toLowerCase());
  if (!matchesFilter(facts, ctx.settings) || closing) return false;
  return (await forwardTicket(ctx, facts, 'sweep')) !== 'duplicate';
}

async function sweepCandidates(ctx: SyncContext, report: SweepReport, budget: number, ref: ReferenceCache): Promise<void> {
  const start = report.cursor;
  for (const ticket of await candidates(ctx, report)) {
    if (report.forwarded >= budget) return;
    await sweepOne(ctx, ticket, start, report, ref);
  }
}

/** Sweeps at most `budget` forwards, in (updated_at, id) order after the cursor; the caller saves the final cursor. */
export async function sweepMissed(ctx: SyncContext, cursorMs: number | undefined, budget: number, cursorId = 0): Promise<SweepReport> {
  const now = ctx.deps.clock.now();
  const report: SweepReport = { seen: 0, forwarded: 0, cursor: cursorMs ?? now - FIRST_LOOK_BACK_MS, cursorId: cursorMs === undefined ? 0 : cursorId };
  if (budget <= 0) return report;
  const ref = new ReferenceCache(ctx.deps.store, ctx.deps.clock, ctx.fs);
  try {
    await sweepCandidates(ctx, report, budget, ref);
  } catch (error) {
    report.stoppedBy = toAppError('sweep', error).message;
  } finally {
    await ref.flush();
  }
  return report;
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
 * so while more pages remain, only tickets updated before the newest creation time seen are
 * taken: any ticket on a later page was created, hence updated, after that.
 */
async function candidates(ctx: SyncContext, report: SweepReport): Promise<EventTicket[]> {
  const since = new Date(report.cursor).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const listed: EventTicket[] = [];
  let more = true;
  for (let page = 1; page <= MAX_PAGES && more; page += 1) {
    const result = await listTicketsSince(ctx.fs, since, page);
    listed.push(...result.tickets);
    more = result.more;
    if (listed.some((t) => after(t, report))) break;
  }
  const cap = more ? Math.max(...listed.map(createdAt)) : Number.POSITIVE_INFINITY;
  return listed
    .filter((t) => after(t, report) && (!more || updatedAt(t, 0) < cap))
    .sort((a, b) => updatedAt(a, 0) - updatedAt(b, 0) || idOf(a) - idOf(b));
}

/** One listed ticket: forward it when missed, move the cursor past it, save the cursor now and then. */
async function sweepOne(ctx: SyncContext, ticket: EventTicket, start: number, report: SweepReport, ref: ReferenceCache): Promise<void> {
  const sent = await consider(ctx, ticket, start, ref);
  report.seen += 1;
  report.cursor = updatedAt(ticket, report.cursor);
  report.cursorId = idOf(ticket);
  if (!sent) return;
  report.forwarded += 1;
  if (report.forwarded % SAVE_EVERY === 0) await writeBack(ctx.deps.store, [], {}, report.cursor, report.cursorId);
}
