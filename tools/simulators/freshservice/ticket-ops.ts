/**
 * Creating and updating tickets and adding notes on the state, after validation. Used by
 * the REST handlers and by the simulator's seed helpers alike, so both fire the same events.
 */
import { isoSeconds } from '../common/clock.js';
import type { FsState } from './fs-state.js';
import { htmlToText, isObject, TicketValidator, type FieldError } from './ticket-validation.js';
import type { CustomValue, Note, Ticket } from './types.js';

export interface OpContext {
  now: number;
  bypassMandatory: boolean;
}

export type TicketResult = { ok: true; ticket: Ticket; before?: Ticket } | { ok: false; errors: FieldError[] };
export type NoteResult = { ok: true; note: Note } | { ok: false; errors: FieldError[] };

const HOUR = 3_600_000;
const SCALARS = [
  'subject', 'status', 'priority', 'urgency', 'impact', 'source', 'type', 'group_id', 'department_id', 'responder_id',
  'requester_id', 'requested_for_id', 'category', 'sub_category', 'item_category', 'due_by', 'fr_due_by',
] as const;

export function createTicketRecord(state: FsState, body: Record<string, unknown>, ctx: OpContext): TicketResult {
  const check = new TicketValidator(state, body);
  check.checkUnknownFields('create');
  check.checkRequester();
  check.checkRequired(['status', 'priority', 'description']);
  check.checkChoices();
  check.checkScalars();
  check.checkCustomFields();
  const workspaceId = body['workspace_id'] ?? state.primaryWorkspaceId();
  if (!Number.isInteger(workspaceId) || !state.workspaces.has(workspaceId as number)) {
    check.fail('workspace_id', 'There is no workspace matching the given workspace_id', 'invalid_value');
  }
  check.checkReferences(workspaceId as number);
  if (check.errors.length > 0) return { ok: false, errors: check.errors };
  const created = isoSeconds(ctx.now);
  const ticket: Ticket = {
    id: state.nextTicketId, subject: '', description: '', description_text: '', status: 2, priority: 1, urgency: 1,
    impact: 1, source: 2, type: 'Incident', group_id: null, department_id: null, responder_id: null, requester_id: 0,
    requested_for_id: null, category: null, sub_category: null, item_category: null, due_by: isoSeconds(ctx.now + 24 * HOUR),
    fr_due_by: isoSeconds(ctx.now + 4 * HOUR), is_escalated: false, fr_escalated: false, spam: false, deleted: false,
    tags: [], cc_emails: [], custom_fields: Object.fromEntries(state.customFields.map((f) => [f.name, f.type === 'checkbox' ? false : null])),
    workspace_id: workspaceId as number, asset_ids: [], problem_id: null, change_ids: [], created_at: created,
    updated_at: created, resolved_at: null, closed_at: null, first_responded_at: null,
  };
  applyFields(state, ticket, body, ctx);
  ticket.requested_for_id ??= ticket.requester_id;
  check.checkClosure(ticket);
  if (check.errors.length > 0) return { ok: false, errors: check.errors };
  state.nextTicketId += 1;
  state.tickets.set(ticket.id, ticket);
  state.notes.set(ticket.id, []);
  return { ok: true, ticket };
}

export function updateTicketRecord(state: FsState, current: Ticket, body: Record<string, unknown>, ctx: OpContext): TicketResult {
  const check = new TicketValidator(state, body);
  check.checkUnknownFields('update');
  check.checkChoices();
  check.checkScalars();
  check.checkCustomFields();
  check.checkReferences(current.workspace_id);
  if (check.errors.length > 0) return { ok: false, errors: check.errors };
  const merged = cloneTicket(current);
  applyFields(state, merged, body, ctx);
  if (!ctx.bypassMandatory) check.checkClosure(merged);
  if (check.errors.length > 0) return { ok: false, errors: check.errors };
  if (JSON.stringify(merged) === JSON.stringify(current)) return { ok: true, ticket: current, before: current };
  merged.updated_at = isoSeconds(ctx.now);
  state.tickets.set(merged.id, merged);
  return { ok: true, ticket: merged, before: current };
}

