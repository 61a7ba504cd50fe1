/**
 * Everything the simulated Freshservice account holds, plus the ticket form's choices
 * (statuses incl. custom ones, priorities, sources, ticket types) that
 * GET /api/v2/ticket_form_fields reports and that validation checks against.
 */
import type {
  Agent, Asset, Change, Choice, CustomFieldDef, Department, Group, Note, Problem, Requester, Ticket, Workspace,
} from './types.js';

export const PRIMARY_WORKSPACE_ID = 2;

export class FsState {
  readonly tickets = new Map<number, Ticket>();
  readonly notes = new Map<number, Note[]>();
  readonly agents = new Map<number, Agent>();
  readonly requesters = new Map<number, Requester>();
  readonly groups = new Map<number, Group>();
  readonly departments = new Map<number, Department>();
  readonly workspaces = new Map<number, Workspace>();
  /** keyed by display_id */
  readonly assets = new Map<number, Asset>();
  readonly problems = new Map<number, Problem>();
  readonly changes = new Map<number, Change>();
  readonly customFields: CustomFieldDef[] = [];

  statuses: Choice[] = [
    { id: 2, value: 'Open', requester_display_value: 'Being Processed' },
    { id: 3, value: 'Pending', requester_display_value: 'Awaiting your Reply' },
    { id: 4, value: 'Resolved', requester_display_value: 'This ticket has been Resolved' },
    { id: 5, value: 'Closed', requester_display_value: 'This ticket has been Closed' },
    { id: 6, value: 'Awaiting vendor', requester_display_value: 'Being Processed' },
    { id: 7, value: 'In progress', requester_display_value: 'Being Processed' },
  ];
  priorities: Choice[] = [
    { id: 1, value: 'Low' }, { id: 2, value: 'Medium' }, { id: 3, value: 'High' }, { id: 4, value: 'Urgent' },
  ];
  levels: Choice[] = [{ id: 1, value: 'Low' }, { id: 2, value: 'Medium' }, { id: 3, value: 'High' }];
  sources: Choice[] = [
    { id: 1, value: 'Email' }, { id: 2, value: 'Portal' }, { id: 3, value: 'Phone' }, { id: 4, value: 'Chat' },
    { id: 5, value: 'Feedback widget' }, { id: 6, value: 'Yammer' }, { id: 7, value: 'AWS Cloudwatch' },
    { id: 8, value: 'Pagerduty' }, { id: 9, value: 'Walkup' }, { id: 10, value: 'Slack' },
    { id: 11, value: 'Chatbot' }, { id: 12, value: 'Workplace' }, { id: 13, value: 'Employee Onboarding' },
    { id: 14, value: 'Alerts' }, { id: 15, value: 'MS Teams' }, { id: 18, value: 'Employee Offboarding' },
    { id: 1001, value: 'Monitoring' },
  ];
  ticketTypes: Choice[] = [
    { id: 1, value: 'Incident' }, { id: 2, value: 'Service Request' }, { id: 3, value: 'Major Incident' }, { id: 4, value: 'Alert' },
  ];

  nextTicketId = 101;
  nextNoteId = 51000000001;
  nextUserId = 21000000500;

  choiceName(choices: Choice[], id: number | null): string | null {
    return choices.find((choice) => choice.id === id)?.value ?? null;
  }

  agentName(agent: Agent | undefined): string {
    return agent ? `${agent.first_name} ${agent.last_name}`.trim() : '';
  }

  requesterName(requester: Requester | undefined): string {
    return requester ? `${requester.first_name} ${requester.last_name}`.trim() : '';
  }

  customField(name: string): CustomFieldDef | undefined {
    return this.customFields.find((field) => field.name === name);
  }

  /** An agent or requester id: who may author a note. */
  userExists(id: number): boolean {
    return this.agents.has(id) || this.requesters.has(id);
  }

  primaryWorkspaceId(): number {
    return [...this.workspaces.values()].find((workspace) => workspace.primary)?.id ?? PRIMARY_WORKSPACE_ID;
  }
}
