/**
 * The form and the settings object: every setting has an element whose id is its key
 * (config/iparams.html). Lists are typed as comma-separated names and leave here as typed;
 * normaliseSettings (shared with the serverless side) turns them into arrays.
 */
import { normaliseSettings } from '../../server/src/settings/normalise-settings.js';
import { DEFAULT_SETTINGS } from '../../server/src/settings/settings-schema.js';
import { SECURE_KEYS, type SecureKey } from './secure-keys.js';

/** Every setting of the contract, in page order for the secure ones first. */
export const SETTING_KEYS: ReadonlyArray<string> = [...SECURE_KEYS, ...Object.keys(DEFAULT_SETTINGS).filter((k) => k !== 'signl4_api_key')];

const isSecure = (key: string): key is SecureKey => (SECURE_KEYS as ReadonlyArray<string>).includes(key);

function elementValue(element: HTMLElement): unknown {
  if (element instanceof HTMLFieldSetElement) {
    return [...element.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((box) => box.value);
  }
  if (element instanceof HTMLInputElement && element.type === 'checkbox') return element.checked;
  if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) return element.value;
  return undefined;
}

/** A field's value as it leaves the page; undefined when it is left out. */
function formValue(key: string, element: HTMLElement | null): unknown {
  const value = element === null ? undefined : elementValue(element);
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
    const value = formValue(key, doc.getElementById(key));
    if (value !== undefined) values[key] = value;
  }
  return values;
}

function setChecks(fieldset: HTMLFieldSetElement, value: unknown): void {
  const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
  for (const box of fieldset.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) box.checked = chosen.has(box.value);
}

function asText(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value ?? '');
}

function setElement(element: HTMLElement, value: unknown): void {
  if (element instanceof HTMLFieldSetElement) return setChecks(element, value);
  if (element instanceof HTMLInputElement && element.type === 'checkbox') {
    element.checked = value === true;
  } else if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) {
    element.value = asText(value);
  }
}

/**
 * Pre-fills every non-secure setting: the saved value where there is one, the schema's default
 * otherwise. Secure values are never put on the page, even if the platform passes them.
 */
export function fillForm(doc: Document, saved: Record<string, unknown> | undefined): void {
  const values: Record<string, unknown> = { ...DEFAULT_SETTINGS, ...normaliseSettings(saved) };
  for (const key of SETTING_KEYS) {
    const element = doc.getElementById(key);
    if (element !== null && !isSecure(key)) setElement(element, values[key]);
  }
}

/** The label the admin sees for a setting (the legend for a group of checkboxes). */
export function labelOf(doc: Document, key: string): string {
  const element = doc.getElementById(key);
  const label = element instanceof HTMLFieldSetElement ? element.querySelector('legend') : doc.querySelector(`label[for="${key}"]`);
  const text = (label ?? element?.closest('label'))?.textContent ?? key;
  return text.replace(/\((required|optional)\)/, '').replace(/\s+/g, ' ').trim();
}
