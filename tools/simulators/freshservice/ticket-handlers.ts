/** REST handlers for tickets and notes (docs/freshservice-facts.md §2–§3). */
import { accessDenied, notFound, validationFailed } from './fs-errors.js';
import { canWrite } from './fs-auth.js';
import { parseFilterQuery } from './filter-query.js';
import type { Handler, HandlerContext, HandlerResult } from './handler-context.js';
import { isAnswer, paginate, readPage } from './paging.js';
import { restNote, restTicket, TICKET_INCLUDES } from './rest-views.js';
import { addNoteRecord, createTicketRecord, updateTicketRecord } from './ticket-ops.js';
import { isObject } from './ticket-validation.js';
import type { Ticket } from './types.js';

const LIST_INCLUDES = ['stats', 'requester', 'requested_for', 'onboarding_context', 'offboarding_context'];
const DAY = 86_400_000;

/** The `include=` names, or a 400 naming the accepted ones. */
export function readIncludes(query: URLSearchParams, allowed: readonly string[]): string[] | HandlerResult {
  const raw = query.get('include');
  if (raw === null || raw.trim() === '') return [];
  const names = raw.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  const unknown = names.filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    return validationFailed([{ field: 'include', message: `It should be one of these values: '${allowed.join(', ')}'`, code: 'invalid_value' }]);
  }
  return [...new Set(names)];
}

function ticketFor(ctx: HandlerContext): Ticket | undefined {
  const id = ctx.params['id'] ?? '';
  return /^\d+$/.test(id) ? ctx.state.tickets.get(Number(id)) : undefined;
}

export const viewTicket: Handler = (ctx) => {
  const includes = readIncludes(ctx.query, TICKET_INCLUDES);
  if (!Array.isArray(includes)) return includes;
  const ticket = ticketFor(ctx);
  if (!ticket || ticket.deleted) return notFound('Ticket');
  return { status: 200, body: { ticket: restTicket(ctx.state, ticket, includes) } };
};

export const listTickets: Handler = (ctx) => {
  const includes = readIncludes(ctx.query, LIST_INCLUDES);
  if (!Array.isArray(includes)) return includes;
  const page = readPage(ctx.query);
  if (isAnswer(page)) return page;
  const selected = selectTickets(ctx);
  if (!Array.isArray(selected)) return selected;
  const { items, headers } = paginate(selected, page, ctx.publicBase, ctx.path, ctx.query);
  return { status: 200, body: { tickets: items.map((t) => restTicket(ctx.state, t, includes)) }, headers };
};

function selectTickets(ctx: HandlerContext): Ticket[] | HandlerResult {
  const { query, state, now } = ctx;
  const since = query.get('updated_since');
  if (since !== null && Number.isNaN(Date.parse(since))) {
    return validationFailed([{ field: 'updated_since', message: 'It should be in the ISO 8601 format', code: 'invalid_value' }]);
  }
  const workspace = Number(query.get('workspace_id') ?? state.primaryWorkspaceId());
  const order = query.get('order_type') === 'asc' ? 1 : -1;
  const filter = query.get('filter');
  return [...state.tickets.values()]
    .filter((t) => (since === null ? Date.parse(t.created_at) >= now - 30 * DAY : Date.parse(t.updated_at) >= Date.parse(since)))
    .filter((t) => workspace === 0 || t.workspace_id === workspace)
    .filter((t) => (filter === 'deleted' ? t.deleted : !t.deleted) && (filter === 'spam' ? t.spam : !t.spam))
    .filter((t) => filter !== 'new_and_my_open' || (t.status === 2 && (t.responder_id === null || t.responder_id === ctx.actorId)))
    .filter((t) => matchesParam(query, 'requester_id', t.requester_id) && matchesParam(query, 'type', t.type))
    .filter((t) => query.get('email') === null || state.requesters.get(t.requester_id)?.primary_email.toLowerCase() === query.get('email')?.toLowerCase())
    .sort((a, b) => order * (Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id));
}

