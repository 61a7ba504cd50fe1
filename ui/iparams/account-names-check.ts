/**
 * Names in the settings that must exist in the Freshservice account: statuses in both
 * directions (custom statuses included), ticket types and sources. Matching is case-insensitive,
 * as on the serverless side. Each refusal names the field by its label on the page. A list the
 * account did not give (empty) cannot be checked: it is reported as unchecked, never as a pass.
 * Groups are offered as choices but not checked: the group list covers the primary workspace only.
 */
import type { AccountChoices } from './freshservice-check.js';
import type { FieldProblem } from './settings-check.js';

interface NameRule {
  field: string;
  kind: keyof AccountChoices;
  noun: string;
  plural: string;
}

const RULES: ReadonlyArray<NameRule> = [
  { field: 'filter_types', kind: 'types', noun: 'ticket type', plural: 'ticket types' },
  { field: 'filter_sources', kind: 'sources', noun: 'source', plural: 'sources' },
  { field: 'status_on_acknowledge', kind: 'statuses', noun: 'status', plural: 'statuses' },
  { field: 'status_on_close', kind: 'statuses', noun: 'status', plural: 'statuses' },
  { field: 'acknowledge_on_statuses', kind: 'statuses', noun: 'status', plural: 'statuses' },
  { field: 'close_on_statuses', kind: 'statuses', noun: 'status', plural: 'statuses' },
];

export interface NamesCheck {
  problems: FieldProblem[];
  /** Fields whose names could not be checked because the account listed none of that kind, e.g. "ticket types". */
  unchecked: string[];
}

function namesIn(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value.trim()];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function problemFor(rule: NameRule, names: string[], known: ReadonlyArray<string>, label: string): FieldProblem | undefined {
  const lowered = new Set(known.map((k) => k.toLowerCase()));
  const unknown = names.filter((name) => !lowered.has(name.toLowerCase()));
  if (unknown.length === 0) return undefined;
  const quoted = unknown.map((name) => `"${name}"`).join(', ');
  const what = unknown.length === 1 ? rule.noun : rule.plural;
  return { field: rule.field, message: `${label}: your Freshservice account has no ${what} ${quoted}. Choose from: ${known.join(', ')}.` };
}

export function checkAccountNames(settings: Record<string, unknown>, choices: AccountChoices, labelOf: (field: string) => string): NamesCheck {
  const problems: FieldProblem[] = [];
  const unchecked = new Set<string>();
  for (const rule of RULES) {
    const names = namesIn(settings[rule.field]);
    if (names.length === 0) continue;
    const known = choices[rule.kind];
    if (known.length === 0) {
      unchecked.add(rule.plural);
      continue;
    }
    const problem = problemFor(rule, names, known, labelOf(rule.field));
    if (problem !== undefined) problems.push(problem);
  }
  return { problems, unchecked: [...unchecked] };
}
