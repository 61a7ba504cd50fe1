/**
 * Makes a schema problem specific to what the admin typed, in front of describeProblems' rule:
 * which part of a webhook URL is wrong, which note placeholder is unknown. Nothing here decides
 * validity; the schema does.
 */
import { settingName } from '../../server/src/settings/settings-problems.js';
import { NOTE_PLACEHOLDERS } from '../../server/src/settings/settings-schema.js';

const SIGNL4_HOST = 'connect.signl4.com';

function hostOf(value: string): string | undefined {
  try {
    return new URL(value).host;
  } catch {
    return undefined;
  }
}

/** What exactly is wrong with a webhook URL or secret that failed the schema's pattern. */
export function webhookHint(value: string): string | undefined {
  if (/\s/.test(value)) return 'Remove the spaces.';
  if (value.endsWith('/')) return 'Remove the slash at the end.';
  const host = hostOf(value);
  if (host !== undefined && host.toLowerCase() !== SIGNL4_HOST) {
    return `This URL points to ${host}, not ${SIGNL4_HOST}: copy the webhook URL from SIGNL4.`;
  }
  if (value.startsWith('http://')) return 'Use https://, not http://.';
  return undefined;
}

/** Placeholders in a note text that the app does not know, e.g. ["{usr}"]. */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set(NOTE_PLACEHOLDERS.map((p) => `{${p}}`));
  return [...new Set(text.match(/\{[^{}]*\}/g) ?? [])].filter((token) => !known.has(token));
}

function noteHint(text: string): string | undefined {
  const unknown = unknownPlaceholders(text);
  if (unknown.length === 0) return /[{}]/.test(text) ? 'Braces are only for placeholders.' : undefined;
  return `Unknown placeholder${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}.`;
}

function hintFor(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (field === 'signl4_webhook') return webhookHint(value);
  return field.startsWith('note_') ? noteHint(value) : undefined;
}

/**
 * The message shown at a field: the page's own label instead of the setting's id or the schema's
 * name for it (settingName), and a specific hint first when there is one.
 */
export function wordProblem(field: string, message: string, value: unknown, label: string): string {
  const prefix = [`${settingName(field)} `, `${field} `].find((start) => field !== '' && message.startsWith(start));
  const named = prefix === undefined ? message : `${label} ${message.slice(prefix.length)}`;
  const hint = hintFor(field, value);
  return hint === undefined ? named : `${hint} ${named}`;
}
