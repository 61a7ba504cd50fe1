/**
 * What the server methods return to the browser: only what the views need, never a secret.
 * Shared by server/src/methods (producers) and ui (consumers); keep it free of anything but other type-only modules.
 */

export type SignlState = 'not_forwarded' | 'queued' | 'open' | 'acknowledged' | 'closed' | 'failed';

import type { TimelineKind } from '../signl/timeline-kind.js';

export type { TimelineKind };

export interface TimelineItem {
  /** ISO 8601, UTC; the browser formats it in the agent's locale. */
  at: string;
  kind: TimelineKind;
  /** Plain text (may come from SIGNL4 users); render with textContent, never as HTML. */
  text: string;
}

export type SignlAction = 'page' | 'acknowledge' | 'resolve' | 'retry';

/** A forwarding rule a ticket did not meet, in the admin's terms. */
export interface RuleMiss {
  /** The setting's label as the installation page shows it, e.g. "Priorities". */
  rule: 'priority' | 'type' | 'group' | 'source' | 'workspace' | 'tags';
  /** What the ticket has ('' when the field is empty). */
  ticket: string;
  /** What the rule allows. */
  allowed: string[];
}

/**
 * Why a ticket has no Signl, as far as the app can tell from the ticket and the settings:
 * 'no_match' lists the rules it missed; 'before_install': created before the app was installed;
 * 'closed': it matches but was already in a close status; 'not_seen': it matches and the app has no
 * record of it yet (catching up); 'updates_off': it matches now, forwarding on updates is off;
 * 'unknown': the ticket could not be read just now.
 */
export type NotForwardedReason =
  | { kind: 'no_match'; misses: RuleMiss[] }
  | { kind: 'before_install'; installedAt: string; misses: RuleMiss[] }
  | { kind: 'closed'; status: string }
  | { kind: 'not_seen' }
  | { kind: 'updates_off' }
  | { kind: 'unknown' };

/** What an agent can do now, and what only an admin can fix (each a plain sentence). */
export interface Help {
  now: string[];
  admin: string[];
}

export interface SignlView {
  ticketId: number;
  state: SignlState;
  forwardedAt?: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  closedBy?: string;
  closedAt?: string;
  /** While queued or failed: why, what to fix, how many attempts, when the next one is due. */
  delivery?: { reason: string; fix: string; attempts: number; nextAttemptAt?: string };
  /** Newest last, at most 20 items. */
  timeline: TimelineItem[];
  /** The buttons the sidebar should offer for this state. */
  actions: SignlAction[];
  /** While not forwarded: why. */
  notForwarded?: NotForwardedReason;
  /** A failed delivery or a refusal by Freshservice: what the agent can do, what the admin must fix. */
  help?: Help;
}

/**
 * pageOnCall, acknowledgeSignl, resolveSignl and retryDelivery answer with the new view, a sentence
 * and what really happened: 'done', 'waiting' (queued, sent automatically later) or 'failed'.
 */
export interface ActionResult {
  view: SignlView;
  message: string;
  outcome: 'done' | 'waiting' | 'failed';
}

/** The agent acting in the sidebar (client.data.get('loggedInUser')); names them in notes and the timeline. */
export interface AgentRef {
  name: string;
  email?: string;
}

/** Server-method payloads. */
export interface TicketRequest {
  ticketId: number | string;
  agent?: AgentRef;
}

/** A server method's refusal when the platform's minute budget ($db or $request) is spent: the sidebar says "busy". */
export const BUSY_STATUS = 429;

export interface SettingsProblemView {
  field: string;
  message: string;
}

export interface QueueItemView {
  ticketId: number;
  kind: 'deliver' | 'status' | 'callback';
  attempts: number;
  nextAttemptAt: string;
  reason: string;
}

export interface ErrorView {
  at: string;
  code: string;
  operation: string;
  message: string;
  fix: string;
}

export interface DiagnosticsView {
  generatedAt: string;
  health: { ok: boolean; problems: SettingsProblemView[] };
  callback: {
    url?: string;
    /**
     * 'api': registered with the SIGNL4 API key; 'pending': the app registers it shortly (detail
     * says when); 'failed': it could not (detail says why); 'manual': the admin registers it (steps shown).
     */
    registration: 'api' | 'manual' | 'failed' | 'pending';
    webhookId?: string;
    detail?: string;
  };
  counts: {
    forwarded: number;
    delivered: number;
    callbacksApplied: number;
    callbacksRejected: number;
    deliveriesFailed: number;
    /** Per UTC day, newest last, at most 7 days. */
    days: { day: string; forwarded: number; callbacksApplied: number; callbacksRejected: number }[];
  };
  queue: QueueItemView[];
  lastErrors: ErrorView[];
}
