/**
 * Words and times for the sidebar: what each state means to an agent, how each timeline entry
 * and each button is labelled, and how a failure is explained. Times use the agent's locale.
 */
import type { NotForwardedReason, RuleMiss, SignlAction, SignlState, SignlView, TimelineKind } from '../../server/src/methods/view-types.js';
import { isRecord, type Failure } from './client.js';

export type Tone = 'neutral' | 'info' | 'warning' | 'success' | 'danger';

/** Crayons fw-label colours, in SIGNL4's state colours: new red, acknowledged green, resolved grey. */
export type BadgeColor = 'blue' | 'green' | 'grey' | 'red' | 'yellow';

export interface StateText {
  badge: string;
  tone: Tone;
  color: BadgeColor;
  headline: string;
  details: string[];
}

/** Formats an ISO time in the agent's locale; '' for a missing or unreadable time. */
export type TimeFormat = (iso: string | undefined) => string;

export function timeFormat(locales?: string | string[], timeZone?: string): TimeFormat {
  const format = new Intl.DateTimeFormat(locales, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone === undefined ? {} : { timeZone }) });
  return (iso) => {
    if (iso === undefined || iso === '') return '';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : format.format(date);
  };
}

function at(time: TimeFormat, iso: string | undefined): string {
  const text = time(iso);
  return text === '' ? '' : ` on ${text}`;
}

function deliveryDetails(view: SignlView, time: TimeFormat): string[] {
  const delivery = view.delivery;
  if (delivery === undefined) return [];
  // With help (a failed delivery), the fix is the admin's and is shown under "What your admin must fix".
  const details = [delivery.reason, view.help === undefined ? delivery.fix : ''].filter((line) => line.trim() !== '');
  if (delivery.attempts > 0) details.push(`Attempts so far: ${delivery.attempts}.`);
  const next = time(delivery.nextAttemptAt);
  if (next !== '') details.push(`Next attempt: ${next}.`);
  return details;
}

/** The forwarding rules as the installation page names them. */
const RULE_NAME: Readonly<Record<RuleMiss['rule'], string>> = {
  priority: 'Priority',
  type: 'Type',
  group: 'Group',
  source: 'Source',
  workspace: 'Workspace',
  tags: 'Tags',
};

