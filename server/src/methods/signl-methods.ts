/**
 * Server methods behind the sidebar (docs/specification.md §4): read the Signl's state (and, without
 * one, why), page on-call for a ticket that did not match, acknowledge or resolve the Signl (with
 * the configured note and the agent's name on the ticket), retry a failed delivery as its next
 * attempt. Each action answers with the new view, one sentence and what really happened;
 * failures become { status, message } in plain words, a spent platform budget as BUSY_STATUS.
 */
import { AppError, plainWords, toAppError } from '../errors/errors.js';
import { getTicket } from '../freshservice/freshservice-client.js';
import { integer, normaliseTicket } from '../freshservice/normalise-ticket.js';
import { ReferenceCache } from '../freshservice/reference-cache.js';
import type { EventRequester } from '../freshservice/ticket-event-types.js';
import { readQueue } from '../work/delivery-queue.js';
import { forwardTicket, type ForwardOutcome } from '../forward/forward-ticket.js';
import { completeFacts } from '../forward/complete-facts.js';
import { sendStatus } from '../forward/send-status.js';
import type { SyncContext } from '../context/sync-context.js';
import { isOpen, type TicketState } from '../signl/ticket-state.js';
import { readTicket } from '../signl/read-ticket.js';
import { agentFrom, agentName } from './agent-ref.js';
import { readFieldLabels } from './field-labels.js';
import { NOT_FAILED, retryFailed } from './retry-delivery.js';
import { writeSidebarNote } from './sidebar-note.js';
import { needsLabels, notForwardedView, toSignlView } from './to-signl-view.js';
import { BUSY_STATUS, type ActionResult, type SignlView } from './view-types.js';
import { whyNotForwarded } from './why-not-forwarded.js';

export type MethodName = 'getSignl' | 'pageOnCall' | 'acknowledgeSignl' | 'resolveSignl' | 'retryDelivery';

type Said = Pick<ActionResult, 'message' | 'outcome'>;

export function ticketIdFrom(payload: unknown): number {
  const raw = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)['ticketId'] : undefined;
  const id = integer(raw);
  if (id === undefined || id === 0) {
    throw new AppError({ code: 'bad_input', operation: 'server method', status: 400, message: 'A ticket id is required.', fix: 'Open the sidebar from a ticket.' });
  }
  return id;
}

async function loadState(ctx: SyncContext, ticketId: number): Promise<TicketState | undefined> {
  return await readTicket(ctx.deps.store, ticketId);
}

/** `explain`: without a Signl, read the ticket to say why (getSignl when asked); otherwise the view alone. */
export async function getSignlView(ctx: SyncContext, ticketId: number, explain = true): Promise<SignlView> {
  const state = await loadState(ctx, ticketId);
  if (state === undefined) return notForwardedView(ticketId, explain ? await whyNotForwarded(ctx, ticketId) : undefined);
  const queue = state.st === 'queued' ? await readQueue(ctx.deps.store) : undefined;
  const labels = needsLabels(state) ? await readFieldLabels(ctx) : {};
  return toSignlView(state, ticketId, queue?.items[`d${ticketId}`], labels);
}

const PAGED: Record<ForwardOutcome, Said> = {
  sent: { message: 'On-call has been paged: the Signl is on its way to the team.', outcome: 'done' },
  queued: { message: 'SIGNL4 is not reachable right now; the Signl is queued and will be sent automatically.', outcome: 'waiting' },
  failed: { message: 'The Signl could not be sent; the sidebar says why.', outcome: 'failed' },
  duplicate: { message: 'This ticket already has an open Signl; nobody was paged twice.', outcome: 'done' },
};

async function page(ctx: SyncContext, ticketId: number): Promise<Said> {
  const ticket = await getTicket(ctx.fs, ticketId);
  const ref = new ReferenceCache(ctx.deps.store, ctx.deps.clock, ctx.fs);
  const facts = await completeFacts(ctx, normaliseTicket({ ...ticket, id: ticket.id ?? ticketId }, ticket['requester'] as EventRequester | undefined), ref);
  await ref.flush();
  return PAGED[await forwardTicket(ctx, facts, 'manual')];
}

function notOpen(state: TicketState | undefined): AppError {
  return new AppError({ code: 'conflict', operation: 'update Signl', status: 409, message: state === undefined ? 'This ticket has no Signl yet.' : `The Signl is ${state.st}; there is nothing to change.`, fix: 'Refresh the sidebar.' });
}

