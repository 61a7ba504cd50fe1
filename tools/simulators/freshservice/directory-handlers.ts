/**
 * REST handlers for the account's other records: agents (by e-mail), requesters, groups
 * (per workspace: without `workspace_id` only the primary workspace's, as since Dec 2023),
 * departments, workspaces, ticket form fields, assets (by display_id), problems, changes.
 */
import { notFound, validationFailed } from './fs-errors.js';
import type { FsState } from './fs-state.js';
import type { Handler, HandlerContext, HandlerResult } from './handler-context.js';
import { isAnswer, paginate, readPage } from './paging.js';
import { restAgent, restAsset, restChange, restProblem, restRequester } from './rest-views.js';
import type { Choice } from './types.js';

function listed<T>(ctx: HandlerContext, key: string, items: T[], view: (item: T) => unknown): HandlerResult {
  const page = readPage(ctx.query);
  if (isAnswer(page)) return page;
  const { items: slice, headers } = paginate(items, page, ctx.publicBase, ctx.path, ctx.query);
  return { status: 200, body: { [key]: slice.map(view) }, headers };
}

function idParam(ctx: HandlerContext): number {
  const raw = ctx.params['id'] ?? '';
  return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

function flag(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  return value === null ? undefined : value === 'true';
}

export const listAgents: Handler = (ctx) => {
  const email = ctx.query.get('email')?.toLowerCase();
  const active = flag(ctx.query, 'active');
  const state = ctx.query.get('state');
  if (state !== null && state !== 'fulltime' && state !== 'occasional') {
    return validationFailed([{ field: 'state', message: "It should be one of these values: 'fulltime,occasional'", code: 'invalid_value' }]);
  }
  const agents = [...ctx.state.agents.values()]
    .filter((a) => email === undefined || a.email.toLowerCase() === email)
    .filter((a) => active === undefined || a.active === active)
    .filter((a) => state === null || a.occasional === (state === 'occasional'));
  return listed(ctx, 'agents', agents, restAgent);
};

export const viewAgent: Handler = (ctx) => {
  const agent = ctx.state.agents.get(idParam(ctx));
  return agent ? { status: 200, body: { agent: restAgent(agent) } } : notFound('Agent');
};

export const listRequesters: Handler = (ctx) => {
  const email = ctx.query.get('email')?.toLowerCase();
  const requesters = [...ctx.state.requesters.values()].filter((r) => email === undefined || r.primary_email.toLowerCase() === email);
  return listed(ctx, 'requesters', requesters, restRequester);
};

export const viewRequester: Handler = (ctx) => {
  const requester = ctx.state.requesters.get(idParam(ctx));
  return requester ? { status: 200, body: { requester: restRequester(requester) } } : notFound('Requester');
};

function workspaceFilter(ctx: HandlerContext): number {
  return Number(ctx.query.get('workspace_id') ?? ctx.state.primaryWorkspaceId());
}

export const listGroups: Handler = (ctx) => {
  const workspace = workspaceFilter(ctx);
  const groups = [...ctx.state.groups.values()].filter((g) => g.workspace_id === workspace);
  return listed(ctx, 'groups', groups, (g) => ({
    id: g.id, name: g.name, description: g.description, workspace_id: g.workspace_id, members: [...g.members],
    observers: [], leaders: [], restricted: false, approval_required: false, escalate_to: null, unassigned_for: null,
    business_hours_id: null, auto_ticket_assign: false, created_at: null, updated_at: null,
  }));
};

export const listDepartments: Handler = (ctx) =>
  listed(ctx, 'departments', [...ctx.state.departments.values()], (d) => ({
    id: d.id, name: d.name, description: d.description, head_user_id: null, prime_user_id: null, domains: [],
    custom_fields: {}, workspace_id: d.workspace_id, created_at: null, updated_at: null,
  }));

export const listWorkspaces: Handler = (ctx) =>
  listed(ctx, 'workspaces', [...ctx.state.workspaces.values()], (w) => ({
    id: w.id, name: w.name, description: '', primary: w.primary, state: 'active', restricted: false, created_at: null, updated_at: null,
  }));

export const ticketFormFields: Handler = (ctx) => {
  const workspace = workspaceFilter(ctx);
  return { status: 200, body: { ticket_fields: formFields(ctx.state, workspace) } };
};

function formFields(state: FsState, workspace: number): Array<Record<string, unknown>> {
  const field = (id: number, name: string, label: string, fieldType: string, choices: Choice[] | Array<Record<string, unknown>>, required = false) => ({
    id, name, label, description: label, field_type: fieldType, required, required_for_closure: false, default_field: true,
    required_for_agents: required, required_for_customers: false, customers_can_edit: false, label_for_customers: label,
    displayed_to_customers: false, belongs_to_section: false, choices, nested_fields: [], sections: [], workspace_id: null,
  });
  const groups = [...state.groups.values()].filter((g) => g.workspace_id === workspace).map((g) => ({ id: g.id, value: g.name }));
  const agents = [...state.agents.values()].map((a) => ({ id: a.id, value: state.agentName(a) }));
  const departments = [...state.departments.values()].map((d) => ({ id: d.id, value: d.name }));
  const defaults = [
    field(1, 'requester', 'Requester', 'default_requester', [], true),
    field(2, 'subject', 'Subject', 'default_subject', [], true),
    field(3, 'source', 'Source', 'default_source', state.sources),
    field(4, 'ticket_type', 'Type', 'default_ticket_type', state.ticketTypes),
    field(5, 'status', 'Status', 'default_status', state.statuses, true),
    field(6, 'urgency', 'Urgency', 'default_urgency', state.levels),
    field(7, 'impact', 'Impact', 'default_impact', state.levels),
    field(8, 'priority', 'Priority', 'default_priority', state.priorities, true),
    field(9, 'group', 'Group', 'default_group', groups),
    field(10, 'agent', 'Assigned to', 'default_agent', agents),
    field(11, 'department', 'Department', 'default_department', departments),
    field(12, 'description', 'Description', 'default_description', [], true),
  ];
  const custom = state.customFields
    .filter((f) => f.workspace_id === null || f.workspace_id === workspace)
    .map((f) => ({
      ...field(f.id, f.name, f.label, f.field_type, f.choices.map((value, index) => ({ id: index + 1, value }))),
      default_field: false, required_for_closure: f.required_for_closure, workspace_id: f.workspace_id,
    }));
  return [...defaults, ...custom];
}

export const viewAsset: Handler = (ctx) => {
  const asset = ctx.state.assets.get(idParam(ctx));
  return asset ? { status: 200, body: { asset: restAsset(asset) } } : notFound('Asset');
};

export const viewProblem: Handler = (ctx) => {
  const problem = restProblem(ctx.state.problems.get(idParam(ctx)));
  return problem ? { status: 200, body: { problem } } : notFound('Problem');
};

export const viewChange: Handler = (ctx) => {
  const change = ctx.state.changes.get(idParam(ctx));
  return change ? { status: 200, body: { change: restChange(change) } } : notFound('Change');
};
