/**
 * What the app remembers per ticket, in one $db record `t:<ticketId>` (well under 40 KB):
 * the current Signl (external id, generation, eventIds SIGNL4 returned, bound alert id), its
 * state, who acknowledged/closed it, the callback ids already applied, the status the app itself
 * set (echo suppression), the pending Signl body while queued, and a short timeline.
 */
import type { TimelineKind } from '../methods/view-types.js';
import type { SignlBody } from '../signl4/build-signl.js';
import type { CallbackPlan } from './callback-plan.js';

export type SignlStateName = 'queued' | 'open' | 'acknowledged' | 'closed' | 'failed';

export interface TimelineEntry {
  at: number;
  k: TimelineKind;
  t: string;
}

export interface DeliveryInfo {
  attempts: number;
  reason: string;
  fix: string;
  next?: number;
}

export interface TicketState {
  v: 1;
  id: number;
  gen: number;
  xid: string;
  st: SignlStateName;
  /** eventIds SIGNL4 returned for this Signl (new, and status events). */
  ev: string[];
  alert?: string;
  fwdAt?: number;
  ackBy?: string;
  ackAt?: number;
  clsBy?: string;
  clsAt?: number;
  /** Callback ids already applied (newest last). */
  cb: string[];
  /** A ticket status the app set itself, not to be echoed back to SIGNL4. */
  echo?: { status: number; until: number } | null;
  /** A status the app asked of SIGNL4 whose answer was lost (it may have been done). */
  asked?: { st: 'acknowledged' | 'resolved'; at: number } | null;
  /** The plan of the callback being applied, kept until the next: a stopped handler's guard resumes from it. */
  pend?: { id: string; plan: CallbackPlan } | null;
  /** The Signl body while it waits for delivery. */
  body?: SignlBody | null;
  del?: DeliveryInfo | null;
  tl: TimelineEntry[];
}

export const MAX_TIMELINE = 20;
export const MAX_CALLBACK_IDS = 40;
export const TIMELINE_TEXT = 300;

export function stateKey(ticketId: number): string {
  return `t:${ticketId}`;
}

export function entry(at: number, k: TimelineKind, t: string): TimelineEntry {
  const points = Array.from(t);
  return { at, k, t: points.length > TIMELINE_TEXT ? `${points.slice(0, TIMELINE_TEXT - 1).join('')}…` : t };
}

export function withTimeline(timeline: TimelineEntry[], ...added: TimelineEntry[]): TimelineEntry[] {
  return [...timeline, ...added].slice(-MAX_TIMELINE);
}

export function withCallback(ids: string[], id: string): string[] {
  return [...ids.filter((x) => x !== id), id].slice(-MAX_CALLBACK_IDS);
}

export function isOpen(state: TicketState): boolean {
  return state.st === 'open' || state.st === 'acknowledged';
}

const arrayOr = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);

function looksLikeState(value: unknown): value is Partial<TicketState> {
  if (value === null || typeof value !== 'object') return false;
  const s = value as Partial<TicketState>;
  return s.v === 1 && typeof s.id === 'number' && typeof s.xid === 'string';
}

/** A record read from $db that looks like ours (defensive against old or foreign shapes). */
export function asTicketState(value: unknown): TicketState | undefined {
  if (!looksLikeState(value)) return undefined;
  return { ...value, ev: arrayOr(value.ev), cb: arrayOr(value.cb), tl: arrayOr(value.tl) } as TicketState;
}
