/**
 * The installation page (custom settings page, fdk-platform.md §2.3): config/iparams.html plus
 * this script, built to config/assets/iparams.js. It defines the three globals the platform calls:
 * - validate(): runs every check and shows every problem at its field; resolves false when
 *   anything is wrong (then the platform stores nothing). It returns a Promise because the checks
 *   are requests; whether the platform awaits it is UNCONFIRMED (fdk-platform.md §9); the local
 *   stage page does.
 * - postConfigs(): the settings, with __meta.secure naming the three secrets.
 * - getConfigs(saved): pre-fills the page on Edit Settings.
 */
import '../../styles/iparams.css';
import { normaliseSettings } from '../../../server/src/settings/normalise-settings.js';
import { checkAccountNames } from './account-names-check.js';
import { renderChoices } from './choices-view.js';
import { checkFreshserviceKey, type AccountChoices, type KeyCheck } from './freshservice-check.js';
import { fillForm, labelOf, readForm, SECURE_KEYS, SETTING_KEYS } from './form-io.js';
import { freshserviceHost, type IparamsClient } from './iparams-client.js';
import { wordProblem } from './problem-wording.js';
import { clearProblem, showFieldProblem, showProblems } from './problems-view.js';
import { checkSettings, type FieldProblem, type InvokeMethod } from './settings-check.js';
import { sendTestSignl } from './signl4-test.js';

declare global {
  interface Window {
    validate: () => Promise<boolean>;
    postConfigs: () => Record<string, unknown>;
    getConfigs: (configs?: unknown) => void;
  }
}

const NOT_CONNECTED = 'This page is not connected to Freshservice (the app client did not start). Reload the page and try again.';
const KEY_OK = 'The key works: its agent can view tickets, agents, groups and ticket fields, and edit tickets.';
const KEY_FIELD = 'freshservice_api_key';

const state = {
  editing: false,
  verified: undefined as { apiKey: string; choices: AccountChoices } | undefined,
  running: new Map<string, Promise<KeyCheck>>(),
  /** The key whose check result the page shows, so leaving the field unchanged does not check again. */
  shownKey: undefined as string | undefined,
};

function connect(): Promise<IparamsClient | undefined> {
  if (typeof app === 'undefined') return Promise.resolve(undefined);
  return app.initialized().then(
    (client) => client as IparamsClient,
    () => undefined,
  );
}

const clientReady = connect();

function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

function say(id: string, text: string, tone: 'ok' | 'bad' | 'busy' | '' = ''): void {
  const element = byId(id);
  if (element === null) return;
  element.textContent = text;
  element.dataset['tone'] = tone;
}

const label = (field: string): string => labelOf(document, field);

const invokeMethodOf =
  (client: IparamsClient): InvokeMethod =>
  (name, payload) =>
    client.request.invoke(name, payload);

async function hostOf(client: IparamsClient): Promise<string | undefined> {
  try {
    return freshserviceHost(await client.data.get('currentHost'));
  } catch {
    return undefined;
  }
}

async function runKeyCheck(client: IparamsClient, apiKey: string): Promise<KeyCheck> {
  const host = await hostOf(client);
  if (host === undefined) return { ok: false, message: 'Could not tell which Freshservice account this is. Reload the page and try again.' };
  const result = await checkFreshserviceKey((name, options) => client.request.invokeTemplate(name, options), host, apiKey, Date.now());
  if (result.ok) {
    state.verified = { apiKey, choices: result.choices };
    renderChoices(document, result.choices);
  }
  return result;
}

/** One check per key: a verified key is not checked again, and concurrent callers share a run. */
function keyCheck(client: IparamsClient, apiKey: string): Promise<KeyCheck> {
  if (state.verified?.apiKey === apiKey) return Promise.resolve({ ok: true, choices: state.verified.choices });
  const running = state.running.get(apiKey) ?? runKeyCheck(client, apiKey).finally(() => state.running.delete(apiKey));
  state.running.set(apiKey, running);
  return running;
}

async function checkKeyShown(client: IparamsClient, apiKey: string): Promise<KeyCheck> {
  state.shownKey = apiKey;
  say(`${KEY_FIELD}-status`, 'Checking the key with Freshservice…', 'busy');
  const result = await keyCheck(client, apiKey);
  say(`${KEY_FIELD}-status`, result.ok ? KEY_OK : '', result.ok ? 'ok' : '');
  return result;
}

/** The key works and has the permissions; then the names in the settings exist in the account. */
async function accountProblems(client: IparamsClient, settings: Record<string, unknown>, schemaProblems: FieldProblem[]): Promise<FieldProblem[]> {
  const apiKey = settings[KEY_FIELD];
  if (typeof apiKey !== 'string' || schemaProblems.some((p) => p.field === KEY_FIELD)) return [];
  const result = await checkKeyShown(client, apiKey);
  return result.ok ? checkAccountNames(settings, result.choices) : [{ field: KEY_FIELD, message: result.message }];
}

function keptSecrets(raw: Record<string, unknown>): Set<string> {
  return new Set(state.editing ? SECURE_KEYS.filter((key) => !(key in raw)) : []);
}

async function allProblems(client: IparamsClient, raw: Record<string, unknown>): Promise<FieldProblem[]> {
  const settings = normaliseSettings(raw);
  const schema = await checkSettings(invokeMethodOf(client), settings, keptSecrets(raw));
  const worded = schema.map((p) => ({ field: p.field, message: wordProblem(p.field, p.message, raw[p.field], label(p.field)) }));
  return [...worded, ...(await accountProblems(client, settings, schema))];
}

async function validatePage(): Promise<boolean> {
  const client = await clientReady;
  const problems = client === undefined ? [{ field: '', message: NOT_CONNECTED }] : await allProblems(client, readForm(document));
  showProblems(document, SETTING_KEYS, problems, label);
  return problems.length === 0;
}

