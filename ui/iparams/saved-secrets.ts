/**
 * The saved secrets on Edit Settings. What postConfigs() returns is stored as the WHOLE
 * configuration, nothing merged (CLI69 lib/routes/configs.js; docs/platform-rules.md), so a secret
 * left out of it is deleted. The CLI hands getConfigs every stored value, secure ones in clear
 * (CLI69 lib/routes/configs.js, /custom_configs/fetch); whether production does, or masks or
 * leaves them out, is UNCONFIRMED. So:
 * - a secret getConfigs received is kept off the page and posted back when its field stays empty;
 * - a required secret it did not receive (absent, empty or masked) must be typed again;
 * - the optional SIGNL4 API key it did not receive, where one may be saved (it came masked, or the
 *   platform withheld the required secrets too), must be typed again or removed on purpose.
 */
import { SECURE_KEYS, type SecureKey } from './secure-keys.js';
import type { FieldProblem } from './settings-check.js';

export const REQUIRED_SECRETS: ReadonlyArray<SecureKey> = ['signl4_webhook', 'freshservice_api_key'];
const OPTIONAL_SECRET: SecureKey = 'signl4_api_key';

/** kept: received, posted back when the field stays empty; retype: saved but not received; none: nothing saved. */
export type SecretState = 'kept' | 'retype' | 'none';

export interface SavedSecrets {
  values: Partial<Record<SecureKey, string>>;
  states: Record<SecureKey, SecretState>;
}

export const NO_SAVED_SECRETS: SavedSecrets = { values: {}, states: { signl4_webhook: 'none', signl4_api_key: 'none', freshservice_api_key: 'none' } };

/** A masked placeholder ("••••", "******"): none of the three secrets contains these characters. */
const MASKED = /[*•●]/;

/** A value the page can post back as the saved secret. */
const usable = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '' && !MASKED.test(value);

/** The optional key: kept when received; else one may be saved when it came masked or the platform withheld the required ones. */
function optionalState(saved: Record<string, unknown>, values: Partial<Record<SecureKey, string>>): SecretState {
  if (values[OPTIONAL_SECRET] !== undefined) return 'kept';
  const withheld = REQUIRED_SECRETS.some((key) => values[key] === undefined);
  return withheld || MASKED.test(String(saved[OPTIONAL_SECRET] ?? '')) ? 'retype' : 'none';
}

/** What getConfigs received on Edit Settings (`saved` holds at least one setting). */
export function savedSecretsOf(saved: Record<string, unknown>): SavedSecrets {
  const values: Partial<Record<SecureKey, string>> = {};
  for (const key of SECURE_KEYS) {
    const value = saved[key];
    if (usable(value)) values[key] = value;
  }
  const required = (key: SecureKey): SecretState => (values[key] === undefined ? 'retype' : 'kept');
  return {
    values,
    states: { signl4_webhook: required('signl4_webhook'), freshservice_api_key: required('freshservice_api_key'), signl4_api_key: optionalState(saved, values) },
  };
}

/** The page's values with every kept secret whose field stays empty filled in (the removed API key left out). */
export function withKeptSecrets(raw: Record<string, unknown>, saved: SavedSecrets, removeApiKey: boolean): Record<string, unknown> {
  const values: Record<string, unknown> = { ...raw };
  for (const key of SECURE_KEYS) {
    const kept = saved.values[key];
    if (!(key in values) && kept !== undefined) values[key] = kept;
  }
  if (removeApiKey) delete values[OPTIONAL_SECRET];
  return values;
}

const RETYPE: Record<SecureKey, string> = {
  signl4_webhook:
    'Enter the webhook URL or team secret again (SIGNL4 portal → Integrations): the saved one did not reach this page, and saving without it would delete it.',
  freshservice_api_key:
    "Enter the app agent's API key again (its profile picture → Profile settings → Your API key): the saved one did not reach this page, and saving without it would delete it.",
  signl4_api_key:
    'If a SIGNL4 API key is saved, it did not reach this page: enter it again (SIGNL4: Integrations → API Keys), or tick "Remove the saved SIGNL4 API key" to save without one.',
};

/** The hint under a secure field on Edit Settings. */
export function keptHint(state: SecretState): string {
  if (state === 'kept') return 'Saved — leave empty to keep it.';
  return state === 'retype' ? 'Saved, but the saved value did not reach this page: enter it again.' : '';
}

/** A saved secret the page cannot post back and the admin has not typed again (nor removed, for the API key). */
export function retypeProblems(values: Record<string, unknown>, saved: SavedSecrets, removeApiKey: boolean): FieldProblem[] {
  return SECURE_KEYS.filter((key) => saved.states[key] === 'retype' && !(key in values) && !(key === OPTIONAL_SECRET && removeApiKey)).map((field) => ({
    field,
    message: RETYPE[field],
  }));
}
