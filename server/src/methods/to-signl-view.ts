/** TicketState (+ its queue item) -> the SignlView the sidebar renders: no secrets, no ids it does not need. */
import { DETAILS } from '../errors/errors.js';
import type { QueueEntry } from '../work/delivery-queue.js';
import type { TicketState } from '../signl/ticket-state.js';
import { fieldIds, withLabels } from './field-labels.js';
import { deliveryHelp, refusalHelp } from './help-for.js';
import type { NotForwardedReason, SignlAction, SignlState, SignlView } from './view-types.js';

const ACTIONS: Record<SignlState, SignlAction[]> = {
  not_forwarded: ['page'],
  queued: [],
  open: ['acknowledge', 'resolve'],
  acknowledged: ['resolve'],
  closed: ['page'],
  failed: ['retry'],
};

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function delivery(state: TicketState, item: QueueEntry | undefined): SignlView['delivery'] {
  if (item !== undefined) {
    return { reason: withoutVendorDetails(item.r), fix: 'The app retries automatically.', attempts: item.n, nextAttemptAt: new Date(item.due).toISOString() };
  }
  if (state.del === undefined || state.del === null) return undefined;
  return { reason: withoutVendorDetails(state.del.reason), fix: state.del.fix, attempts: state.del.attempts, ...(state.del.next === undefined ? {} : { nextAttemptAt: new Date(state.del.next).toISOString() }) };
}

function optionalFields(state: TicketState): Partial<SignlView> {
  const out: Record<string, string> = {};
  const pairs: Array<[string, string | undefined]> = [
    ['forwardedAt', iso(state.fwdAt)],
    ['acknowledgedBy', state.ackBy],
    ['acknowledgedAt', iso(state.ackAt)],
    ['closedBy', state.clsBy],
    ['closedAt', iso(state.clsAt)],
  ];
  for (const [key, value] of pairs) if (value !== undefined) out[key] = value;
  return out as Partial<SignlView>;
}

/**
 * Agents read our words only: the vendor's own text that errors.ts plainWords appends ("Details:
 * 3004: Error raising event. …") stays on the diagnostics page, for the admin.
 */
export function withoutVendorDetails(text: string): string {
  const at = text.indexOf(DETAILS);
  return at < 0 ? text : text.slice(0, at);
}

export function notForwardedView(ticketId: number, reason?: NotForwardedReason): SignlView {
  return { ticketId, state: 'not_forwarded', timeline: [], actions: ACTIONS.not_forwarded, ...(reason === undefined ? {} : { notForwarded: reason }) };
}

/** Whether the view of this state needs the account's field labels (a refusal naming fields is on its timeline). */
export function needsLabels(state: TicketState | undefined): boolean {
  return state !== undefined && state.tl.some((e) => e.k === 'refused' && fieldIds(e.t).length > 0);
}

export function toSignlView(state: TicketState | undefined, ticketId: number, item?: QueueEntry, labels: Readonly<Record<string, string>> = {}): SignlView {
  if (state === undefined) return notForwardedView(ticketId);
  const view: SignlView = {
    ticketId,
    state: state.st,
    ...optionalFields(state),
    timeline: state.tl.map((e) => ({ at: new Date(e.at).toISOString(), kind: e.k, text: e.k === 'refused' ? withLabels(e.t, labels) : withoutVendorDetails(e.t) })),
    actions: ACTIONS[state.st],
  };
  return { ...view, ...extras(state, item, labels) };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function extras(state: TicketState, item: QueueEntry | undefined, labels: Readonly<Record<string, string>>): Partial<SignlView> {
  const info = state.st === 'queued' || state.st === 'failed' ? delivery(state, item) : undefined;
  const help = state.st === 'failed' ? deliveryHelp(info?.fix ?? '') : refusalHelp(state, labels);
  return { ...optional('delivery', info), ...optional('help', help) };
}
