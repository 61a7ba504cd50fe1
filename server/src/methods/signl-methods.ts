/**
 * Server methods behind the sidebar (docs/specification.md §4): read the Signl's state, page on-call for a
 * ticket that did not match, acknowledge or resolve the Signl, retry a failed delivery. Each answers
 * with the new view and one sentence in plain words; failures become { status, message }.
 */
import { AppError, toAppError } from '../errors.js';
import { getTicket } from '../freshservice/freshservice-client.js';
import { integer, normaliseTicket } from '../freshservice/normalise-ticket.js';
import { ReferenceCache } from '../freshservice/reference-cache.js';
import type { EventRequester } from '../freshservice/ticket-event-types.js';
import { readQueue } from '../sync/delivery-queue.js';
import { forwardTicket } from '../sync/forward-ticket.js';
import { completeFacts } from '../sync/handle-ticket-event.js';
import { sendStatus } from '../sync/send-status.js';
import type { SyncContext } from '../sync/sync-context.js';
import { asTicketState, isOpen, stateKey, type TicketState } from '../sync/ticket-state.js';
import { toSignlView } from './to-signl-view.js';
import type { ActionResult, SignlView } from './view-types.js';

export type MethodName = 'getSignl' | 'pageOnCall' | 'acknowledgeSignl' | 'resolveSignl' | 'retryDelivery';

export function ticketIdFrom(payload: unknown): number {
  const raw = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)['ticketId'] : undefined;
  const id = integer(raw);
  if (id === undefined || id === 0) {
    throw new AppError({ code: 'bad_input', operation: 'server method', status: 400, message: 'A ticket id is required.', fix: 'Open the sidebar from a ticket.' });
  }
  return id;
}

async function loadState(ctx: SyncContext, ticketId: number): Promise<TicketState | undefined> {
  return asTicketState(await ctx.deps.store.get(stateKey(ticketId)));
}

export async function getSignlView(ctx: SyncContext, ticketId: number): Promise<SignlView> {
  const state = await loadState(ctx, ticketId);
  const needsQueue = state?.st === 'queued';
  const queue = needsQueue ? await readQueue(ctx.deps.store) : undefined;
  return toSignlView(state, ticketId, queue?.items[`d${ticketId}`]);
}

async function page(ctx: SyncContext, ticketId: number): Promise<string> {
  const ticket = await getTicket(ctx.fs, ticketId);
  const ref = new ReferenceCache(ctx.deps.store, ctx.deps.clock, ctx.fs);
  const facts = await completeFacts(ctx, normaliseTicket({ ...ticket, id: ticket.id ?? ticketId }, ticket['requester'] as EventRequester | undefined), ref);
  await ref.flush();
  const outcome = await forwardTicket(ctx, facts, 'manual');
  const messages = {
    sent: 'On-call has been paged: the Signl is on its way to the team.',
    queued: 'SIGNL4 is not reachable right now; the Signl is queued and will be sent automatically.',
    failed: 'The Signl could not be sent; the sidebar says why.',
    duplicate: 'This ticket already has an open Signl; nobody was paged twice.',
  } as const;
  return messages[outcome];
}

function notOpen(state: TicketState | undefined): AppError {
  return new AppError({ code: 'conflict', operation: 'update Signl', status: 409, message: state === undefined ? 'This ticket has no Signl yet.' : `The Signl is ${state.st}; there is nothing to change.`, fix: 'Refresh the sidebar.' });
}

function mayChange(state: TicketState | undefined, target: 'acknowledged' | 'resolved'): state is TicketState {
  if (state === undefined) return false;
  return target === 'resolved' ? isOpen(state) : state.st === 'open';
}

async function changeStatus(ctx: SyncContext, ticketId: number, target: 'acknowledged' | 'resolved'): Promise<string> {
  const state = await loadState(ctx, ticketId);
  if (!mayChange(state, target)) throw notOpen(state);
  const outcome = await sendStatus(ctx, state, target, 'ticket sidebar');
  if (outcome === 'failed') throw new AppError({ code: 'rejected', operation: 'update Signl', status: 502, message: 'SIGNL4 refused the change; the timeline says why.' });
  const verb = target === 'resolved' ? 'resolved' : 'acknowledged';
  return outcome === 'sent' ? `The Signl was ${verb} in SIGNL4.` : `SIGNL4 is not reachable right now; the Signl will be ${verb} automatically.`;
}

async function retry(ctx: SyncContext, ticketId: number): Promise<string> {
  const state = await loadState(ctx, ticketId);
  if (state?.st !== 'failed') throw notOpen(state);
  return page(ctx, ticketId);
}

const ACTIONS: Record<Exclude<MethodName, 'getSignl'>, (ctx: SyncContext, ticketId: number) => Promise<string>> = {
  pageOnCall: page,
  acknowledgeSignl: (ctx, id) => changeStatus(ctx, id, 'acknowledged'),
  resolveSignl: (ctx, id) => changeStatus(ctx, id, 'resolved'),
  retryDelivery: retry,
};

export async function runSignlMethod(ctx: SyncContext, name: MethodName, payload: unknown): Promise<SignlView | ActionResult> {
  const ticketId = ticketIdFrom(payload);
  if (name === 'getSignl') return getSignlView(ctx, ticketId);
  const message = await ACTIONS[name](ctx, ticketId);
  return { view: await getSignlView(ctx, ticketId), message };
}

/** The { status, message } a server method rejects with: plain words, no secrets, no stack. */
export function methodError(error: unknown): { status: number; message: string } {
  const failure = toAppError('server method', error);
  if (failure.code === 'internal') return { status: 500, message: 'Something went wrong in the app. Try again; if it keeps failing, tell your admin.' };
  const status = failure.status !== undefined && failure.status >= 400 && failure.status < 600 ? failure.status : 502;
  return { status, message: [failure.message, failure.fix].filter((s) => s !== '').join(' ') };
}
