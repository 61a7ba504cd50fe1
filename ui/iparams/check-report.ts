/**
 * What the page's checks found, one line per check, and the summary they allow. The summary is
 * green ("All checks passed") only when every line passed: a webhook secret SIGNL4 has not
 * accepted on this page (no test Signl yet) or names the account could not be checked keep it
 * amber, whatever else passed; any problem makes it red.
 */
import type { FieldProblem } from './settings-check.js';

export type CheckId = 'settings' | 'freshservice' | 'names' | 'webhook';
export type CheckState = 'passed' | 'failed' | 'unproven' | 'skipped';

export interface CheckLine {
  id: CheckId;
  state: CheckState;
  detail: string;
}

export type Tone = 'ok' | 'warn' | 'bad';

export interface CheckSummary {
  tone: Tone;
  text: string;
}

/** What the test Signl said about the webhook secret now on the page. */
export type WebhookProof = { state: 'none' } | { state: 'accepted'; eventId: string | undefined } | { state: 'refused'; message: string };

export const UNPROVEN_WEBHOOK = 'Not proven until a test Signl arrives: only SIGNL4 can tell whether it knows this secret.';

export interface CheckFacts {
  problems: ReadonlyArray<FieldProblem>;
  /** The key check ran and passed; false when it failed; undefined when it could not run. */
  keyWorks: boolean | undefined;
  /** Names the account listed none of (so unchecked), e.g. "ticket types"; undefined when the names were not checked at all. */
  namesUnchecked: ReadonlyArray<string> | undefined;
  webhook: WebhookProof;
}

const KEY = 'freshservice_api_key';
const WEBHOOK = 'signl4_webhook';
const NAME_FIELDS = ['filter_types', 'filter_sources', 'status_on_acknowledge', 'status_on_close', 'acknowledge_on_statuses', 'close_on_statuses'];

function count(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

function settingsLine(problems: ReadonlyArray<FieldProblem>): CheckLine {
  const own = problems.filter((p) => p.field !== KEY && p.field !== WEBHOOK && !NAME_FIELDS.includes(p.field));
  return own.length === 0
    ? { id: 'settings', state: 'passed', detail: 'Every value has a form the app accepts.' }
    : { id: 'settings', state: 'failed', detail: `${count(own.length, 'setting needs', 'settings need')} attention.` };
}

function keyLine(facts: CheckFacts): CheckLine {
  if (facts.keyWorks === true) return { id: 'freshservice', state: 'passed', detail: 'Freshservice accepts the key and its agent has the permissions the app needs.' };
  if (facts.keyWorks === false) return { id: 'freshservice', state: 'failed', detail: 'Freshservice refused the key or a permission: see the key field.' };
  return { id: 'freshservice', state: 'skipped', detail: 'Not checked: enter a key of the right form first.' };
}

function namesLine(facts: CheckFacts): CheckLine {
  const refused = facts.problems.filter((p) => NAME_FIELDS.includes(p.field)).length;
  if (refused > 0) return { id: 'names', state: 'failed', detail: `${count(refused, 'field names', 'fields name')} something your account does not have.` };
  if (facts.namesUnchecked === undefined) return { id: 'names', state: 'skipped', detail: 'Not checked: the Freshservice key must work first.' };
  if (facts.namesUnchecked.length > 0) {
    return { id: 'names', state: 'unproven', detail: `Not checked: Freshservice listed no ${facts.namesUnchecked.join(' and no ')}.` };
  }
  return { id: 'names', state: 'passed', detail: 'Every status, ticket type and source exists in your account.' };
}

function webhookLine(facts: CheckFacts): CheckLine {
  const problem = facts.problems.find((p) => p.field === WEBHOOK);
  if (problem !== undefined) return { id: 'webhook', state: 'failed', detail: problem.message };
  const proof = facts.webhook;
  if (proof.state === 'refused') return { id: 'webhook', state: 'failed', detail: proof.message };
  if (proof.state === 'accepted') {
    return { id: 'webhook', state: 'passed', detail: `SIGNL4 accepted a test Signl with this secret${proof.eventId === undefined ? '' : ` (event id ${proof.eventId})`}.` };
  }
  return { id: 'webhook', state: 'unproven', detail: `Well-formed. ${UNPROVEN_WEBHOOK}` };
}

export function checkLines(facts: CheckFacts): CheckLine[] {
  return [settingsLine(facts.problems), keyLine(facts), namesLine(facts), webhookLine(facts)];
}

const CHECK_NAMES: Record<CheckId, string> = {
  settings: 'the settings',
  freshservice: 'the Freshservice key',
  names: 'the names in your account',
  webhook: 'the webhook secret',
};

/** A check that passed nothing yet found nothing wrong either, in the words of the summary. */
function openPoint(line: CheckLine): string {
  if (line.id === 'webhook') return 'the webhook secret is not proven until a test Signl arrives (Send a test Signl)';
  return `${CHECK_NAMES[line.id]}: ${line.detail.replace(/^Not checked: /, 'not checked, ').replace(/\.$/, '')}`;
}

/** `next`: what the admin presses to save ("Press Install again to save." after Install, "Press Install to save." in the background). */
export function summarise(facts: CheckFacts, next: string): CheckSummary {
  const n = facts.problems.length;
  if (n > 0) {
    const fix = n === 1 ? 'Fix it, then press Install again.' : 'Fix them, then press Install again.';
    return { tone: 'bad', text: `${count(n, 'setting needs', 'settings need')} attention (listed at the top of the page). ${fix}` };
  }
  const open = checkLines(facts).filter((line) => line.state !== 'passed').map(openPoint);
  return open.length === 0 ? { tone: 'ok', text: `All checks passed. ${next}` } : { tone: 'warn', text: `No problem found, but ${open.join('; ')}. ${next}` };
}
