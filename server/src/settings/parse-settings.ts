/**
 * Validates installation parameters against the one schema; the result is either typed Settings
 * or a settings_invalid AppError whose details list every problem (nothing is sent on bad settings).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { AppError } from '../errors/errors.js';
import { AJV_OPTIONS } from './ajv-options.js';
import { normaliseSettings } from './normalise-settings.js';
import { settingsSchema, type Settings } from './settings-schema.js';
import { describeProblems, type SettingsProblem } from './settings-problems.js';

export interface ParsedSettings extends Settings {
  /** The webhook secret alone, from a full URL or the bare value. */
  signl4Secret: string;
}

export type SettingsResult = { ok: true; settings: ParsedSettings } | { ok: false; error: AppError; problems: SettingsProblem[] };

let compiled: ValidateFunction<Settings> | undefined;

function validator(): ValidateFunction<Settings> {
  compiled ??= new Ajv(AJV_OPTIONS).compile(settingsSchema);
  return compiled;
}

export function secretFromWebhook(value: string): string {
  const tail = value.split('/webhook/')[1];
  return tail ?? value;
}

export function parseSettings(raw: Record<string, unknown> | undefined): SettingsResult {
  const candidate = normaliseSettings(raw);
  const validate = validator();
  if (validate(candidate)) {
    return { ok: true, settings: { ...candidate, signl4Secret: secretFromWebhook(candidate.signl4_webhook) } };
  }
  const problems = describeProblems(validate.errors ?? []);
  const error = new AppError({
    code: 'settings_invalid',
    operation: 'settings',
    message: `The app settings have ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => p.message).join(' ')}`,
    fix: 'Open the app settings in Freshservice (Admin > Apps > SIGNL4) and correct them; nothing is sent until then.',
    details: problems.map((p) => p.message),
  });
  return { ok: false, error, problems };
}