function matchesParam(query: URLSearchParams, name: string, value: unknown): boolean {
  const wanted = query.get(name);
  return wanted === null || String(value) === wanted;
}

export const filterTickets: Handler = (ctx) => {
  const raw = ctx.query.get('query');
  if (raw === null) return validationFailed([{ field: 'query', message: 'It should not be blank', code: 'missing_field' }]);
  const predicate = parseFilterQuery(raw, ctx.state);
  if (typeof predicate === 'string') return validationFailed([{ field: 'query', message: predicate, code: 'invalid_value' }]);
  const page = readPage(ctx.query, 30);
  if (isAnswer(page)) return page;
  const workspace = Number(ctx.query.get('workspace_id') ?? ctx.state.primaryWorkspaceId());
  const matching = [...ctx.state.tickets.values()]
    .filter((t) => !t.deleted && (workspace === 0 || t.workspace_id === workspace) && predicate(t))
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
  const { items, headers } = paginate(matching, page, ctx.publicBase, ctx.path, ctx.query);
  return { status: 200, body: { tickets: items.map((t) => restTicket(ctx.state, t)), total: matching.length }, headers };
};

export const createTicket: Handler = (ctx) => {
  if (!canWrite(ctx.key)) return accessDenied();
  if (!isObject(ctx.body)) return validationFailed([{ field: 'body', message: 'It should be a JSON object', code: 'invalid_json' }]);
  const result = createTicketRecord(ctx.state, ctx.body, { now: ctx.now, bypassMandatory: false });
  if (!result.ok) return validationFailed(result.errors);
  return {
    status: 201,
    body: { ticket: restTicket(ctx.state, result.ticket, ['tags']) },
    headers: { Location: `${ctx.publicBase}/api/v2/tickets/${result.ticket.id}` },
    events: [{ event: 'onTicketCreate', ticket: result.ticket, actorId: ctx.actorId }],
  };
};

export const updateTicket: Handler = (ctx) => {
  if (!canWrite(ctx.key)) return accessDenied();
  const bypass = ctx.query.get('bypass_mandatory') === 'true';
  if (bypass && ctx.key.role !== 'admin') return accessDenied('Only an admin may bypass mandatory fields.');
  const current = ticketFor(ctx);
  if (!current || current.deleted) return notFound('Ticket');
  if (!isObject(ctx.body)) return validationFailed([{ field: 'body', message: 'It should be a JSON object', code: 'invalid_json' }]);
  const result = updateTicketRecord(ctx.state, current, ctx.body, { now: ctx.now, bypassMandatory: bypass });
  if (!result.ok) return validationFailed(result.errors);
  const changed = result.ticket !== current;
  const answer: HandlerResult = { status: 200, body: { ticket: restTicket(ctx.state, result.ticket, ['tags']) } };
  if (changed) answer.events = [{ event: 'onTicketUpdate', ticket: result.ticket, before: current, actorId: ctx.actorId }];
  return answer;
};

export const createNote: Handler = (ctx) => {
  if (!canWrite(ctx.key)) return accessDenied();
  const ticket = ticketFor(ctx);
  if (!ticket || ticket.deleted) return notFound('Ticket');
  if (!isObject(ctx.body)) return validationFailed([{ field: 'body', message: 'It should be a JSON object', code: 'invalid_json' }]);
  const result = addNoteRecord(ctx.state, ticket, ctx.body, ctx.actorId, ctx.now);
  if (!result.ok) return validationFailed(result.errors);
  return { status: 201, body: { conversation: restNote(result.note) } };
};

export const listConversations: Handler = (ctx) => {
  const ticket = ticketFor(ctx);
  if (!ticket || ticket.deleted) return notFound('Ticket');
  const page = readPage(ctx.query);
  if (isAnswer(page)) return page;
  const { items, headers } = paginate(ctx.state.notes.get(ticket.id) ?? [], page, ctx.publicBase, ctx.path, ctx.query);
  return { status: 200, body: { conversations: items.map(restNote) }, headers };
};
