/**
 * Product-event payloads (platform 3.0), typed defensively from docs/fdk-facts.md §4.2–4.3:
 * every field optional, ids as numbers or strings, `changes` under data.ticket or data,
 * `custom_fields` as an array (events) or an object (REST), timestamps in s or ms.
 */

export type Id = number | string;

export interface EventCustomField {
  name?: string;
  label?: string;
  value?: unknown;
  [key: string]: unknown;
}

export type FieldChanges = Record<string, unknown>;

export interface EventTicket {
  id?: Id;
  subject?: unknown;
  description?: unknown;
  description_text?: unknown;
  status?: unknown;
  status_name?: unknown;
  priority?: unknown;
  priority_name?: unknown;
  urgency?: unknown;
  urgency_name?: unknown;
  impact?: unknown;
  impact_name?: unknown;
  type?: unknown;
  type_name?: unknown;
  source?: unknown;
  source_name?: unknown;
  group_id?: unknown;
  group_name?: unknown;
  department_id?: unknown;
  department_name?: unknown;
  responder_id?: unknown;
  responder_name?: unknown;
  responder_email?: unknown;
  requester_id?: unknown;
  requester_name?: unknown;
  category?: unknown;
  sub_category?: unknown;
  item_category?: unknown;
  due_by?: unknown;
  fr_due_by?: unknown;
  tags?: unknown;
  custom_fields?: unknown;
  assets?: unknown;
  problem?: unknown;
  change?: unknown;
  associated_changes?: unknown;
  workspace_id?: unknown;
  workspace_name?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  changes?: FieldChanges;
  [key: string]: unknown;
}

export interface EventRequester {
  id?: Id;
  name?: unknown;
  email?: unknown;
  [key: string]: unknown;
}

export interface TicketEventData {
  ticket?: EventTicket;
  requester?: EventRequester;
  actor?: { profile_id?: Id; [key: string]: unknown };
  changes?: FieldChanges;
  [key: string]: unknown;
}

export interface CurrentHost {
  endpoint_urls?: { freshservice?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface HandlerArgs {
  currentHost?: CurrentHost;
  iparams?: Record<string, unknown>;
  data?: unknown;
  headers?: unknown;
  timestamp?: number;
  [key: string]: unknown;
}

/** Timestamps arrive as float seconds (live) or integer milliseconds (FDK test data). */
export function timestampMs(value: unknown, fallbackMs: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return fallbackMs;
  return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
}