function mayChange(state: TicketState | undefined, target: 'acknowledged' | 'resolved'): state is TicketState {
  if (state === undefined) return false;
  return target === 'resolved' ? isOpen(state) : state.st === 'open';
}

async function changeStatus(ctx: SyncContext, ticketId: number, target: 'acknowledged' | 'resolved', by: string): Promise<Said> {
  const state = await loadState(ctx, ticketId);
  if (!mayChange(state, target)) throw notOpen(state);
  const outcome = await sendStatus(ctx, state, target, by);
  const verb = target === 'resolved' ? 'resolved' : 'acknowledged';
  if (outcome === 'failed') return { message: `SIGNL4 refused to mark the Signl ${verb}; the timeline says why.`, outcome: 'failed' };
  if (outcome === 'queued') return { message: `SIGNL4 is not reachable right now; the Signl will be ${verb} automatically.`, outcome: 'waiting' };
  const noted = await writeSidebarNote(ctx, ticketId, target, by);
  return { message: noted ? `The Signl was ${verb} in SIGNL4, and a note on the ticket says so.` : `The Signl was ${verb} in SIGNL4. The note on the ticket could not be written now.`, outcome: 'done' };
}

const RETRIED: Record<ForwardOutcome, Said> = {
  sent: { message: 'The retry worked: the Signl is in SIGNL4 and the on-call team is alerted.', outcome: 'done' },
  queued: { message: 'SIGNL4 is not reachable right now; the Signl is queued and will be sent automatically.', outcome: 'waiting' },
  failed: { message: 'The retry failed: SIGNL4 still does not take the Signl. The sidebar says why.', outcome: 'failed' },
  duplicate: PAGED.duplicate,
};

async function retry(ctx: SyncContext, ticketId: number, by: string): Promise<Said> {
  const state = await loadState(ctx, ticketId);
  if (state?.st !== 'failed') throw NOT_FAILED(state?.st);
  const outcome = await retryFailed(ctx, state, by);
  return outcome === undefined ? page(ctx, ticketId) : RETRIED[outcome];
}

/**
 * getSignl explains a ticket without a Signl only when asked (`explain: true`): the sidebar asks in
 * a second call, so the first costs one $db read whatever the ticket, and during a burst the
 * explanation (the ticket from Freshservice, the install time, the name cache) never stands between
 * an agent and the state.
 */
function explainWanted(payload: unknown): boolean {
  return payload !== null && typeof payload === 'object' && (payload as Record<string, unknown>)['explain'] === true;
}

export async function runSignlMethod(ctx: SyncContext, name: MethodName, payload: unknown): Promise<SignlView | ActionResult> {
  const ticketId = ticketIdFrom(payload);
  if (name === 'getSignl') return getSignlView(ctx, ticketId, explainWanted(payload));
  const by = agentName(agentFrom(payload));
  const actions: Record<Exclude<MethodName, 'getSignl'>, () => Promise<Said>> = {
    pageOnCall: () => page(ctx, ticketId),
    acknowledgeSignl: () => changeStatus(ctx, ticketId, 'acknowledged', by),
    resolveSignl: () => changeStatus(ctx, ticketId, 'resolved', by),
    retryDelivery: () => retry(ctx, ticketId, by),
  };
  const said = await actions[name]();
  return { view: await getSignlView(ctx, ticketId, false), ...said };
}

/** Failures the platform's minute budget causes ($db or $request 429): the app is busy, not broken. */
function isBusy(failure: AppError): boolean {
  return failure.code === 'rate_limited' || (failure.code === 'store_failed' && failure.operation.startsWith('$db'));
}

const BUSY_TEXT = 'The app is busy right now. It tries again by itself in a moment.';

/** The { status, message } a server method rejects with: plain words, no secrets, no stack, no platform text. */
export function methodError(error: unknown): { status: number; message: string } {
  const failure = toAppError('server method', error);
  if (failure.code === 'internal') return { status: 500, message: 'Something went wrong in the app. Try again; if it keeps failing, tell your admin.' };
  if (isBusy(failure)) return { status: BUSY_STATUS, message: BUSY_TEXT };
  if (failure.operation.startsWith('$')) return { status: 503, message: 'The app could not reach its storage just now. Try again in a moment.' };
  const status = failure.status !== undefined && failure.status >= 400 && failure.status < 600 ? failure.status : 502;
  return { status, message: [plainWords(failure), failure.fix].filter((s) => s !== '').join(' ') };
}
