/**
 * The settings schema check, done by the app itself: the validateSettings server method runs the
 * one ajv schema of the serverless side and words every problem per field
 * (server/src/methods/validate-settings-method.ts). Server methods work on the installation page
 * before install (docs/fdk-facts.md §2.3), so the page ships no validator of its own.
 */
import type { SettingsCheckView } from '../../server/src/methods/validate-settings-method.js';

export interface FieldProblem {
  /** A setting's key; '' for a problem that belongs to no field (shown in the summary only). */
  field: string;
  message: string;
}

export type InvokeMethod = (name: string, payload: Record<string, unknown>) => Promise<unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCheckView(value: unknown): value is SettingsCheckView {
  return isRecord(value) && typeof value['ok'] === 'boolean' && Array.isArray(value['problems']);
}

function unreachable(failure: unknown): FieldProblem {
  const message = isRecord(failure) && typeof failure['message'] === 'string' ? failure['message'].replace(/[.\s]+$/, '') : 'the app did not answer';
  return { field: '', message: `The settings could not be checked: ${message}. Try again in a moment.` };
}

/** Every schema problem of `settings` (on Edit Settings with the kept secrets filled in: saved-secrets.ts). */
export async function checkSettings(invoke: InvokeMethod, settings: Record<string, unknown>): Promise<FieldProblem[]> {
  let answer: unknown;
  try {
    answer = await invoke('validateSettings', { settings });
  } catch (failure) {
    return [unreachable(failure)];
  }
  const view = isRecord(answer) ? answer['response'] : undefined;
  if (!isCheckView(view)) {
    return [{ field: '', message: 'The settings check answered with something this page cannot read. Reload the page and try again.' }];
  }
  return view.problems;
}
