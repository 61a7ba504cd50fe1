/** Freshservice REST v2 through the request templates: tickets, notes, agents, reference data. */
import { AppError } from '../errors/errors.js';
import type { RequestClient } from '../platform/platform-types.js';
import type { EventTicket } from './ticket-event-types.js';

export interface FreshserviceTarget {
  request: RequestClient;
  /** Host only, e.g. acme.freshservice.com (from currentHost). */
  host: string;
}

export function hostOf(freshserviceUrl: string): string {
  return freshserviceUrl.replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
}

function records(body: unknown, key: string): Array<Record<string, unknown>> {
  const list = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  return Array.isArray(list) ? list.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object') : [];
}

export async function getTicket(fs: FreshserviceTarget, ticketId: number): Promise<EventTicket> {
  const result = await fs.request.invoke('fsGetTicket', { context: { host: fs.host, ticketId }, query: { include: 'requester,tags' } });
  const body = result.body as { ticket?: EventTicket } | undefined;
  return body?.ticket ?? {};
}

/**
 * Tickets updated since a time, of every workspace: without `workspace_id` the list holds only the
 * primary workspace's; with 0, all the key can see, but without workspace-specific custom fields
 * (docs/freshservice-facts.md §6).
 */
export async function listTicketsSince(fs: FreshserviceTarget, sinceIso: string, page: number): Promise<{ tickets: EventTicket[]; more: boolean }> {
  const result = await fs.request.invoke('fsListTickets', {
    context: { host: fs.host },
    query: { updated_since: sinceIso, order_type: 'asc', per_page: '100', page: String(page), include: 'requester', workspace_id: '0' },
  });
  const tickets = records(result.body, 'tickets') as EventTicket[];
  return { tickets, more: /rel="?next"?/i.test(result.headers['link'] ?? '') };
}

export async function createNote(fs: FreshserviceTarget, ticketId: number, html: string, isPrivate: boolean): Promise<void> {
  await fs.request.invoke('fsCreateNote', { context: { host: fs.host, ticketId }, body: { body: html, private: isPrivate } });
}

/** Pages of conversations read when looking for a note (100 each; the newest are on the last pages). */
const MAX_NOTE_PAGES = 3;

function createdMs(item: Record<string, unknown>): number {
  const ms = typeof item['created_at'] === 'string' ? Date.parse(item['created_at']) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

function noteText(item: Record<string, unknown>): string {
  return typeof item['body_text'] === 'string' ? item['body_text'] : String(item['body'] ?? '');
}

/** Plain text of the notes on a ticket created at or after `sinceMs` (oldest first). */
export async function listNoteTextsSince(fs: FreshserviceTarget, ticketId: number, sinceMs: number): Promise<string[]> {
  const texts: string[] = [];
  for (let page = 1; page <= MAX_NOTE_PAGES; page += 1) {
    const result = await fs.request.invoke('fsListConversations', { context: { host: fs.host, ticketId }, query: { per_page: '100', page: String(page) } });
    texts.push(...records(result.body, 'conversations').filter((item) => createdMs(item) >= sinceMs).map(noteText));
    if (!/rel="?next"?/i.test(result.headers['link'] ?? '')) break;
  }
  return texts;
}

export async function updateTicket(fs: FreshserviceTarget, ticketId: number, fields: { status?: number; responder_id?: number }): Promise<void> {
  await fs.request.invoke('fsUpdateTicket', { context: { host: fs.host, ticketId }, body: fields });
}

export async function findAgentIdByEmail(fs: FreshserviceTarget, email: string): Promise<number | undefined> {
  const result = await fs.request.invoke('fsFindAgent', { context: { host: fs.host }, query: { email } });
  const agent = records(result.body, 'agents').find((a) => typeof a['email'] === 'string' && a['email'].toLowerCase() === email.toLowerCase());
  return typeof agent?.['id'] === 'number' ? agent['id'] : undefined;
}

function nameMap(body: unknown, what: 'groups' | 'departments' | 'workspaces', into: Record<string, string> = {}): Record<string, string> {
  for (const item of records(body, what)) if (typeof item['id'] === 'number' && typeof item['name'] === 'string') into[String(item['id'])] = item['name'];
  return into;
}

/**
 * Workspace ids of the account. An account whose key cannot list workspaces (or has none to
 * list) is treated as one workspace: undefined, and groups are listed without `workspace_id`.
 */
/** id -> name of the account's workspaces; none when the key may not list them (403/404). */
export async function listWorkspaces(fs: FreshserviceTarget): Promise<Record<string, string>> {
  try {
    return nameMap((await fs.request.invoke('fsListWorkspaces', { context: { host: fs.host } })).body, 'workspaces');
  } catch (error) {
    if (error instanceof AppError && (error.code === 'forbidden' || error.code === 'not_found')) return {};
    throw error;
  }
}

/**
 * id -> name of the groups of these workspaces. Groups live per workspace and the list holds only
 * the primary workspace's unless asked (docs/freshservice-facts.md §6); with no workspace ids (the key may
 * not list them), the plain list.
 */
export async function listGroups(fs: FreshserviceTarget, workspaceIds: readonly number[]): Promise<Record<string, string>> {
  if (workspaceIds.length === 0) return nameMap((await fs.request.invoke('fsListGroups', { context: { host: fs.host } })).body, 'groups');
  const out: Record<string, string> = {};
  for (const id of workspaceIds) nameMap((await fs.request.invoke('fsListGroups', { context: { host: fs.host }, query: { workspace_id: String(id) } })).body, 'groups', out);
  return out;
}

/** id -> name of the departments. */
export async function listDepartments(fs: FreshserviceTarget): Promise<Record<string, string>> {
  return nameMap((await fs.request.invoke('fsListDepartments', { context: { host: fs.host } })).body, 'departments');
}

function choiceName(choice: Record<string, unknown>): string | undefined {
  const name = ['value', 'name', 'label'].map((k) => choice[k]).find((v) => typeof v === 'string');
  return typeof name === 'string' ? name : undefined;
}

/** id -> name of the `status` field's choices (custom statuses included), from ticket_form_fields. */
export function statusChoices(body: unknown): Record<string, string> {
  const status = records(body, 'ticket_fields').find((f) => f['name'] === 'status');
  const out: Record<string, string> = {};
  for (const choice of records({ choices: status?.['choices'] }, 'choices')) {
    const name = choiceName(choice);
    if (typeof choice['id'] === 'number' && name !== undefined) out[String(choice['id'])] = name;
  }
  return out;
}

export async function listStatuses(fs: FreshserviceTarget): Promise<Record<string, string>> {
  const result = await fs.request.invoke('fsTicketFormFields', { context: { host: fs.host } });
  return statusChoices(result.body);
}
