/**
 * onTicketCreate / onTicketUpdate (docs/specification.md §1–§2). Payload first: the Freshservice API is
 * called only for names the payload lacks (cached). Creates and updates that match the filter are
 * forwarded once; status changes of forwarded tickets reach their Signl.
 */
import { ReferenceCache } from '../freshservice/reference-cache.js';
import { integer, normaliseTicket } from '../freshservice/normalise-ticket.js';
import { missingNames, type TicketFacts } from '../freshservice/ticket-facts.js';
import type { EventTicket, FieldChanges, TicketEventData } from '../freshservice/ticket-event-types.js';
import { completeFacts } from '../forward/complete-facts.js';
import { forwardTicket, type ForwardOutcome } from '../forward/forward-ticket.js';
import { matchesFilter, filterMisses } from '../forward/match-filter.js';
import { mayForwardAgain } from '../forward/started-to-match.js';
import type { SyncContext } from '../context/sync-context.js';
import { isEcho, syncTicketStatus, type StatusSyncOutcome } from '../forward/sync-ticket-status.js';
import { readTicket } from '../signl/read-ticket.js';

export type TicketEventOutcome = ForwardOutcome | StatusSyncOutcome | 'not_matching' | 'no_ticket' | 'update_forwarding_off';

function eventData(data: unknown): TicketEventData {
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as TicketEventData) : {};
}

/** `changes` lives under data.ticket (live payloads) or data (FDK test data). */
export function changesOf(data: TicketEventData): FieldChanges {
  const changes = data.ticket?.changes ?? data.changes;
  return changes !== null && typeof changes === 'object' ? changes : {};
}

/** The new status id when the status changed in this update. */
export function changedStatus(changes: FieldChanges): number | undefined {
  const change = changes['status'];
  return Array.isArray(change) ? integer(change[1]) : undefined;
}

async function statusName(facts: TicketFacts, statusId: number, ref: ReferenceCache): Promise<string> {
  if (statusId === facts.status && facts.statusName !== undefined) return facts.statusName;
  return (await ref.statusName(statusId)) ?? String(statusId);
}

async function onStatusChange(ctx: SyncContext, facts: TicketFacts, statusId: number, ref: ReferenceCache): Promise<StatusSyncOutcome | undefined> {
  const state = await readTicket(ctx.deps.store, facts.id);
  // The app's own status change (from a SIGNL4 callback) neither reaches SIGNL4 nor counts as a reopening.
  if (state !== undefined && isEcho(state, statusId, ctx.deps.clock.now())) return 'echo';
  if (state === undefined || state.st === 'closed' || state.st === 'failed') return undefined;
  return syncTicketStatus(ctx, state, statusId, await statusName(facts, statusId, ref));
}

function closedAlready(ctx: SyncContext, facts: TicketFacts): boolean {
  const name = facts.statusName?.toLowerCase();
  return name !== undefined && ctx.settings.close_on_statuses.some((s) => s.toLowerCase() === name);
}

async function maybeForward(ctx: SyncContext, facts: TicketFacts, kind: 'create' | 'update', changes: FieldChanges, ref: ReferenceCache): Promise<TicketEventOutcome> {
  const complete = Object.values(missingNames(facts)).some(Boolean) ? await completeFacts(ctx, facts, ref) : facts;
  if (!matchesFilter(complete, ctx.settings) || closedAlready(ctx, complete)) {
    ctx.deps.log.info('ticket does not match the forwarding filter', { ticket: facts.id, misses: filterMisses(complete, ctx.settings) });
    return 'not_matching';
  }
  return forwardTicket(ctx, complete, kind, kind === 'update' && mayForwardAgain(complete, changes, ctx.settings));
}

export async function handleTicketEvent(ctx: SyncContext, data: unknown, kind: 'create' | 'update'): Promise<TicketEventOutcome> {
  const event = eventData(data);
  if (event.ticket === undefined || event.ticket === null) {
    ctx.deps.log.warn(`on${kind === 'create' ? 'TicketCreate' : 'TicketUpdate'} without a ticket; ignored`);
    return 'no_ticket';
  }
  const facts = normaliseTicket(event.ticket as EventTicket, event.requester);
  const ref = new ReferenceCache(ctx.deps.store, ctx.deps.clock, ctx.fs);
  try {
    return await route(ctx, facts, kind, changesOf(event), ref);
  } finally {
    await ref.flush();
  }
}

async function route(ctx: SyncContext, facts: TicketFacts, kind: 'create' | 'update', changes: FieldChanges, ref: ReferenceCache): Promise<TicketEventOutcome> {
  const statusId = kind === 'update' ? changedStatus(changes) : undefined;
  const synced = statusId === undefined ? undefined : await onStatusChange(ctx, facts, statusId, ref);
  if (synced !== undefined) return synced;
  if (kind === 'update' && !ctx.settings.forward_on_update) return 'update_forwarding_off';
  return maybeForward(ctx, facts, kind, changes, ref);
}
