/**
 * REST shapes (docs/freshservice-facts.md §2.1, §3, §4, §5): what GET/PUT/POST answer with.
 * Blank fields are null, not omitted; `tags` only with include=tags (or on create/update).
 */
import type { FsState } from './fs-state.js';
import type { Agent, Asset, Change, Note, Problem, Requester, Ticket } from './types.js';

export const TICKET_INCLUDES = [
  'conversations', 'requester', 'requested_for', 'stats', 'problem', 'assets', 'changes', 'change',
  'related_tickets', 'tags', 'department', 'feedback', 'onboarding_context', 'offboarding_context',
] as const;

export function restTicket(state: FsState, ticket: Ticket, includes: readonly string[] = []): Record<string, unknown> {
  const view: Record<string, unknown> = {
    cc_emails: [...ticket.cc_emails], fwd_emails: [], reply_cc_emails: [], fr_escalated: ticket.fr_escalated,
    spam: ticket.spam, email_config_id: null, group_id: ticket.group_id, priority: ticket.priority,
    requester_id: ticket.requester_id, requested_for_id: ticket.requested_for_id, responder_id: ticket.responder_id,
    source: ticket.source, status: ticket.status, subject: ticket.subject, to_emails: null, sla_policy_id: null,
    department_id: ticket.department_id, id: ticket.id, type: ticket.type, due_by: ticket.due_by,
    fr_due_by: ticket.fr_due_by, is_escalated: ticket.is_escalated, description: ticket.description,
    description_text: ticket.description_text, custom_fields: { ...ticket.custom_fields }, created_at: ticket.created_at,
    updated_at: ticket.updated_at, urgency: ticket.urgency, impact: ticket.impact, category: ticket.category,
    sub_category: ticket.sub_category, item_category: ticket.item_category, deleted: ticket.deleted,
    resolution_notes: null, resolution_notes_html: null, attachments: [], workspace_id: ticket.workspace_id,
    created_within_business_hours: true, approval_status: 4, approval_status_name: 'Not Requested',
  };
  for (const include of includes) Object.assign(view, embed(state, ticket, include));
  return view;
}

function embed(state: FsState, ticket: Ticket, include: string): Record<string, unknown> {
  switch (include) {
    case 'tags': return { tags: [...ticket.tags] };
    case 'requester': return { requester: embeddedRequester(state.requesters.get(ticket.requester_id)) };
    case 'requested_for': return { requested_for: embeddedRequester(state.requesters.get(ticket.requested_for_id ?? -1)) };
    case 'stats': return { stats: { resolved_at: ticket.resolved_at, closed_at: ticket.closed_at, first_responded_at: ticket.first_responded_at, created_at: ticket.created_at, updated_at: ticket.updated_at } };
    case 'conversations': return { conversations: (state.notes.get(ticket.id) ?? []).slice(0, 10).map(restNote) };
    case 'problem': return { problem: ticket.problem_id === null ? null : restProblem(state.problems.get(ticket.problem_id)) };
    case 'assets': return { assets: ticket.asset_ids.map((id) => state.assets.get(id)).filter((a): a is Asset => a !== undefined).map(restAsset) };
    case 'changes': return { changes: linkedChanges(state, ticket).map(restChange) };
    case 'change': return { change: linkedChanges(state, ticket).map(restChange)[0] ?? null };
    case 'department': return { department: ticket.department_id === null ? null : state.departments.get(ticket.department_id) ?? null };
    default: return {};
  }
}

function linkedChanges(state: FsState, ticket: Ticket): Change[] {
  return ticket.change_ids.map((id) => state.changes.get(id)).filter((c): c is Change => c !== undefined);
}

function embeddedRequester(requester: Requester | undefined): Record<string, unknown> | null {
  if (!requester) return null;
  return {
    id: requester.id, name: `${requester.first_name} ${requester.last_name}`.trim(), email: requester.primary_email,
    mobile: requester.mobile_phone_number, phone: requester.work_phone_number,
  };
}

export function restNote(note: Note): Record<string, unknown> {
  return {
    id: note.id, incoming: note.incoming, private: note.private, user_id: note.user_id, support_email: null,
    body: note.body, body_text: note.body_text, ticket_id: note.ticket_id, to_emails: [...note.notify_emails],
    attachments: [], created_at: note.created_at, updated_at: note.updated_at,
  };
}

export function restAgent(agent: Agent): Record<string, unknown> {
  return {
    id: agent.id, first_name: agent.first_name, last_name: agent.last_name, email: agent.email, active: agent.active,
    occasional: agent.occasional, job_title: agent.job_title, work_phone_number: null, mobile_phone_number: null,
    department_ids: [...agent.department_ids], member_of: [...agent.member_of], observer_of: [], roles: [],
    location_id: null, reporting_manager_id: null, time_zone: 'Berlin', language: 'en', custom_fields: {},
    last_login_at: null, created_at: agent.created_at, updated_at: agent.updated_at,
  };
}

export function restRequester(requester: Requester): Record<string, unknown> {
  return {
    id: requester.id, first_name: requester.first_name, last_name: requester.last_name, job_title: null,
    primary_email: requester.primary_email, secondary_emails: [], work_phone_number: requester.work_phone_number,
    mobile_phone_number: requester.mobile_phone_number, department_ids: [...requester.department_ids],
    is_agent: false, active: requester.active, language: requester.language, time_zone: 'Berlin', location_id: null,
    reporting_manager_id: null, custom_fields: {}, created_at: requester.created_at, updated_at: requester.updated_at,
  };
}

export function restAsset(asset: Asset): Record<string, unknown> {
  return {
    id: asset.id, display_id: asset.display_id, name: asset.name, description: '', asset_type_id: 1, impact: asset.impact,
    author_type: 'User', usage_type: 'permanent', asset_tag: `ASSET-${asset.display_id}`, user_id: null, location_id: null,
    department_id: null, agent_id: null, group_id: null, assigned_on: null, workspace_id: asset.workspace_id,
  };
}

export function restProblem(problem: Problem | undefined): Record<string, unknown> | null {
  if (!problem) return null;
  return {
    id: problem.id, display_id: problem.display_id, subject: problem.subject, status: problem.status,
    priority: problem.priority, impact: 2, known_error: false, workspace_id: problem.workspace_id,
  };
}

export function restChange(change: Change): Record<string, unknown> {
  return {
    id: change.id, display_id: change.display_id, subject: change.subject, status: change.status,
    priority: change.priority, impact: 2, risk: change.risk, change_type: 1, workspace_id: change.workspace_id,
  };
}
