/**
 * The platform 3.0 product-event `data` for onTicketCreate / onTicketUpdate
 * (docs/fdk-facts.md §4.3): `*_name` twins, "No Group" / "No Agent" / "" for blanks (as the
 * live payload), `custom_fields` as an ARRAY of { name, label, column, type, field_type, id,
 * value }, linked items by name, and `changes` as { field: [old, new] }.
 */
import type { FsState } from './fs-state.js';
import type { Asset, Change, Ticket } from './types.js';

export function eventTicket(state: FsState, ticket: Ticket): Record<string, unknown> {
  const group = ticket.group_id === null ? undefined : state.groups.get(ticket.group_id);
  const department = ticket.department_id === null ? undefined : state.departments.get(ticket.department_id);
  const responder = ticket.responder_id === null ? undefined : state.agents.get(ticket.responder_id);
  const requester = state.requesters.get(ticket.requester_id);
  return {
    id: ticket.id, subject: ticket.subject, description: ticket.description, description_text: ticket.description_text,
    is_description_text_truncated: false, status: ticket.status, status_name: state.choiceName(state.statuses, ticket.status),
    priority: ticket.priority, priority_name: state.choiceName(state.priorities, ticket.priority),
    urgency: ticket.urgency, urgency_name: state.choiceName(state.levels, ticket.urgency),
    impact: ticket.impact, impact_name: state.choiceName(state.levels, ticket.impact),
    source: ticket.source, source_name: state.choiceName(state.sources, ticket.source), type_name: ticket.type,
    group_id: ticket.group_id, group_name: group?.name ?? 'No Group',
    department_id: ticket.department_id, department_name: department?.name ?? '',
    requester_id: ticket.requester_id, requester_name: state.requesterName(requester),
    responder_id: ticket.responder_id, responder_name: responder ? state.agentName(responder) : 'No Agent',
    responder_email: responder?.email ?? '',
    category: ticket.category, sub_category: ticket.sub_category, item_category: ticket.item_category,
    due_by: ticket.due_by, fr_due_by: ticket.fr_due_by, is_escalated: ticket.is_escalated, fr_escalated: ticket.fr_escalated,
    spam: ticket.spam, deleted: ticket.deleted, tags: [...ticket.tags], cc_emails: [...ticket.cc_emails], fwd_emails: [],
    reply_cc_emails: [], to_emails: [], email_config_id: null, created_at: ticket.created_at, updated_at: ticket.updated_at,
    attachments: [], assets: eventAssets(state, ticket), problem: eventProblem(state, ticket), change: eventChanges(state, ticket),
    workspace_id: ticket.workspace_id, workspace_name: state.workspaces.get(ticket.workspace_id)?.name ?? '',
    custom_fields: state.customFields.map((field) => ({
      name: field.name, label: field.label, column: field.column, type: field.type, field_type: field.field_type,
      id: field.id, value: ticket.custom_fields[field.name] ?? null,
    })),
  };
}

function eventAssets(state: FsState, ticket: Ticket): Array<Record<string, unknown>> {
  return ticket.asset_ids
    .map((id) => state.assets.get(id))
    .filter((asset): asset is Asset => asset !== undefined)
    .map((asset) => ({ asset_id: asset.display_id, asset_name: asset.name, asset_impact: asset.impact }));
}

function eventProblem(state: FsState, ticket: Ticket): Array<Record<string, unknown>> | null {
  const problem = ticket.problem_id === null ? undefined : state.problems.get(ticket.problem_id);
  return problem ? [{ problem_id: problem.display_id, problem_name: problem.subject }] : null;
}

function eventChanges(state: FsState, ticket: Ticket): Array<Record<string, unknown>> | null {
  const changes = ticket.change_ids.map((id) => state.changes.get(id)).filter((c): c is Change => c !== undefined);
  return changes.length === 0 ? null : changes.map((change) => ({ change_id: change.display_id, change_name: change.subject }));
}

export function eventRequester(state: FsState, ticket: Ticket): Record<string, unknown> {
  const requester = state.requesters.get(ticket.requester_id);
  return {
    id: ticket.requester_id, name: state.requesterName(requester), email: requester?.primary_email ?? '',
    mobile: requester?.mobile_phone_number ?? null, phone: requester?.work_phone_number ?? null,
    language: requester?.language ?? 'en', created_at: requester?.created_at ?? null,
  };
}

/** Fields whose `*_name` twin also appears in `changes` (as in the live payload). */
const NAMED: Record<string, string> = {
  status: 'status_name', priority: 'priority_name', urgency: 'urgency_name', impact: 'impact_name', source: 'source_name',
  group_id: 'group_name', department_id: 'department_name', responder_id: 'responder_name', type: 'type_name',
};

/** `{ field: [old, new] }` between two event-shaped tickets, custom fields as an array. */
export function eventChangesBetween(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (key === 'custom_fields' || key === 'updated_at' || key.endsWith('_name')) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes[key] = [before[key] ?? null, after[key] ?? null];
      const named = NAMED[key];
      if (named) changes[named] = [before[named] ?? null, after[named] ?? null];
    }
  }
  if (JSON.stringify(before['type_name']) !== JSON.stringify(after['type_name'])) changes['type_name'] = [before['type_name'], after['type_name']];
  const custom = customChanges(before['custom_fields'], after['custom_fields']);
  if (custom.length > 0) changes['custom_fields'] = custom;
  if (Object.keys(changes).length > 0) changes['updated_at'] = [before['updated_at'], after['updated_at']];
  return changes;
}

interface EventCustomField { name: string; id: number; value: unknown }

function customChanges(before: unknown, after: unknown): Array<Record<string, unknown>> {
  const old = new Map((before as EventCustomField[]).map((field) => [field.name, field.value]));
  return (after as EventCustomField[])
    .filter((field) => JSON.stringify(old.get(field.name) ?? null) !== JSON.stringify(field.value))
    .map((field) => ({ id: field.id, name: field.name, value: [old.get(field.name) ?? null, field.value] }));
}
