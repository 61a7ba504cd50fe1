/**
 * Checks the Freshservice API key the admin typed, through the setup request templates
 * (config/requests.json), and reads the account's statuses, ticket types, sources and groups.
 * - setupFsTickets first: it tells a wrong key (401) or a rate limit (429) before anything else;
 * - then agents, groups and ticket fields (read) and setupFsUpdateProbe, a PUT on ticket 0:
 *   404 means the agent may update tickets (the ticket just does not exist), 403 that it may not.
 */
import { parseRetryAfter } from '../../server/src/text/parse-retry-after.js';
import { callTemplate, headerValue, type InvokeTemplate, type TemplateOutcome } from './iparams-client.js';

export interface AccountChoices {
  statuses: string[];
  types: string[];
  sources: string[];
  groups: string[];
}

/**
 * A failed check says why. `retryInSeconds` marks a failure that may pass when asked again (a rate
 * limit: after Retry-After, a minute without one; no answer or a server error: at once); a wrong key
 * or a missing permission has none: asking again only helps once the admin changed something.
 */
export type KeyCheck = { ok: true; choices: AccountChoices } | { ok: false; message: string; retryInSeconds?: number };

type Failure = Extract<KeyCheck, { ok: false }>;

type Verdict = 'ok' | 'unauthorized' | 'forbidden' | 'rate_limited' | 'failed';

interface Step {
  template: string;
  /** What the agent may not do when Freshservice answers 403. */
  mayNot: string;
  okStatuses: (status: number) => boolean;
}

const is2xx = (status: number): boolean => status >= 200 && status < 300;

const TICKETS: Step = { template: 'setupFsTickets', mayNot: 'view tickets', okStatuses: is2xx };
const AGENTS: Step = { template: 'setupFsAgents', mayNot: 'view agents', okStatuses: is2xx };
const GROUPS: Step = { template: 'setupFsGroups', mayNot: 'view groups', okStatuses: is2xx };
const FIELDS: Step = { template: 'setupFsTicketFormFields', mayNot: 'view ticket fields', okStatuses: is2xx };
/** 404: allowed, ticket 0 does not exist; 400: allowed, the (empty) body was judged. 403 is the refusal. */
const UPDATE: Step = {
  template: 'setupFsUpdateProbe',
  mayNot: 'edit tickets',
  okStatuses: (status) => is2xx(status) || status === 404 || status === 400,
};

const ROLE_ADVICE =
  "In Freshservice (Admin → Agent roles) give the app's agent a role that can view and edit tickets and add notes, " +
  'and view agents, groups and ticket fields; then check again.';

export const KEY_REJECTED =
  'Freshservice does not accept this API key: it is wrong or has been revoked. Copy the key again from the ' +
  "agent's profile (profile picture → Profile settings → Your API key).";

function verdictOf(step: Step, outcome: TemplateOutcome): Verdict {
  const status = outcome.status;
  if (status === undefined) return 'failed';
  if (step.okStatuses(status)) return 'ok';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  return status === 429 ? 'rate_limited' : 'failed';
}

function rateLimited(outcomes: TemplateOutcome[], nowMs: number): Failure {
  const waits = outcomes.map((o) => parseRetryAfter(headerValue(o.headers, 'retry-after'), nowMs) ?? 0);
  const seconds = Math.max(0, ...waits);
  const when = seconds > 0 ? `in ${seconds} s` : 'in a minute';
  const message = `Freshservice is rate-limiting requests right now (HTTP 429), so the key could not be checked. Try again ${when}.`;
  return { ok: false, message, retryInSeconds: seconds > 0 ? seconds : 60 };
}

function failed(outcome: TemplateOutcome): Failure {
  const message =
    outcome.status === undefined
      ? 'Could not reach Freshservice to check the key. Check the connection and try again.'
      : `Freshservice answered HTTP ${outcome.status} while the key was checked. Try again in a moment; if it persists, check that the account is active.`;
  return { ok: false, message, retryInSeconds: 0 };
}

interface Checked {
  step: Step;
  outcome: TemplateOutcome;
  verdict: Verdict;
}

/** One message for everything that went wrong, the most fundamental problem first. */
function problemOf(checked: Checked[], nowMs: number): Failure | undefined {
  const having = (verdict: Verdict): Checked[] => checked.filter((c) => c.verdict === verdict);
  if (having('unauthorized').length > 0) return { ok: false, message: KEY_REJECTED };
  const limited = having('rate_limited');
  if (limited.length > 0) return rateLimited(limited.map((c) => c.outcome), nowMs);
  const forbidden = having('forbidden');
  if (forbidden.length > 0) {
    return { ok: false, message: `The agent of this key may not ${forbidden.map((c) => c.step.mayNot).join(', ')}. ${ROLE_ADVICE}` };
  }
  const other = having('failed')[0];
  return other === undefined ? undefined : failed(other.outcome);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function choiceName(choice: unknown): string | undefined {
  if (typeof choice === 'string') return choice;
  const c = record(choice) ?? {};
  const name = [c['value'], c['label'], c['name']].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return name?.trim();
}

/** Choices arrive as [{ id, value }], as strings, or (Freshdesk style) as { name: id }. */
export function choiceNames(choices: unknown): string[] {
  if (Array.isArray(choices)) return choices.map(choiceName).filter((n): n is string => n !== undefined);
  const map = record(choices);
  return map === undefined ? [] : Object.keys(map);
}

function listIn(body: unknown, key: string): unknown[] {
  if (Array.isArray(body)) return body;
  const list = record(body)?.[key];
  return Array.isArray(list) ? list : [];
}

function fieldChoices(fields: unknown[], names: ReadonlyArray<string>): string[] {
  const field = fields.map(record).find((f) => typeof f?.['name'] === 'string' && names.includes(f['name']));
  return choiceNames(field?.['choices']);
}

/** Statuses (custom ones included), ticket types and sources from GET /api/v2/ticket_form_fields; groups from /groups. */
export function accountChoices(fieldsBody: unknown, groupsBody: unknown): AccountChoices {
  const fields = listIn(fieldsBody, 'ticket_fields');
  return {
    statuses: fieldChoices(fields, ['status']),
    types: fieldChoices(fields, ['ticket_type', 'type']),
    sources: fieldChoices(fields, ['source']),
    groups: listIn(groupsBody, 'groups').map(choiceName).filter((n): n is string => n !== undefined),
  };
}

async function run(invoke: InvokeTemplate, step: Step, context: Record<string, string>): Promise<Checked> {
  const options = step === UPDATE ? { context, body: '{}' } : { context };
  const outcome = await callTemplate(invoke, step.template, options);
  return { step, outcome, verdict: verdictOf(step, outcome) };
}

/** Five template calls at most; a wrong key or a rate limit stops after the first. */
export async function checkFreshserviceKey(invoke: InvokeTemplate, host: string, apiKey: string, nowMs: number): Promise<KeyCheck> {
  const context = { host, api_key: apiKey };
  const first = await run(invoke, TICKETS, context);
  const early = problemOf([first], nowMs);
  if (early !== undefined) return early;
  const rest = await Promise.all([AGENTS, GROUPS, FIELDS, UPDATE].map((step) => run(invoke, step, context)));
  const problem = problemOf(rest, nowMs);
  if (problem !== undefined) return problem;
  const [, groups, fields] = rest;
  return { ok: true, choices: accountChoices(fields?.outcome.body, groups?.outcome.body) };
}
