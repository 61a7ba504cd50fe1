/**
 * Why a ticket has no Signl, from the ticket (read from the API) and the settings, with the same
 * filter code the forwarding uses (forward/match-filter.ts): a ticket that matches never reads "did not
 * match". Costs one $request (the ticket), the install record read and, only for names the ticket
 * lacks, the reference cache (as a forward would).
 */
import { isStoreThrottle, toAppError } from '../errors/errors.js';
import { getTicket } from '../freshservice/freshservice-client.js';
import { normaliseTicket } from '../freshservice/normalise-ticket.js';
import { ReferenceCache } from '../freshservice/reference-cache.js';
import type { EventRequester } from '../freshservice/ticket-event-types.js';
import type { TicketFacts } from '../freshservice/ticket-facts.js';
import { completeFacts } from '../forward/complete-facts.js';
import { INSTALL_KEY, type InstallRecord } from '../records/install-record.js';
import { filterMisses } from '../forward/match-filter.js';
import type { SyncContext } from '../context/sync-context.js';
import type { NotForwardedReason, RuleMiss } from './view-types.js';

type Rule = RuleMiss['rule'];

function ticketValue(facts: TicketFacts, rule: Rule): string {
  const values: Record<Rule, string | undefined> = {
    priority: facts.priorityName,
    type: facts.typeName,
    group: facts.groupName,
    source: facts.sourceName,
    workspace: facts.workspaceName ?? (facts.workspaceId === undefined ? undefined : String(facts.workspaceId)),
    tags: facts.tags.join(', '),
  };
  return values[rule] ?? '';
}

function allowedBy(ctx: SyncContext, rule: Rule): string[] {
  const s = ctx.settings;
  const lists: Record<Rule, readonly string[]> = {
    priority: s.filter_priorities,
    type: s.filter_types,
    group: s.filter_groups,
    source: s.filter_sources,
    workspace: s.filter_workspaces,
    tags: s.filter_tags,
  };
  return [...lists[rule]];
}

export function ruleMisses(ctx: SyncContext, facts: TicketFacts): RuleMiss[] {
  return filterMisses(facts, ctx.settings).map((name) => {
    const rule = name as Rule;
    return { rule, ticket: ticketValue(facts, rule), allowed: allowedBy(ctx, rule) };
  });
}

function inCloseStatus(ctx: SyncContext, facts: TicketFacts): boolean {
  const name = facts.statusName?.trim().toLowerCase();
  return name !== undefined && ctx.settings.close_on_statuses.some((s) => s.trim().toLowerCase() === name);
}

function ms(iso: string | undefined): number | undefined {
  const value = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(value) ? undefined : value;
}

async function readFacts(ctx: SyncContext, ticketId: number): Promise<TicketFacts> {
  const ticket = await getTicket(ctx.fs, ticketId);
  const ref = new ReferenceCache(ctx.deps.store, ctx.deps.clock, ctx.fs);
  try {
    return await completeFacts(ctx, normaliseTicket({ ...ticket, id: ticket.id ?? ticketId }, ticket['requester'] as EventRequester | undefined), ref);
  } finally {
    await ref.flush();
  }
}

function createdBefore(facts: TicketFacts, installedAt: number | undefined): installedAt is number {
  const created = ms(facts.createdAt);
  return installedAt !== undefined && created !== undefined && created < installedAt;
}

/** The reason from facts already read (pure but for the install time passed in). */
export function reasonFor(ctx: SyncContext, facts: TicketFacts, installedAt: number | undefined): NotForwardedReason {
  const misses = ruleMisses(ctx, facts);
  if (createdBefore(facts, installedAt)) return { kind: 'before_install', installedAt: new Date(installedAt).toISOString(), misses };
  if (misses.length > 0) return { kind: 'no_match', misses };
  if (inCloseStatus(ctx, facts)) return { kind: 'closed', status: facts.statusName ?? '' };
  return ctx.settings.forward_on_update ? { kind: 'not_seen' } : { kind: 'updates_off' };
}

/**
 * A spent $db or $request budget is rethrown (the sidebar then shows "busy"); any other failure to
 * read the ticket leaves the reason unknown rather than guessing.
 */
export async function whyNotForwarded(ctx: SyncContext, ticketId: number): Promise<NotForwardedReason> {
  try {
    const install = await ctx.deps.store.get<InstallRecord>(INSTALL_KEY);
    return reasonFor(ctx, await readFacts(ctx, ticketId), install?.at);
  } catch (error) {
    const failure = toAppError('why not forwarded', error);
    if (isStoreThrottle(failure) || failure.code === 'rate_limited') throw failure;
    ctx.deps.log.warn('could not read the ticket to say why it was not forwarded', { ticket: ticketId, code: failure.code });
    return { kind: 'unknown' };
  }
}
