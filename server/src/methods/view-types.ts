/**
 * What the server methods return to the browser: only what the views need, never a secret.
 * Shared by server/src/methods (producers) and ui (consumers); keep it dependency-free.
 */

export type SignlState = 'not_forwarded' | 'queued' | 'open' | 'acknowledged' | 'closed' | 'failed';

export type TimelineKind =
  | 'forwarded'
  | 'queued'
  | 'acknowledged'
  | 'escalated'
  | 'annotated'
  | 'closed'
  | 'refused'
  | 'failed'
  | 'status_sent'
  | 'note';

export interface TimelineItem {
  /** ISO 8601, UTC; the browser formats it in the agent's locale. */
  at: string;
  kind: TimelineKind;
  /** Plain text (may come from SIGNL4 users); render with textContent, never as HTML. */
  text: string;
}

export type SignlAction = 'page' | 'acknowledge' | 'resolve' | 'retry';

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
}

/** pageOnCall, acknowledgeSignl, resolveSignl and retryDelivery answer with the new view and a sentence. */
export interface ActionResult {
  view: SignlView;
  message: string;
}

/** Server-method payloads. */
export interface TicketRequest {
  ticketId: number | string;
}

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
