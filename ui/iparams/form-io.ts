/**
 * The form and the settings object: every setting has a Crayons control whose id is its key
 * (config/iparams.html; crayons-controls.ts reads and writes them). Lists leave here as arrays of
 * names; normaliseSettings (shared with the serverless side) does the rest.
 */
import { normaliseSettings } from '../../server/src/settings/normalise-settings.js';
import { DEFAULT_SETTINGS } from '../../server/src/settings/settings-schema.js';
import { controlOf, labelText, readControl, writeControl } from './crayons-controls.js';
import { SECURE_KEYS, type SecureKey } from './secure-keys.js';

/** Every setting of the contract, in page order for the secure ones first. */
export const SETTING_KEYS: ReadonlyArray<string> = [...SECURE_KEYS, ...Object.keys(DEFAULT_SETTINGS).filter((k) => k !== 'signl4_api_key')];

const isSecure = (key: string): key is SecureKey => (SECURE_KEYS as ReadonlyArray<string>).includes(key);

/** A field's value as it leaves the page; undefined when it is left out. */
function formValue(doc: Document, key: string): unknown {
  const control = controlOf(doc, key);
  const value = control === undefined ? undefined : readControl(control);
  if (isSecure(key)) return value === '' ? undefined : value;
  return typeof value === 'string' ? value.trim() : value;
}

/**
 * The values on the page. An empty secure field is left out: on install that makes it "required",
 * on edit it means "keep the saved value". Secure values are taken as typed (spaces are an error).
 */
export function readForm(doc: Document): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = formValue(doc, key);
    if (value !== undefined) values[key] = value;
  }
  return values;
}

/**
 * Pre-fills every non-secure setting: the saved value where there is one, the schema's default
 * otherwise. Secure values are never put on the page, even if the platform passes them.
 */
export function fillForm(doc: Document, saved: Record<string, unknown> | undefined): void {
  const values: Record<string, unknown> = { ...DEFAULT_SETTINGS, ...normaliseSettings(saved) };
  for (const key of SETTING_KEYS) {
    const control = controlOf(doc, key);
    if (control !== undefined && !isSecure(key)) writeControl(control, values[key]);
  }
}

/** The label the admin sees for a setting. */
export function labelOf(doc: Document, key: string): string {
  const control = controlOf(doc, key);
  const text = control === undefined ? '' : labelText(control);
  return text === '' ? key : text;
}