function applyFields(state: FsState, ticket: Ticket, body: Record<string, unknown>, ctx: OpContext): void {
  const target = ticket as unknown as Record<string, unknown>;
  for (const field of SCALARS) if (body[field] !== undefined) target[field] = body[field];
  if (typeof body['description'] === 'string') {
    ticket.description = body['description'];
    ticket.description_text = htmlToText(body['description']);
  }
  if (Array.isArray(body['tags'])) ticket.tags = [...(body['tags'] as string[])];
  if (Array.isArray(body['cc_emails'])) ticket.cc_emails = [...(body['cc_emails'] as string[])];
  if (isObject(body['custom_fields'])) ticket.custom_fields = { ...ticket.custom_fields, ...(body['custom_fields'] as Record<string, CustomValue>) };
  if (Array.isArray(body['assets'])) ticket.asset_ids = (body['assets'] as Array<{ display_id: number }>).map((a) => a.display_id);
  if (body['problem'] !== undefined) ticket.problem_id = isObject(body['problem']) ? (body['problem']['display_id'] as number) : null;
  if (body['requester_id'] === undefined && typeof body['email'] === 'string') ticket.requester_id = requesterByEmail(state, body, ctx.now);
  stampStatus(ticket, ctx.now);
}

function stampStatus(ticket: Ticket, now: number): void {
  if (ticket.status === 4) ticket.resolved_at ??= isoSeconds(now);
  if (ticket.status === 5) {
    ticket.resolved_at ??= isoSeconds(now);
    ticket.closed_at ??= isoSeconds(now);
  }
  if (ticket.status !== 4 && ticket.status !== 5) {
    ticket.resolved_at = null;
    ticket.closed_at = null;
  }
}

/** The requester with that e-mail, created when unknown (as the documented create does). */
function requesterByEmail(state: FsState, body: Record<string, unknown>, now: number): number {
  const email = (body['email'] as string).toLowerCase();
  const known = [...state.requesters.values()].find((r) => r.primary_email.toLowerCase() === email);
  if (known) return known.id;
  const id = state.nextUserId;
  state.nextUserId += 1;
  const name = typeof body['name'] === 'string' ? body['name'] : email.split('@')[0] ?? email;
  const [first = name, ...rest] = name.split(' ');
  state.requesters.set(id, {
    id, first_name: first, last_name: rest.join(' '), primary_email: email, mobile_phone_number: null,
    work_phone_number: typeof body['phone'] === 'string' ? body['phone'] : null, language: 'en', department_ids: [],
    active: true, created_at: isoSeconds(now), updated_at: isoSeconds(now),
  });
  return id;
}

const NOTE_FIELDS = new Set(['body', 'private', 'incoming', 'user_id', 'notify_emails']);

export function addNoteRecord(state: FsState, ticket: Ticket, body: Record<string, unknown>, defaultUserId: number, now: number): NoteResult {
  const errors: FieldError[] = [];
  for (const key of Object.keys(body)) if (!NOTE_FIELDS.has(key)) errors.push({ field: key, message: 'Unexpected/invalid field in request', code: 'invalid_field' });
  const text = body['body'];
  if (text === undefined || (typeof text === 'string' && text.trim() === '')) errors.push({ field: 'body', message: 'It should not be blank', code: 'missing_field' });
  else if (typeof text !== 'string') errors.push({ field: 'body', message: 'It should be a/an String', code: 'datatype_mismatch' });
  for (const flag of ['private', 'incoming']) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean') errors.push({ field: flag, message: 'It should be a/an Boolean', code: 'datatype_mismatch' });
  }
  const userId = body['user_id'];
  if (userId !== undefined && !(Number.isInteger(userId) && state.userExists(userId as number))) {
    errors.push({ field: 'user_id', message: 'There is no user matching the given user_id', code: 'invalid_value' });
  }
  const notify = body['notify_emails'];
  if (notify !== undefined && !(Array.isArray(notify) && notify.every((item) => typeof item === 'string'))) {
    errors.push({ field: 'notify_emails', message: 'It should be an Array of Strings', code: 'datatype_mismatch' });
  }
  if (errors.length > 0) return { ok: false, errors };
  const stamp = isoSeconds(now);
  const note: Note = {
    id: state.nextNoteId, ticket_id: ticket.id, body: text as string, body_text: htmlToText(text as string),
    private: body['private'] !== false, incoming: body['incoming'] === true, user_id: (userId as number | undefined) ?? defaultUserId,
    notify_emails: Array.isArray(notify) ? [...(notify as string[])] : [], created_at: stamp, updated_at: stamp,
  };
  state.nextNoteId += 1;
  state.notes.get(ticket.id)?.push(note);
  return { ok: true, note };
}

export function cloneTicket(ticket: Ticket): Ticket {
  return structuredClone(ticket);
}
