/**
 * Names in the settings that must exist in the Freshservice account: statuses in both
 * directions (custom statuses included), ticket types and sources. Matching is case-insensitive,
 * as on the serverless side. A list the account did not give (empty) is not checked. Groups are
 * offered as choices but not checked: the group list covers the primary workspace only.
 */
import type { AccountChoices } from './freshservice-check.js';
import type { FieldProblem } from './settings-check.js';

interface NameRule {
  field: string;
  kind: keyof AccountChoices;
  /** "a status", "a ticket type" ... */
  noun: string;
}

const RULES: ReadonlyArray<NameRule> = [
  { field: 'filter_types', kind: 'types', noun: 'ticket type' },
  { field: 'filter_sources', kind: 'sources', noun: 'source' },
  { field: 'status_on_acknowledge', kind: 'statuses', noun: 'status' },
  { field: 'status_on_close', kind: 'statuses', noun: 'status' },
  { field: 'acknowledge_on_statuses', kind: 'statuses', noun: 'status' },
  { field: 'close_on_statuses', kind: 'statuses', noun: 'status' },
];

function namesIn(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value.trim()];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function problemFor(rule: NameRule, value: unknown, known: ReadonlyArray<string>): FieldProblem | undefined {
  if (known.length === 0) return undefined;
  const lowered = new Set(known.map((k) => k.toLowerCase()));
  const unknown = namesIn(value).filter((name) => !lowered.has(name.toLowerCase()));
  if (unknown.length === 0) return undefined;
  const quoted = unknown.map((name) => `"${name}"`).join(', ');
  const what = unknown.length === 1 ? `is not a ${rule.noun}` : `are not ${rule.noun === 'status' ? 'statuses' : `${rule.noun}s`}`;
  return { field: rule.field, message: `${quoted} ${what} in your Freshservice account. Choose from: ${known.join(', ')}.` };
}

export function checkAccountNames(settings: Record<string, unknown>, choices: AccountChoices): FieldProblem[] {
  return RULES.map((rule) => problemFor(rule, settings[rule.field], choices[rule.kind])).filter(
    (p): p is FieldProblem => p !== undefined,
  );
}
