/**
 * What a verified SIGNL4 callback should do to the ticket (docs/specification.md §3), as data: the note, the
 * status and agent to set in ONE ticket update, and the new Signl state. Pure: no I/O.
 */
import { escapeHtml } from '../text/html-to-text.js';
import type { CallbackRecord } from '../signl4/parse-callback.js';
import type { Settings } from '../settings/settings-schema.js';
import type { CallbackPlan, SignlStateName, TicketState } from '../signl/ticket-state.js';


export type PlanResult = { apply: true; plan: CallbackPlan } | { apply: false; why: string };

export const ORDER: Record<SignlStateName, number> = { queued: 0, failed: 0, open: 1, acknowledged: 2, closed: 3 };

export function formatTime(ms: number | undefined): string {
  const date = new Date(ms ?? Date.now());
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function renderNote(template: string, cb: CallbackRecord, ticketId: number): string {
  const user = cb.user ?? cb.email ?? 'a SIGNL4 user';
  return template.replace(/\{user\}/g, user).replace(/\{time\}/g, formatTime(cb.at)).replace(/\{ticket\}/g, String(ticketId)).trim();
}

/** Note text as the HTML body Freshservice expects; everything from SIGNL4 is escaped. */
export function noteHtml(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

type NoteSettings = Pick<Settings, 'note_acknowledged' | 'note_closed' | 'note_escalated' | 'sync_annotations' | 'assign_agent_on' | 'status_on_acknowledge' | 'status_on_close'>;

function assigns(settings: NoteSettings, on: 'acknowledge' | 'close'): boolean {
  return settings.assign_agent_on === on || settings.assign_agent_on === 'both';
}

function nonEmpty(value: string): string | undefined {
  return value.trim() === '' ? undefined : value.trim();
}

const TARGET_BY_CODE: Readonly<Record<number, 'acknowledged' | 'closed'>> = { 2: 'acknowledged', 4: 'closed' };

function whoOf(cb: CallbackRecord, fallback: string): string {
  return cb.user ?? cb.email ?? fallback;
}

const TRANSITIONS = {
  acknowledged: { on: 'acknowledge', note: 'note_acknowledged', status: 'status_on_acknowledge', verb: 'Acknowledged' },
  closed: { on: 'close', note: 'note_closed', status: 'status_on_close', verb: 'Closed' },
} as const;

function transitionPlan(cb: CallbackRecord, state: TicketState, settings: NoteSettings, target: 'acknowledged' | 'closed'): CallbackPlan {
  const t = TRANSITIONS[target];
  return {
    ...optional('note', nonEmpty(renderNote(settings[t.note], cb, state.id))),
    ...optional('status', nonEmpty(settings[t.status])),
    ...optional('assignEmail', assigns(settings, t.on) ? cb.email : undefined),
    state: target,
    timeline: { k: target, t: `${t.verb} in SIGNL4 by ${whoOf(cb, 'SIGNL4')}.` },
  };
}

/**
 * A transition the app itself held back (parked while the $db budget was spent) and that the Signl
 * has since passed: like a queued one (planForReplay), its note is history and is written; its
 * status, agent and state would move the ticket backwards and are dropped.
 */
function heldBackPlan(cb: CallbackRecord, state: TicketState, settings: NoteSettings, target: 'acknowledged' | 'closed'): CallbackPlan {
  const full = transitionPlan(cb, state, settings, target);
  return { ...optional('note', full.note), timeline: { k: target, t: `${full.timeline.t} (applied late: the Signl was already ${state.st})` } };
}

/**
 * The app's own status request coming back: it asked SIGNL4 to resolve (or acknowledge) the Signl,
 * lost the answer, and SIGNL4 did it. Such a callback names no user. The Signl state follows; no
 * note says "closed in SIGNL4 by a SIGNL4 user", and the ticket is not touched.
 */
function ownRequestBack(cb: CallbackRecord, state: TicketState, target: 'acknowledged' | 'closed'): boolean {
  const asked = state.asked?.st === 'resolved' ? 'closed' : state.asked?.st;
  return asked === target && ORDER[state.st] < ORDER[target] && cb.user === undefined && cb.email === undefined;
}

/**
 * An acknowledgement SIGNL4 raised before (or with) the close that overtook it (both delivered at once, the
 * close applied first): it happened, so its note is written as history, like a held-back one.
 */
function raisedBefore(cb: CallbackRecord, state: TicketState): boolean {
  return cb.at !== undefined && state.clsAt !== undefined && cb.at <= state.clsAt;
}

/** Overtaken by a later state, yet to be written as history: held back by the app, or raised before the close. */
function history(cb: CallbackRecord, state: TicketState, heldBack: boolean, target: 'acknowledged' | 'closed'): boolean {
  return ORDER[state.st] > ORDER[target] && (heldBack || raisedBefore(cb, state));
}

function statusPlan(cb: CallbackRecord, state: TicketState, settings: NoteSettings, heldBack: boolean): PlanResult {
  const target = cb.code === undefined ? undefined : TARGET_BY_CODE[cb.code];
  if (target === undefined) return { apply: false, why: `status code ${String(cb.code)} is not acknowledged (2) or closed (4)` };
  if (ownRequestBack(cb, state, target)) return { apply: true, plan: { state: target, timeline: { k: target, t: `${TRANSITIONS[target].verb} in SIGNL4, as the app had asked.` } } };
  if (history(cb, state, heldBack, target)) return { apply: true, plan: heldBackPlan(cb, state, settings, target) };
  if (ORDER[state.st] >= ORDER[target]) return { apply: false, why: `the Signl is already ${state.st}; a late "${target}" changes nothing` };
  return { apply: true, plan: transitionPlan(cb, state, settings, target) };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function annotationPlan(cb: CallbackRecord, settings: NoteSettings): PlanResult {
  const who = whoOf(cb, 'A SIGNL4 user');
  const text = cb.text ?? '';
  if (text === '') return { apply: false, why: 'the annotation is empty' };
  const note = settings.sync_annotations ? `${who} in SIGNL4: ${text}` : undefined;
  return { apply: true, plan: { ...optional('note', note), timeline: { k: 'annotated', t: `${who}: ${text}` } } };
}

/** `heldBack`: the app delayed this callback itself (parked), so SIGNL4's order of events stands. */
export function planCallback(cb: CallbackRecord, state: TicketState, settings: NoteSettings, heldBack = false): PlanResult {
  switch (cb.type) {
    case 201:
      return statusPlan(cb, state, settings, heldBack);
    case 202:
      return { apply: true, plan: { ...optional('note', nonEmpty(renderNote(settings.note_escalated, cb, state.id))), timeline: { k: 'escalated', t: 'Escalated in SIGNL4.' } } };
    case 203:
      return annotationPlan(cb, settings);
    default:
      return { apply: false, why: `event type ${cb.type} is not handled` };
  }
}

/**
 * A queued callback replayed after the Signl moved on (an acknowledgement held back by a
 * Freshservice outage, replayed after the close was applied) keeps its note but must not set its
 * older status or agent: that would reopen a resolved ticket.
 */
export function planForReplay(plan: CallbackPlan, state: TicketState): CallbackPlan {
  if (plan.state === undefined || ORDER[state.st] <= ORDER[plan.state]) return plan;
  const rest: CallbackPlan = { ...plan };
  delete rest.status;
  delete rest.assignEmail;
  return rest;
}
