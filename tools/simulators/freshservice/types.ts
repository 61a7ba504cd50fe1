/** The records the simulated Freshservice keeps (REST shapes, docs/freshservice-facts.md §2–§6). */

export type KeyRole = 'admin' | 'agent' | 'readonly' | 'revoked';

export interface ApiKeyInfo {
  role: KeyRole;
  /** The agent who owns the key (the event `actor`); default the integration agent. */
  agentId?: number;
}

export type CustomValue = string | number | boolean | null;

export interface Ticket {
  id: number;
  subject: string;
  description: string;
  description_text: string;
  status: number;
  priority: number;
  urgency: number;
  impact: number;
  source: number;
  type: string;
  group_id: number | null;
  department_id: number | null;
  responder_id: number | null;
  requester_id: number;
  requested_for_id: number | null;
  category: string | null;
  sub_category: string | null;
  item_category: string | null;
  due_by: string;
  fr_due_by: string;
  is_escalated: boolean;
  fr_escalated: boolean;
  spam: boolean;
  deleted: boolean;
  tags: string[];
  cc_emails: string[];
  custom_fields: Record<string, CustomValue>;
  workspace_id: number;
  /** display_ids of linked assets. */
  asset_ids: number[];
  problem_id: number | null;
  change_ids: number[];
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  first_responded_at: string | null;
}

export interface Note {
  id: number;
  ticket_id: number;
  body: string;
  body_text: string;
  private: boolean;
  incoming: boolean;
  user_id: number;
  notify_emails: string[];
  created_at: string;
  updated_at: string;
}

export interface Agent {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  active: boolean;
  occasional: boolean;
  job_title: string | null;
  member_of: number[];
  department_ids: number[];
  created_at: string;
  updated_at: string;
}

export interface Requester {
  id: number;
  first_name: string;
  last_name: string;
  primary_email: string;
  mobile_phone_number: string | null;
  work_phone_number: string | null;
  language: string;
  department_ids: number[];
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface Group {
  id: number;
  name: string;
  description: string;
  workspace_id: number;
  members: number[];
}

export interface Department {
  id: number;
  name: string;
  description: string;
  workspace_id: number | null;
}

export interface Workspace {
  id: number;
  name: string;
  primary: boolean;
}

export interface Choice {
  id: number;
  value: string;
  requester_display_value?: string;
}

export interface CustomFieldDef {
  id: number;
  name: string;
  label: string;
  /** e.g. custom_text, custom_dropdown, custom_checkbox */
  field_type: string;
  /** the event payload's `type` (text, dropdown, checkbox) */
  type: string;
  /** the event payload's `column` (flexifield column) */
  column: string;
  required_for_closure: boolean;
  choices: string[];
  workspace_id: number | null;
}

export interface Asset {
  id: number;
  display_id: number;
  name: string;
  impact: 'low' | 'medium' | 'high';
  workspace_id: number;
}

export interface Problem {
  id: number;
  display_id: number;
  subject: string;
  status: number;
  priority: number;
  workspace_id: number;
}

export interface Change {
  id: number;
  display_id: number;
  subject: string;
  status: number;
  priority: number;
  risk: number;
  workspace_id: number;
}

export type ProductEventName = 'onTicketCreate' | 'onTicketUpdate';

export interface ProductEventData {
  ticket: Record<string, unknown>;
  requester: Record<string, unknown>;
  actor: { profile_id: number };
  changes?: Record<string, unknown>;
}

export type ProductEventHandler = (event: ProductEventName, data: ProductEventData) => void | Promise<void>;

export interface FiredEvent {
  event: ProductEventName;
  ticketId: number;
  at: number;
  data: ProductEventData;
  error?: string;
}