function removeApiKey(): boolean {
  return state.editing && byId<HTMLInputElement>('signl4_api_key_remove')?.checked === true;
}

/**
 * The settings to store. A secure field left empty on Edit Settings is left out, which is meant
 * as "keep the saved value": UNCONFIRMED platform behaviour (fdk-platform.md §2.2 says only that
 * saved secure values are masked and not returned). Removing the SIGNL4 API key sends ''.
 */
function postConfigs(): Record<string, unknown> {
  const settings = normaliseSettings(readForm(document));
  if (removeApiKey()) settings['signl4_api_key'] = '';
  return { ...settings, __meta: { secure: [...SECURE_KEYS] } };
}

function isSettingsObject(configs: unknown): configs is Record<string, unknown> {
  return configs !== null && typeof configs === 'object' && Object.keys(configs).some((key) => SETTING_KEYS.includes(key));
}

/** Edit Settings: pre-fill what was saved; secure values stay off the page ("saved — leave empty to keep"). */
function getConfigs(configs?: unknown): void {
  state.editing = isSettingsObject(configs);
  fillForm(document, state.editing ? (configs as Record<string, unknown>) : undefined);
  for (const key of SECURE_KEYS) {
    const hint = byId(`${key}-kept`);
    if (hint !== null) hint.hidden = !state.editing;
  }
  const removeRow = byId('signl4_api_key_remove-row');
  if (removeRow !== null) removeRow.hidden = !state.editing;
}

function typedKey(): string {
  return byId<HTMLInputElement>(KEY_FIELD)?.value.trim() ?? '';
}

async function onCheckKey(): Promise<void> {
  const apiKey = typedKey();
  const client = await clientReady;
  if (apiKey === '' || client === undefined) {
    showFieldProblem(document, KEY_FIELD, undefined);
    const missing = state.editing ? 'Enter the key again to check it.' : 'Enter the API key first.';
    say(`${KEY_FIELD}-status`, client === undefined ? NOT_CONNECTED : missing, 'bad');
    return;
  }
  const result = await checkKeyShown(client, apiKey);
  showFieldProblem(document, KEY_FIELD, result.ok ? undefined : result.message);
}

/** Leaving the key field checks a key that was not checked yet, so the choices load early. */
function onKeyChanged(): void {
  const apiKey = typedKey();
  if (apiKey !== '' && apiKey !== state.shownKey) onCheckKey().catch(() => say(`${KEY_FIELD}-status`, 'The key could not be checked. Try again.', 'bad'));
}

type TestSignlInput = { ready: true; client: IparamsClient; webhook: string } | { ready: false; message: string };

/** A client and a usable webhook, or why the test Signl cannot be sent with what the field holds. */
async function testSignlInput(client: IparamsClient | undefined, webhook: unknown): Promise<TestSignlInput> {
  if (client === undefined) return { ready: false, message: NOT_CONNECTED };
  if (typeof webhook !== 'string') {
    const again = 'Enter the webhook URL or secret again: the saved one is not shown here.';
    return { ready: false, message: state.editing ? again : 'Enter the webhook URL or secret first.' };
  }
  const problems = await checkSettings(invokeMethodOf(client), { signl4_webhook: webhook }, new Set());
  const problem = problems.find((p) => p.field === 'signl4_webhook' || p.field === '');
  if (problem === undefined) return { ready: true, client, webhook };
  return { ready: false, message: wordProblem(problem.field, problem.message, webhook, label('signl4_webhook')) };
}

async function onTestSignl(): Promise<void> {
  const raw = readForm(document);
  const input = await testSignlInput(await clientReady, raw['signl4_webhook']);
  if (!input.ready) {
    say('send-test-signl-result', input.message, 'bad');
    return;
  }
  say('send-test-signl-result', 'Sending the test Signl…', 'busy');
  const { client, webhook } = input;
  const scenario = String(raw['alerting_scenario'] ?? 'single_ack');
  const result = await sendTestSignl((name, options) => client.request.invokeTemplate(name, options), webhook, scenario, Date.now());
  say('send-test-signl-result', result.message, result.ok ? 'ok' : 'bad');
}

function toggleReveal(button: HTMLButtonElement): void {
  const input = byId<HTMLInputElement>(button.dataset['reveal'] ?? '');
  if (input === null) return;
  const show = input.type === 'password';
  input.type = show ? 'text' : 'password';
  button.textContent = show ? 'Hide' : 'Show';
  button.setAttribute('aria-pressed', String(show));
}

function clearEdited(event: Event): void {
  const field = (event.target as HTMLElement).closest<HTMLElement>('[data-field]')?.dataset['field'];
  if (field !== undefined) clearProblem(document, field);
}

function wire(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-reveal]')) {
    button.addEventListener('click', () => toggleReveal(button));
  }
  byId('check-freshservice-key')?.addEventListener('click', () => {
    onCheckKey().catch(() => say(`${KEY_FIELD}-status`, 'The key could not be checked. Try again.', 'bad'));
  });
  byId('send-test-signl')?.addEventListener('click', () => {
    onTestSignl().catch(() => say('send-test-signl-result', 'The test Signl could not be sent. Try again.', 'bad'));
  });
  byId(KEY_FIELD)?.addEventListener('change', onKeyChanged);
  byId('settings-form')?.addEventListener('input', clearEdited);
  byId('settings-form')?.addEventListener('submit', (event) => event.preventDefault());
}

async function markReady(): Promise<void> {
  await clientReady;
  byId('settings-page')?.setAttribute('aria-busy', 'false');
}

Object.assign(window, { validate: validatePage, postConfigs, getConfigs });
fillForm(document, undefined);
wire();
markReady().catch(() => undefined);