function list(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/** "Priority is "Low"; the rule forwards "Urgent", "High"." */
export function missText(miss: RuleMiss): string {
  const name = RULE_NAME[miss.rule] ?? miss.rule;
  const has = miss.ticket.trim() === '' ? `${name} is empty` : `${name} is "${miss.ticket}"`;
  return `${has}; the rule forwards ${list(miss.allowed)}.`;
}

type Kind = NotForwardedReason['kind'];
const WHY_NOT: { [K in Kind]: (reason: Extract<NotForwardedReason, { kind: K }>, time: TimeFormat) => string[] } = {
  no_match: (reason) => ['It did not match the forwarding rules:', ...reason.misses.map(missText)],
  before_install: (reason, time) => {
    const when = time(reason.installedAt);
    return [`It was created before the SIGNL4 app was installed${when === '' ? '' : ` (${when})`}; the app forwards tickets created after that.`, ...reason.misses.map(missText)];
  },
  closed: (reason) => [`It matches the forwarding rules, but it was already ${reason.status === '' ? 'closed' : `"${reason.status}"`}, and the app does not page for closed tickets.`],
  not_seen: () => ['It matches the forwarding rules, but the app has not handled it yet. After a busy minute the app catches up by itself; it checks recently changed tickets every minute.'],
  updates_off: () => ['It matches the forwarding rules now. Forwarding on ticket updates is off in the app settings, so it is sent only if it matched when it was created.'],
  unknown: () => ['The app could not read the ticket just now to say why.'],
};

/** The reason in words; none until the agent asks (view.ts: the "Why was it not sent?" button). */
function whyNot(reason: NotForwardedReason | undefined, time: TimeFormat): string[] {
  if (reason === undefined) return [];
  const describe = WHY_NOT[reason.kind] as ((r: NotForwardedReason, t: TimeFormat) => string[]) | undefined;
  return describe === undefined ? WHY_NOT.unknown({ kind: 'unknown' }, time) : describe(reason, time);
}

const STATE_TEXT: Readonly<Record<SignlState, (view: SignlView, time: TimeFormat) => StateText>> = {
  not_forwarded: (view, time) => ({
    badge: 'Not forwarded',
    tone: 'neutral',
    color: 'grey',
    headline: 'This ticket has not been sent to SIGNL4.',
    details: [...whyNot(view.notForwarded, time), ...(view.actions.includes('page') ? ['If it needs someone now, page the on-call team.'] : [])],
  }),
  queued: (view, time) => ({
    badge: 'Waiting to be sent',
    tone: 'info',
    color: 'blue',
    headline: 'Waiting to be delivered to SIGNL4.',
    details: deliveryDetails(view, time),
  }),
  open: (view, time) => ({
    badge: 'Sent — not acknowledged',
    tone: 'warning',
    color: 'red',
    headline: 'The on-call team has been alerted. Nobody has acknowledged it yet.',
    details: view.forwardedAt === undefined ? [] : [`Sent to SIGNL4${at(time, view.forwardedAt)}.`],
  }),
  acknowledged: (view, time) => ({
    badge: 'Acknowledged',
    tone: 'success',
    color: 'green',
    headline: `Acknowledged by ${view.acknowledgedBy ?? 'someone in SIGNL4'}${at(time, view.acknowledgedAt)}.`,
    details: view.forwardedAt === undefined ? [] : [`Sent to SIGNL4${at(time, view.forwardedAt)}.`],
  }),
  closed: (view, time) => ({
    badge: 'Closed',
    tone: 'neutral',
    color: 'grey',
    headline: `Closed by ${view.closedBy ?? 'someone in SIGNL4'}${at(time, view.closedAt)}.`,
    details: view.actions.includes('page') ? ['If the problem is back, you can page the on-call team again.'] : [],
  }),
  failed: (view, time) => ({
    badge: 'Delivery failed',
    tone: 'danger',
    color: 'red',
    headline: 'The alert could not be delivered to SIGNL4.',
    details: deliveryDetails(view, time),
  }),
};

export function stateText(view: SignlView, time: TimeFormat): StateText {
  const describe = STATE_TEXT[view.state] as ((view: SignlView, time: TimeFormat) => StateText) | undefined;
  if (describe !== undefined) return describe(view, time);
  return { badge: 'Unknown', tone: 'neutral', color: 'grey', headline: 'The app reported a state this sidebar does not know.', details: ['Reload the page to get the newest version of the app.'] };
}

const TIMELINE_LABEL: Readonly<Record<TimelineKind, string>> = {
  forwarded: 'Sent to SIGNL4',
  queued: 'Queued',
  acknowledged: 'Acknowledged',
  escalated: 'Escalated',
  annotated: 'Annotation',
  closed: 'Closed',
  refused: 'Refused by Freshservice',
  failed: 'Delivery failed',
  status_sent: 'Status sent to SIGNL4',
  note: 'Note',
  retry: 'Retry',
};

export function timelineLabel(kind: TimelineKind): string {
  return TIMELINE_LABEL[kind] ?? 'Event';
}

export interface ActionText {
  /** Visible label. */
  label: string;
  /** Accessible name; starts with the visible label. */
  name: string;
  busy: string;
  failed: string;
  primary: boolean;
}

export const ACTION_TEXT: Readonly<Record<SignlAction, ActionText>> = {
  page: { label: 'Page on-call now', name: 'Page on-call now: send this ticket to SIGNL4', busy: 'Paging…', failed: 'Could not page the on-call team.', primary: true },
  acknowledge: { label: 'Acknowledge', name: 'Acknowledge the Signl in SIGNL4', busy: 'Acknowledging…', failed: 'Could not acknowledge the Signl.', primary: true },
  resolve: { label: 'Resolve', name: 'Resolve the Signl in SIGNL4', busy: 'Resolving…', failed: 'Could not resolve the Signl.', primary: false },
  retry: { label: 'Retry delivery', name: 'Retry delivery to SIGNL4 now', busy: 'Retrying…', failed: 'Could not retry the delivery.', primary: true },
};

const STATUS_TEXT: ReadonlyArray<[(status: number) => boolean, string]> = [
  [(s) => s === 429, 'Too many requests right now. Wait a minute and try again.'],
  [(s) => s === 401 || s === 403, 'The app is not allowed to do this. Ask your admin to check the app settings.'],
  [(s) => s === 404, 'The app could not find what it needed for this ticket.'],
  [(s) => s === 408 || s === 504, 'The app took too long to answer. Try again.'],
  [(s) => s >= 500, 'The app ran into a problem. Try again in a moment.'],
];

const MAX_MESSAGE = 300;

/** Turns anything a client call rejected with into a sentence for an agent. */
export function toFailure(error: unknown): Failure {
  const status = statusOf(error);
  const message = messageOf(error);
  if (message !== '' && message.length <= MAX_MESSAGE && !looksTechnical(message)) return withStatus(message, status);
  return withStatus(statusText(status), status);
}

function statusOf(error: unknown): number | undefined {
  const status = isRecord(error) ? error['status'] : undefined;
  return typeof status === 'number' ? status : undefined;
}

function messageOf(error: unknown): string {
  const raw = error instanceof Error ? error.message : isRecord(error) ? error['message'] : undefined;
  return typeof raw === 'string' ? raw.trim() : '';
}

function statusText(status: number | undefined): string {
  const known = status === undefined ? undefined : STATUS_TEXT.find(([match]) => match(status));
  return known?.[1] ?? 'Something went wrong while talking to the app. Try again.';
}

function withStatus(message: string, status: number | undefined): Failure {
  return status === undefined ? { message } : { status, message };
}

/** Raw payloads and stack traces are not for agents (marketplace review rule). */
function looksTechnical(message: string): boolean {
  return /^[[{<]/.test(message) || /\bat .+:\d+:\d+/.test(message);
}
