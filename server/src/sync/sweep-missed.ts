/**
 * The catch-up sweep: when a burst spends the platform's $db budget, product events can arrive
 * while the app cannot even record them. Nothing is lost because every scheduled tick lists the
 * tickets updated since its cursor (100 a request, requester included) and forwards the matching
 * ones it has no record of (the create-only claim tells, as for events). The cursor moves only
 * past tickets that were fully handled.
 */
import { toAppError } from '../errors.js';
import { listTicketsSince } from '../freshservice/freshservice-client.js';
import { normaliseTicket } from '../freshservice/normalise-ticket.js';
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
  cursor: number;
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

/** Sweeps at most `budget` forwards; the caller saves the final cursor. */
export async function sweepMissed(ctx: SyncContext, cursorMs: number | undefined, budget: number): Promise<SweepReport> {
  const now = ctx.deps.clock.now();
  const report: SweepReport = { seen: 0, forwarded: 0, cursor: cursorMs ?? now - FIRST_LOOK_BACK_MS };
  if (budget <= 0) return report;
  const ref = new ReferenceCache(ctx.deps.store, ctx.deps.clock, ctx.fs);
  try {
    await sweepPages(ctx, report, budget, ref);
  } catch (error) {
    report.stoppedBy = toAppError('sweep', error).message;
  } finally {
    await ref.flush();
  }
  return report;
}

/** One listed ticket: forward it when missed, move the cursor past it, save the cursor now and then. */
async function sweepOne(ctx: SyncContext, ticket: EventTicket, start: number, report: SweepReport, ref: ReferenceCache): Promise<void> {
  const sent = await consider(ctx, ticket, start, ref);
  report.seen += 1;
  report.cursor = Math.max(report.cursor, updatedAt(ticket, report.cursor));
  if (!sent) return;
  report.forwarded += 1;
  if (report.forwarded % SAVE_EVERY === 0) await writeBack(ctx.deps.store, [], {}, report.cursor);
}

async function sweepPages(ctx: SyncContext, report: SweepReport, budget: number, ref: ReferenceCache): Promise<void> {
  const since = new Date(report.cursor).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const start = report.cursor;
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const { tickets, more } = await listTicketsSince(ctx.fs, since, page);
    for (const ticket of tickets) {
      if (report.forwarded >= budget) return;
      await sweepOne(ctx, ticket, start, report, ref);
    }
    if (!more) return;
  }
}
