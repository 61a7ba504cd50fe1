/**
 * The default data set: an "acme" account with two workspaces (IT is primary), the groups
 * Service Desk and Network Ops (Network Ops exists in both workspaces, as groups are
 * per-workspace), agents whose e-mails match the SIGNL4 simulator's users, a requester,
 * departments, the closure-required custom field `root_cause`, assets, a problem, a change
 * and three tickets.
 */
import { isoSeconds } from '../common/clock.js';
import { SEED_AGENTS } from '../common/seed-people.js';
import type { FsState } from './fs-state.js';
import type { Ticket } from './types.js';

export const SEED_IDS = {
  integrationAgent: 21000000101,
  requester: 21000000201,
  groups: { serviceDesk: 41000000001, networkOps: 41000000002, networkOpsEu: 41000000003 },
  departments: { it: 31000000001, finance: 31000000002, operations: 31000000003 },
  workspaces: { it: 2, operationsEu: 3 },
  tickets: { vpnOutage: 101, printer: 102, euSwitch: 103 },
  asset: 8,
  problem: 2,
  change: 3,
} as const;

const HOUR = 3_600_000;

export function seedDefault(state: FsState, now: number): void {
  const created = isoSeconds(now - 30 * 24 * HOUR);
  state.workspaces.set(2, { id: 2, name: 'IT', primary: true });
  state.workspaces.set(3, { id: 3, name: 'Operations EU', primary: false });
  seedPeople(state, created);
  seedCatalog(state);
  seedTickets(state, now);
}

function seedPeople(state: FsState, created: string): void {
  const { groups, departments } = SEED_IDS;
  const membership: Record<number, number[]> = {
    21000000102: [groups.serviceDesk],
    21000000103: [groups.networkOps, groups.networkOpsEu],
    21000000104: [groups.networkOps],
  };
  for (const person of SEED_AGENTS) {
    state.agents.set(person.agentId, {
      id: person.agentId, first_name: person.firstName, last_name: person.lastName, email: person.email,
      active: true, occasional: false, job_title: person.agentId === SEED_IDS.integrationAgent ? 'Integration' : 'Engineer',
      member_of: membership[person.agentId] ?? [], department_ids: [departments.it], created_at: created, updated_at: created,
    });
  }
  state.agents.set(21000000105, {
    id: 21000000105, first_name: 'Former', last_name: 'Engineer', email: 'former.engineer@acme.example', active: false,
    occasional: false, job_title: 'Engineer', member_of: [], department_ids: [], created_at: created, updated_at: created,
  });
  state.requesters.set(SEED_IDS.requester, {
    id: SEED_IDS.requester, first_name: 'Rita', last_name: 'Requester', primary_email: 'rita.requester@acme.example',
    mobile_phone_number: '+49 170 0000001', work_phone_number: null, language: 'en', department_ids: [departments.finance],
    active: true, created_at: created, updated_at: created,
  });
  state.groups.set(groups.serviceDesk, { id: groups.serviceDesk, name: 'Service Desk', description: 'First line', workspace_id: 2, members: [21000000102] });
  state.groups.set(groups.networkOps, { id: groups.networkOps, name: 'Network Ops', description: 'Network operations', workspace_id: 2, members: [21000000103, 21000000104] });
  state.groups.set(groups.networkOpsEu, { id: groups.networkOpsEu, name: 'Network Ops', description: 'Network operations EU', workspace_id: 3, members: [21000000103] });
  state.departments.set(departments.it, { id: departments.it, name: 'IT', description: 'Information technology', workspace_id: null });
  state.departments.set(departments.finance, { id: departments.finance, name: 'Finance', description: 'Finance', workspace_id: null });
  state.departments.set(departments.operations, { id: departments.operations, name: 'Operations', description: 'Operations', workspace_id: null });
}

