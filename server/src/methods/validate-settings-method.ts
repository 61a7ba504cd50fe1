/**
 * validateSettings: the installation page sends the settings it is about to save and gets back
 * every problem, worded per field, from the one ajv schema the serverless side uses on every
 * event (server methods work on the installation page before install; docs/fdk-facts.md §2.3).
 * The page thus ships no generated validator and the two sides cannot disagree.
 */
import { parseSettings } from '../settings/parse-settings.js';
import type { SettingsProblemView } from './view-types.js';

export interface SettingsCheckView {
  ok: boolean;
  problems: SettingsProblemView[];
}

/** The payload is the page's settings object; secrets in it are checked for form only, never echoed. */
export function validateSettingsPayload(payload: unknown): SettingsCheckView {
  const raw = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)['settings'] : undefined;
  const settings = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const parsed = parseSettings(settings);
  return parsed.ok ? { ok: true, problems: [] } : { ok: false, problems: parsed.problems };
}
