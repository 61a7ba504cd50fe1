/** The one shape of a ticket the app works with, whichever payload (event or REST) it came from. */

export interface CustomFieldFact {
  label: string;
  value: string;
}

export interface TicketFacts {
  id: number;
  subject: string;
  descriptionText: string;
  status?: number;
  statusName?: string;
  priority?: number;
  priorityName?: string;
  urgencyName?: string;
  impactName?: string;
  typeName?: string;
  sourceName?: string;
  groupId?: number;
  groupName?: string;
  departmentId?: number;
  departmentName?: string;
  agentId?: number;
  agentName?: string;
  agentEmail?: string;
  requesterName?: string;
  requesterEmail?: string;
  category?: string;
  dueBy?: string;
  frDueBy?: string;
  tags: string[];
  customFields: CustomFieldFact[];
  assets: string[];
  problems: string[];
  changes: string[];
  workspaceId?: number;
  workspaceName?: string;
  createdAt?: string;
}

/** Names a payload may lack; the reference data fills them (groups, departments, statuses). */
export function missingNames(facts: TicketFacts): { groups: boolean; departments: boolean; statuses: boolean; workspaces: boolean } {
  return {
    groups: facts.groupId !== undefined && facts.groupName === undefined,
    departments: facts.departmentId !== undefined && facts.departmentName === undefined,
    statuses: facts.status !== undefined && facts.statusName === undefined,
    workspaces: facts.workspaceId !== undefined && facts.workspaceName === undefined,
  };
}
