/**
 * The installation page (custom settings page, fdk-platform.md §2.3): config/iparams.html plus
 * this script, built to config/assets/iparams.js. It defines the three globals the platform calls:
 * - validate(): runs every check and shows every problem at its field; resolves false when
 *   anything is wrong (then the platform stores nothing). It returns a Promise because the
 *   Freshservice key check is a request; whether the platform awaits it is UNCONFIRMED
 *   (fdk-platform.md §9), the local stage page does.
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
import { checkSchema, type FieldProblem } from './schema-check.js';
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

async function hostOf(client: IparamsClient): Promise<string | undefined> {
  try {
    return freshserviceHost(await client.data.get('currentHost'));
  } catch {
    return undefined;
  }
}

async function runKeyCheck(apiKey: string): Promise<KeyCheck> {
  const client = await clientReady;
  if (client === undefined) return { ok: false, message: NOT_CONNECTED };
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
function keyCheck(apiKey: string): Promise<KeyCheck> {
  if (state.verified?.apiKey === apiKey) return Promise.resolve({ ok: true, choices: state.verified.choices });
  const running = state.running.get(apiKey) ?? runKeyCheck(apiKey).finally(() => state.running.delete(apiKey));
  state.running.set(apiKey, running);
  return running;
}

function reportKeyCheck(result: KeyCheck): FieldProblem[] {
  say('freshservice_api_key-status', result.ok ? KEY_OK : '', result.ok ? 'ok' : '');
  return result.ok ? [] : [{ field: 'freshservice_api_key', message: result.message }];
}

/** The key works and has the permissions; then the names in the settings exist in the account. */
async function accountProblems(settings: Record<string, unknown>, schemaProblems: FieldProblem[]): Promise<FieldProblem[]> {
  const apiKey = settings['freshservice_api_key'];
  if (typeof apiKey !== 'string' || schemaProblems.some((p) => p.field === 'freshservice_api_key')) return [];
  state.shownKey = apiKey;
  say('freshservice_api_key-status', 'Checking the key with Freshservice…', 'busy');
  const result = await keyCheck(apiKey);
  const problems = reportKeyCheck(result);
  return result.ok ? checkAccountNames(settings, result.choices) : problems;
}

function keptSecrets(raw: Record<string, unknown>): Set<string> {
  return new Set(state.editing ? SECURE_KEYS.filter((key) => !(key in raw)) : []);
}

async function validatePage(): Promise<boolean> {
  const raw = readForm(document);
  const { settings, problems } = checkSchema(raw, keptSecrets(raw));
  const label = (field: string): string => labelOf(document, field);
  const worded = problems.map((p) => ({ field: p.field, message: wordProblem(p.field, p.message, raw[p.field], label(p.field)) }));
  const all = [...worded, ...(await accountProblems(settings, problems))];
  showProblems(document, SETTING_KEYS, all, label);
  return all.length === 0;
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
  return byId<HTMLInputElement>('freshservice_api_key')?.value.trim() ?? '';
}

async function onCheckKey(): Promise<void> {
  const apiKey = typedKey();
  if (apiKey === '') {
    showFieldProblem(document, 'freshservice_api_key', undefined);
    say('freshservice_api_key-status', state.editing ? 'Enter the key again to check it.' : 'Enter the API key first.', 'bad');
    return;
  }
  state.shownKey = apiKey;
  say('freshservice_api_key-status', 'Checking the key with Freshservice…', 'busy');
  const [problem] = reportKeyCheck(await keyCheck(apiKey));
  showFieldProblem(document, 'freshservice_api_key', problem?.message);
}

/** Leaving the key field checks a key that was not checked yet, so the choices load early. */
function onKeyChanged(): void {
  const apiKey = typedKey();
  if (apiKey !== '' && apiKey !== state.shownKey) void onCheckKey();
}

type TestSignlInput = { ready: true; client: IparamsClient; webhook: string } | { ready: false; message: string };

/** A usable webhook field and a client, or why the test Signl cannot be sent yet. */
function testSignlInput(client: IparamsClient | undefined, webhook: unknown): TestSignlInput {
  if (typeof webhook !== 'string') {
    const again = 'Enter the webhook URL or secret again: the saved one is not shown here.';
    return { ready: false, message: state.editing ? again : 'Enter the webhook URL or secret first.' };
  }
  const problem = checkSchema({ signl4_webhook: webhook }, new Set(['freshservice_api_key'])).problems[0];
  if (problem !== undefined) return { ready: false, message: wordProblem(problem.field, problem.message, webhook, labelOf(document, problem.field)) };
  return client === undefined ? { ready: false, message: NOT_CONNECTED } : { ready: true, client, webhook };
}

async function onTestSignl(): Promise<void> {
  const raw = readForm(document);
  const input = testSignlInput(await clientReady, raw['signl4_webhook']);
  if (!input.ready) {
    say('send-test-signl-result', input.message, 'bad');
    return;
  }
  say('send-test-signl-result', 'Sending the test Signl…', 'busy');
  const scenario = String(raw['alerting_scenario'] ?? 'single_ack');
  const { client, webhook } = input;
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

function wire(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-reveal]')) {
    button.addEventListener('click', () => toggleReveal(button));
  }
  byId('check-freshservice-key')?.addEventListener('click', () => void onCheckKey());
  byId('send-test-signl')?.addEventListener('click', () => void onTestSignl());
  byId('freshservice_api_key')?.addEventListener('change', onKeyChanged);
  byId('settings-form')?.addEventListener('input', (event) => {
    const target = event.target as HTMLElement;
    const field = target.closest<HTMLElement>('[data-field]')?.dataset['field'];
    if (field !== undefined) clearProblem(document, field);
  });
  byId('settings-form')?.addEventListener('submit', (event) => event.preventDefault());
}

Object.assign(window, { validate: validatePage, postConfigs, getConfigs });
fillForm(document, undefined);
wire();
void clientReady.then(() => byId('settings-page')?.setAttribute('aria-busy', 'false'));
