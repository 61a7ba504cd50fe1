/**
 * Event payload ticket (or REST ticket) -> TicketFacts. Accepts every documented variant:
 * ids as strings, *_name twins or bare codes, "No Group"/"No Agent"/"" as absent,
 * custom_fields as an array of { label, name, value } or an object keyed by name,
 * linked items as arrays of { *_name } or REST objects.
 */
import { compact, type Loose } from '../text/compact.js';
import { AppError } from '../errors/errors.js';
import { LEVEL_NAMES, PRIORITY_NAMES, SOURCE_NAMES, STATUS_NAMES } from './code-tables.js';
import { htmlToText } from '../text/html-to-text.js';
import type { EventRequester, EventTicket } from './ticket-event-types.js';
import type { CustomFieldFact, TicketFacts } from './ticket-facts.js';

const ABSENT = new Set(['', 'no group', 'no agent', 'none', 'null', '--']);

export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return ABSENT.has(trimmed.toLowerCase()) ? undefined : trimmed;
}

export function integer(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function named(name: unknown, code: unknown, table: Readonly<Record<number, string>>): string | undefined {
  const direct = text(name);
  if (direct !== undefined) return direct;
  const id = integer(code);
  return id === undefined ? text(code) : table[id];
}

export function ticketIdOf(ticket: EventTicket | undefined): number {
  const id = integer(ticket?.id);
  if (id === undefined || id === 0) {
    throw new AppError({ code: 'bad_input', operation: 'read ticket', message: 'The event carries no usable ticket id.', fix: 'Nothing to fix: the event is ignored.' });
  }
  return id;
}

function description(ticket: EventTicket): string {
  const plain = typeof ticket.description_text === 'string' ? ticket.description_text : undefined;
  if (plain !== undefined && plain.trim() !== '') return plain.trim();
  return typeof ticket.description === 'string' ? htmlToText(ticket.description) : '';
}

function valueText(value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map((v) => text(v)).filter((v) => v !== undefined).join(', ') || undefined;
  return text(value);
}

function customFields(raw: unknown): CustomFieldFact[] {
  const entries: Array<[string, unknown]> = Array.isArray(raw)
    ? raw
        .filter((f): f is Record<string, unknown> => f !== null && typeof f === 'object')
        .map((f) => [text(f['label']) ?? text(f['name']) ?? '', f['value']])
    : Object.entries(raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {});
  const out: CustomFieldFact[] = [];
  for (const [label, value] of entries) {
    const shown = valueText(value);
    if (label !== '' && shown !== undefined) out.push({ label, value: shown });
  }
  return out;
}

function asList(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  return raw === null || raw === undefined ? [] : [raw];
}

function itemName(item: unknown, keys: ReadonlyArray<string>): string | undefined {
  if (typeof item === 'string') return text(item);
  if (item === null || typeof item !== 'object') return undefined;
  const record = item as Record<string, unknown>;
  return keys.map((k) => text(record[k])).find((v) => v !== undefined);
}

/** Names of linked items: [{ asset_name }], [{ problem_name }], REST { name } / { subject } objects, or strings. */
export function linkedNames(raw: unknown, keys: ReadonlyArray<string>): string[] {
  return asList(raw)
    .map((item) => itemName(item, keys))
    .filter((n): n is string => n !== undefined)
    .slice(0, 20);
}

function tags(raw: unknown): string[] {
  if (typeof raw === 'string') return raw.split(',').map((t) => t.trim()).filter((t) => t !== '');
  return Array.isArray(raw) ? raw.map((t) => text(t)).filter((t): t is string => t !== undefined) : [];
}

function categoryPath(ticket: EventTicket): string | undefined {
  const parts = [ticket.category, ticket.sub_category, ticket.item_category].map(text).filter((p) => p !== undefined);
  return parts.length > 0 ? parts.join(' > ') : undefined;
}

function people(ticket: EventTicket, requester: EventRequester | undefined): Loose<TicketFacts> {
  return {
    agentId: integer(ticket.responder_id),
    agentName: text(ticket.responder_name),
    agentEmail: text(ticket.responder_email),
    requesterName: text(requester?.name) ?? text(ticket.requester_name),
    requesterEmail: text(requester?.email),
  };
}

function codes(ticket: EventTicket): Loose<TicketFacts> {
  return {
    status: integer(ticket.status),
    statusName: named(ticket.status_name, ticket.status, STATUS_NAMES),
    priority: integer(ticket.priority),
    priorityName: named(ticket.priority_name, ticket.priority, PRIORITY_NAMES),
    urgencyName: named(ticket.urgency_name, ticket.urgency, LEVEL_NAMES),
    impactName: named(ticket.impact_name, ticket.impact, LEVEL_NAMES),
    typeName: text(ticket.type_name) ?? (typeof ticket.type === 'string' ? text(ticket.type) : undefined),
    sourceName: named(ticket.source_name, ticket.source, SOURCE_NAMES),
  };
}

function organisation(ticket: EventTicket): Loose<TicketFacts> {
  return {
    groupId: integer(ticket.group_id),
    groupName: text(ticket.group_name),
    departmentId: integer(ticket.department_id),
    departmentName: text(ticket.department_name),
    workspaceId: integer(ticket.workspace_id),
    workspaceName: text(ticket.workspace_name),
  };
}

export function normaliseTicket(ticket: EventTicket | undefined, requester?: EventRequester): TicketFacts {
  const id = ticketIdOf(ticket);
  const t = ticket as EventTicket;
  return compact<TicketFacts>({
    id,
    subject: text(t.subject) ?? `Ticket ${id}`,
    descriptionText: description(t),
    ...codes(t),
    ...organisation(t),
    ...people(t, requester),
    category: categoryPath(t),
    dueBy: text(t.due_by),
    frDueBy: text(t.fr_due_by),
    tags: tags(t.tags),
    customFields: customFields(t.custom_fields),
    assets: linkedNames(t.assets, ['asset_name', 'name', 'display_name']),
    problems: linkedNames(t.problem, ['problem_name', 'subject', 'name']),
    changes: linkedNames(t.change ?? t.associated_changes ?? t['changes_list'], ['change_name', 'subject', 'name']),
    createdAt: text(t.created_at),
  });
}
