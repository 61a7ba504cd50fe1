/**
 * Turns ajv errors into one line per problem that names the setting and says what to do
 * (release-drafter's table, in words). Shared by the serverless side and the installation page.
 */
import { NOTE_PLACEHOLDERS, PRIORITIES } from './settings-schema.js';

export interface AjvLikeError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface SettingsProblem {
  field: string;
  message: string;
}

const LABELS: Record<string, string> = {
  signl4_webhook: 'SIGNL4 webhook URL or secret',
  signl4_api_key: 'SIGNL4 API key',
  freshservice_api_key: 'Freshservice API key',
  filter_priorities: 'Priorities to forward',
  alerting_scenario: 'Alerting scenario',
  assign_agent_on: 'Assign agent on',
  signl4_category: 'SIGNL4 category',
};

/** How a problem's message names its setting (the installation page puts its own label in its place). */
export function settingName(field: string): string {
  return LABELS[field] ?? field;
}

function fieldOf(error: AjvLikeError): string {
  if (error.keyword === 'required') return String(error.params['missingProperty'] ?? '');
  if (error.keyword === 'additionalProperties') return String(error.params['additionalProperty'] ?? '');
  return error.instancePath.split('/')[1] ?? '';
}

function patternMessage(field: string): string {
  if (field === 'signl4_webhook') {
    return 'must be https://connect.signl4.com/webhook/<secret> or the bare secret, with no spaces and no trailing slash.';
  }
  if (field === 'freshservice_api_key') return 'must be the API key alone, with no spaces.';
  if (field === 'signl4_category') return 'may use only the placeholder {group}.';
  if (field.startsWith('note_')) return `may use only the placeholders ${NOTE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`;
  return 'has an invalid form.';
}

function enumMessage(error: AjvLikeError, field: string): string {
  if (field === 'filter_priorities') return `must name priorities from ${PRIORITIES.join(', ')}.`;
  const allowed = error.params['allowedValues'];
  return `must be one of ${Array.isArray(allowed) ? allowed.join(', ') : 'the listed values'}.`;
}

const MESSAGES: Readonly<Record<string, (error: AjvLikeError, field: string) => string>> = {
  required: () => 'is required.',
  additionalProperties: () => 'is not a setting of this app.',
  pattern: (_failure, field) => patternMessage(field),
  enum: enumMessage,
  minLength: (error) => (Number(error.params['limit']) > 1 ? `is missing or too short: it needs at least ${String(error.params['limit'])} characters.` : 'must not be empty.'),
  type: (error) => `must be ${String(error.params['type'])}.`,
};

function messageFor(error: AjvLikeError, field: string): string {
  const build = MESSAGES[error.keyword];
  return build === undefined ? `${error.message ?? 'is invalid'}.` : build(error, field);
}

/** One problem per field (the first ajv error for it), in schema order of appearance. */
export function describeProblems(errors: ReadonlyArray<AjvLikeError>): SettingsProblem[] {
  const seen = new Map<string, SettingsProblem>();
  for (const error of errors) {
    const field = fieldOf(error);
    if (seen.has(field)) continue;
    seen.set(field, { field, message: `${settingName(field)} ${messageFor(error, field)}` });
  }
  return [...seen.values()];
}