function seedCatalog(state: FsState): void {
  state.customFields.push(
    { id: 61000000001, name: 'root_cause', label: 'Root cause', field_type: 'custom_text', type: 'text', column: 'ffs_01', required_for_closure: true, choices: [], workspace_id: null },
    { id: 61000000002, name: 'business_impact', label: 'Business impact', field_type: 'custom_dropdown', type: 'dropdown', column: 'ffs_02', required_for_closure: false, choices: ['None', 'Degraded', 'Outage'], workspace_id: null },
    { id: 61000000003, name: 'vip_affected', label: 'VIP affected', field_type: 'custom_checkbox', type: 'checkbox', column: 'ff_boolean01', required_for_closure: false, choices: [], workspace_id: null },
  );
  state.assets.set(8, { id: 71000000008, display_id: 8, name: 'Core switch SW-01', impact: 'high', workspace_id: 2 });
  state.assets.set(9, { id: 71000000009, display_id: 9, name: 'Mail server MX-1', impact: 'medium', workspace_id: 2 });
  state.problems.set(2, { id: 2, display_id: 2, subject: 'Intermittent packet loss on core switch', status: 1, priority: 3, workspace_id: 2 });
  state.changes.set(3, { id: 3, display_id: 3, subject: 'Replace core switch firmware', status: 1, priority: 3, risk: 2, workspace_id: 2 });
}

function seedTickets(state: FsState, now: number): void {
  const base = (id: number, createdAgo: number, fields: Partial<Ticket>): Ticket => ({
    id, subject: '', description: '', description_text: '', status: 2, priority: 2, urgency: 2, impact: 2, source: 2,
    type: 'Incident', group_id: null, department_id: null, responder_id: null, requester_id: SEED_IDS.requester,
    requested_for_id: SEED_IDS.requester, category: null, sub_category: null, item_category: null,
    due_by: isoSeconds(now - createdAgo + 8 * HOUR), fr_due_by: isoSeconds(now - createdAgo + HOUR), is_escalated: false,
    fr_escalated: false, spam: false, deleted: false, tags: [], cc_emails: [],
    custom_fields: { root_cause: null, business_impact: null, vip_affected: false }, workspace_id: 2, asset_ids: [],
    problem_id: null, change_ids: [], created_at: isoSeconds(now - createdAgo), updated_at: isoSeconds(now - createdAgo),
    resolved_at: null, closed_at: null, first_responded_at: null, ...fields,
  });
  const tickets = [
    base(101, 2 * HOUR, {
      subject: 'VPN down for the Berlin office', description: '<div>All users in Berlin lost VPN access at 09:12.</div>',
      description_text: 'All users in Berlin lost VPN access at 09:12.', priority: 4, urgency: 3, impact: 3, source: 14,
      group_id: SEED_IDS.groups.networkOps, department_id: SEED_IDS.departments.it, category: 'Network',
      sub_category: 'Connectivity', tags: ['vpn', 'berlin'], asset_ids: [8], problem_id: 2, change_ids: [3],
      custom_fields: { root_cause: null, business_impact: 'Outage', vip_affected: true },
    }),
    base(102, 5 * HOUR, {
      subject: 'Printer on floor 3 jams', description: '<p>Paper jam on <b>PRN-3</b>.</p>', description_text: 'Paper jam on PRN-3.',
      priority: 1, urgency: 1, impact: 1, group_id: SEED_IDS.groups.serviceDesk, responder_id: 21000000102,
      type: 'Service Request', category: 'Hardware', sub_category: 'Printer',
    }),
    base(103, 1 * HOUR, {
      subject: 'Core switch flapping in Frankfurt', description: '<div>Port-channel 1 flaps every few minutes.</div>',
      description_text: 'Port-channel 1 flaps every few minutes.', priority: 3, urgency: 2, impact: 3,
      group_id: SEED_IDS.groups.networkOpsEu, workspace_id: 3,
    }),
  ];
  for (const ticket of tickets) {
    state.tickets.set(ticket.id, ticket);
    state.notes.set(ticket.id, []);
  }
  state.nextTicketId = 104;
}
