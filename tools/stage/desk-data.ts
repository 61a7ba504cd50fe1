/**
 * The Freshservice side of the stage: tickets as an agent sees them (names, not ids), and the
 * desk's own actions (create a ticket, change status or priority), made through the simulator's
 * helpers so they fire the same product events as the API.
 */
import { SimulatorValidationError, type FreshserviceSimulator } from '../simulators/freshservice/create-freshservice-simulator.js';
import type { FsState } from '../simulators/freshservice/fs-state.js';
import { SEED_IDS } from '../simulators/freshservice/seed-data.js';
import type { Choice, Ticket } from '../simulators/freshservice/types.js';
import type { NewTicket, StageAnswer, TicketChange, TicketDetail, TicketSummary } from './stage-types.js';

/** The agent working the desk on the stage (not the app's integration agent, so nothing looks like an echo). */
export const DESK_AGENT_ID = 21000000104;

export interface DeskChoices {
  priorities: string[];
  statuses: string[];
  types: string[];
  groups: string[];
}

export function deskChoices(fs: FreshserviceSimulator): DeskChoices {
  const state = fs.state;
  const primary = state.primaryWorkspaceId();
  return {
    priorities: state.priorities.map((c) => c.value),
    statuses: state.statuses.map((c) => c.value),
    types: state.ticketTypes.map((c) => c.value),
    groups: [...state.groups.values()].filter((g) => g.workspace_id === primary).map((g) => g.name),
  };
}

function agentName(state: FsState, id: number | null): string {
  return id === null ? '' : state.agentName(state.agents.get(id));
}

function summary(state: FsState, ticket: Ticket): TicketSummary {
  return {
    id: ticket.id,
    subject: ticket.subject,
    priority: state.choiceName(state.priorities, ticket.priority) ?? String(ticket.priority),
    status: state.choiceName(state.statuses, ticket.status) ?? String(ticket.status),
    type: ticket.type,
    group: ticket.group_id === null ? '' : (state.groups.get(ticket.group_id)?.name ?? ''),
    agent: agentName(state, ticket.responder_id),
    updatedAt: ticket.updated_at,
  };
}

export function ticketSummaries(fs: FreshserviceSimulator): TicketSummary[] {
  return [...fs.state.tickets.values()].filter((t) => !t.deleted).map((t) => summary(fs.state, t));
}

export function ticketDetail(fs: FreshserviceSimulator, id: number): TicketDetail | undefined {
  const state = fs.state;
  const ticket = state.tickets.get(id);
  if (ticket === undefined) return undefined;
  return {
    ...summary(state, ticket),
    requester: state.requesterName(state.requesters.get(ticket.requester_id)),
    description: ticket.description_text,
    createdAt: ticket.created_at,
    notes: (state.notes.get(id) ?? []).map((note) => ({
      id: note.id,
      at: note.created_at,
      text: note.body_text,
      private: note.private,
      author: agentName(state, note.user_id) || state.requesterName(state.requesters.get(note.user_id)) || `user ${note.user_id}`,
    })),
  };
}

function choiceId(choices: Choice[], name: string): number | undefined {
  return choices.find((c) => c.value.toLowerCase() === name.toLowerCase())?.id;
}

function refused(error: unknown): StageAnswer {
  if (error instanceof SimulatorValidationError) return { ok: false, message: `Freshservice refused: ${error.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}` };
  return { ok: false, message: error instanceof Error ? error.message : String(error) };
}

export async function createTicket(fs: FreshserviceSimulator, input: NewTicket): Promise<StageAnswer> {
  const state = fs.state;
  const priority = choiceId(state.priorities, input.priority);
  const subject = input.subject.trim();
  if (subject === '' || priority === undefined) return { ok: false, message: 'A ticket needs a subject and a known priority.' };
  const group = [...state.groups.values()].find((g) => g.name === input.group && g.workspace_id === state.primaryWorkspaceId());
  const fields: Record<string, unknown> = {
    subject,
    description: `<p>${escapeHtml(subject)}: reported on the local stage.</p>`,
    requester_id: SEED_IDS.requester,
    status: 2,
    priority,
    source: 2,
    type: input.type,
    ...(group === undefined ? {} : { group_id: group.id }),
    ...(input.rootCause === undefined || input.rootCause.trim() === '' || state.customField('root_cause') === undefined ? {} : { custom_fields: { root_cause: input.rootCause.trim() } }),
  };
  try {
    const created = await fs.createTicket(fields, { actorId: DESK_AGENT_ID });
    return { ok: true, message: `Created ticket #${String(created['id'])}.`, id: Number(created['id']) };
  } catch (error) {
    return refused(error);
  }
}

export async function changeTicket(fs: FreshserviceSimulator, id: number, change: TicketChange): Promise<StageAnswer> {
  const state = fs.state;
  const fields: Record<string, unknown> = {};
  if (change.status !== undefined) fields['status'] = choiceId(state.statuses, change.status);
  if (change.priority !== undefined) fields['priority'] = choiceId(state.priorities, change.priority);
  if (Object.values(fields).some((v) => v === undefined) || Object.keys(fields).length === 0) return { ok: false, message: 'Unknown status or priority.' };
  try {
    await fs.updateTicket(id, fields, { actorId: DESK_AGENT_ID });
    return { ok: true, message: `Ticket #${id}: ${Object.entries(change).map(([k, v]) => `${k} ${String(v)}`).join(', ')}.` };
  } catch (error) {
    return refused(error);
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
