/**
 * The installation page (custom settings page, docs/fdk-facts.md §2.3): config/iparams.html plus
 * this script, built to config/assets/iparams.js. The platform calls getConfigs, postConfigs and
 * validate, which the page declares as top-level functions in an inline script of iparams.html
 * (CLI69 lib/validations/iparam.js reads only those) and tools/build.ts appends the same script
 * to config/assets/iparams.js (Freshworks' FDK 10 sample declares them there; which one FDK 10
 * reads is UNCONFIRMED). Each delegates to this bundle's implementation under window.signl4Page:
 * - validate(): a plain boolean, answered at once, because whether the platform awaits a Promise
 *   from validate() is UNCONFIRMED (docs/fdk-facts.md §2.3; a Promise would be truthy and let
 *   unchecked settings be saved). true only when exactly what is on the page now was checked and
 *   every check passed. Otherwise it starts the checks (requests: the settings schema through the
 *   validateSettings server method, the Freshservice key and the account's names), shows
 *   "Checking your settings…" and returns false; when they end, the page shows each problem at its
 *   field, or that all checks passed and Install must be pressed again. The same checks run in the
 *   background while the admin edits (600 ms after the last change), so Install usually finds the
 *   page checked and validate() returns true on the first press.
 * - postConfigs(): the settings, with __meta.secure naming the three secrets. It is stored as the
 *   whole configuration (nothing merged), so it always carries the saved secrets (saved-secrets.ts)
 *   and throws rather than return a configuration without a required one.
 * - getConfigs(saved): pre-fills the page on Edit Settings and keeps the saved secrets it receives.
 * validateAsync() is a local and testing aid, not called by the FDK: validate(), then the outcome
 * of the checks it started (the stage page and the browser tests await it).
 * The controls are Crayons v4 components (crayons-controls.ts). What the checks found is shown per
 * check (check-report.ts): "All checks passed" only when the webhook secret was proven by a test
 * Signl on this page too; a well-formed secret SIGNL4 has not accepted yet is "not proven" (amber).
 */
import './iparams.css';
import { normaliseSettings } from '../../server/src/settings/normalise-settings.js';
import { checkAccountNames } from './account-names-check.js';
import { checkLines, summarise, type CheckFacts } from './check-report.js';
import { say, showCheckLines, toast } from './check-view.js';
import { renderChoices } from './choices-view.js';
import { allowTypedNames, controlOf, crayonsReady, type CrayonsControl } from './crayons-controls.js';
import { checkFreshserviceKey, type KeyCheck } from './freshservice-check.js';
import { fillForm, labelOf, readForm, SETTING_KEYS } from './form-io.js';
import { freshserviceHost, type IparamsClient } from './iparams-client.js';
import { KeyChecks } from './key-checks.js';
import { wordProblem } from './problem-wording.js';
import { clearProblem, showFieldProblem, showProblems } from './problems-view.js';
import { keptHint, NO_SAVED_SECRETS, REQUIRED_SECRETS, retypeProblems, savedSecretsOf, withKeptSecrets, type SavedSecrets } from './saved-secrets.js';
import { SECURE_KEYS, type SecureKey } from './secure-keys.js';
import { checkSettings, type FieldProblem, type InvokeMethod } from './settings-check.js';
import { sendTestSignl } from './signl4-test.js';
import { SnapshotChecks } from './snapshot-checks.js';
import { WebhookProofs } from './webhook-proofs.js';

/** What the top-level getConfigs/postConfigs/validate of iparams.html delegate to. */
interface PageImplementation {
  getConfigs: (configs?: unknown) => Promise<void>;
  postConfigs: () => Record<string, unknown>;
  validate: () => boolean;
  /** The inline script hands over the functions it declared: the page checks the platform finds them. */
  entryPoints: (declared: Record<string, unknown>) => void;
}

declare global {
  interface Window {
    signl4Page: PageImplementation;
    /** Local/testing aid (the stage page, browser tests): validate(), then the outcome of its checks. */
    validateAsync: () => Promise<boolean>;
  }
}

const NOT_CONNECTED = 'This page is not connected to Freshservice (the app client did not start). Reload the page and try again.';
const NO_CRAYONS = "This page's controls (Freshworks' Crayons, from cdn.jsdelivr.net) did not load. Check the connection and reload the page.";
const KEY_OK = 'The key works: its agent can view tickets, agents, groups and ticket fields, and edit tickets.';
const KEY_FIELD = 'freshservice_api_key';
const WEBHOOK_FIELD = 'signl4_webhook';
const STATUS = 'check-status';
const TEST_RESULT = 'send-test-signl-result';
/** Background checks start this long after the admin's last change. */
const BACKGROUND_DELAY_MS = 600;
/** How long the page waits for Crayons before it says the controls did not load. */
const CRAYONS_WAIT_MS = 15_000;
const CRAYONS_TAGS = ['fw-input', 'fw-select', 'fw-toggle', 'fw-button', 'fw-label', 'fw-spinner', 'fw-toast', 'fw-modal'];

const CHECKING = 'Checking your settings…';
const AFTER_INSTALL = 'Press Install again to save.';
const IN_BACKGROUND = 'Press Install to save.';

const state = {
  editing: false,
  /** Edit Settings: the secrets getConfigs handed over (kept off the page) and what the admin must type again. */
  saved: NO_SAVED_SECRETS as SavedSecrets,
  /** The admin pressed Install at least once: background checks then show problems too. */
  attempted: false,
  /** Counts validate() calls that started or joined a check; only the latest shows its outcome. */
  attempt: 0,
  background: undefined as ReturnType<typeof setTimeout> | undefined,
};

function connect(): Promise<IparamsClient | undefined> {
  if (typeof app === 'undefined') return Promise.resolve(undefined);
  return app.initialized().then(
    (client) => client as IparamsClient,
    () => undefined,
  );
}

const clientReady = connect();

/** Crayons is defined (true), or did not load in time (false). */
const controlsReady: Promise<boolean> = Promise.race([
  crayonsReady(CRAYONS_TAGS).then(() => true),
  new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CRAYONS_WAIT_MS)),
]);

function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
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

/** The five template calls for one key; a page that cannot reach the platform is worth asking again. */
async function runKeyCheck(apiKey: string): Promise<KeyCheck> {
  const client = await clientReady;
  const host = client === undefined ? undefined : await hostOf(client);
  if (client === undefined) return { ok: false, message: NOT_CONNECTED, retryInSeconds: 0 };
  if (host === undefined) return { ok: false, message: 'Could not tell which Freshservice account this is. Reload the page and try again.', retryInSeconds: 0 };
  const result = await checkFreshserviceKey((name, options) => client.request.invokeTemplate(name, options), host, apiKey, Date.now());
  if (result.ok) renderChoices(document, result.choices);
  return result;
}

const keyChecks = new KeyChecks(runKeyCheck);
const proofs = new WebhookProofs();

async function checkKeyShown(apiKey: string, fresh: boolean): Promise<KeyCheck> {
  say(document, `${KEY_FIELD}-status`, 'Checking the key with Freshservice…', 'busy');
  const result = await keyChecks.check(apiKey, fresh);
  say(document, `${KEY_FIELD}-status`, result.ok ? KEY_OK : '', result.ok ? 'ok' : '');
  return result;
}

type AccountFacts = Pick<CheckFacts, 'keyWorks' | 'namesUnchecked'> & { problems: FieldProblem[] };

/** The key works and has the permissions; then the names in the settings exist in the account. */
async function accountFacts(settings: Record<string, unknown>, schemaProblems: FieldProblem[], fresh: boolean): Promise<AccountFacts> {
  const apiKey = settings[KEY_FIELD];
  if (typeof apiKey !== 'string' || schemaProblems.some((p) => p.field === KEY_FIELD)) return { problems: [], keyWorks: undefined, namesUnchecked: undefined };
  const result = await checkKeyShown(apiKey, fresh);
  if (!result.ok) return { problems: [{ field: KEY_FIELD, message: result.message }], keyWorks: false, namesUnchecked: undefined };
  const names = checkAccountNames(settings, result.choices, label);
  return { problems: names.problems, keyWorks: true, namesUnchecked: names.unchecked };
}

interface FormSnapshot {
  /** JSON of what a check covers: the values, the saved secrets' states, the API key's removal, the webhook's proof. */
  key: string;
  /** The page's values with the kept secrets filled in: what is checked and posted. */
  values: Record<string, unknown>;
  removeApiKey: boolean;
}

function snapshot(): FormSnapshot {
  const removeApiKey = removeApiKeyTicked();
  const values = withKeptSecrets(readForm(document), state.saved, removeApiKey);
  const proof = proofs.of(values[WEBHOOK_FIELD]);
  return { key: JSON.stringify([state.editing, state.saved.states, removeApiKey, values, proof]), values, removeApiKey };
}

const retypeOf = (form: FormSnapshot): FieldProblem[] => retypeProblems(form.values, state.saved, form.removeApiKey);

/** What the checks of each snapshot found beyond its problems (for the per-check badges and the summary). */
const factsBySnapshot = new Map<string, CheckFacts>();

/** Every check of one snapshot; `fresh` (an explicit attempt) asks Freshservice again after a failed key check. */
async function allProblems(form: FormSnapshot, fresh: boolean): Promise<FieldProblem[]> {
  const client = await clientReady;
  if (client === undefined) return [{ field: '', message: NOT_CONNECTED }];
  const { values } = form;
  const retype = retypeOf(form);
  const settings = normaliseSettings(values);
  const schema = (await checkSettings(invokeMethodOf(client), settings)).filter((p) => !retype.some((r) => r.field === p.field));
  const worded = schema.map((p) => ({ field: p.field, message: wordProblem(p.field, p.message, values[p.field], label(p.field)) }));
  const account = await accountFacts(settings, schema, fresh);
  const webhook = proofs.of(values[WEBHOOK_FIELD]);
  const refused = webhook.state === 'refused' && !worded.some((p) => p.field === WEBHOOK_FIELD) ? [{ field: WEBHOOK_FIELD, message: webhook.message }] : [];
  const problems = [...retype, ...worded, ...refused, ...account.problems];
  factsBySnapshot.set(form.key, { problems, keyWorks: account.keyWorks, namesUnchecked: account.namesUnchecked, webhook });
  return problems;
}

const checks = new SnapshotChecks<FormSnapshot>(allProblems, () => [
  { field: '', message: 'The settings could not be checked. Press Install to try again.' },
]);

/** The facts of a finished check; a check that threw has only its problem. */
function factsOf(form: FormSnapshot, problems: FieldProblem[]): CheckFacts {
  const facts = factsBySnapshot.get(form.key);
  return facts?.problems === problems ? facts : { problems, keyWorks: undefined, namesUnchecked: undefined, webhook: proofs.of(form.values[WEBHOOK_FIELD]) };
}

function showOutcome(form: FormSnapshot, problems: FieldProblem[], next: string, focus: boolean): void {
  const facts = factsOf(form, problems);
  showProblems(document, SETTING_KEYS, problems, label, focus);
  showCheckLines(document, checkLines(facts));
  const summary = summarise(facts, next);
  say(document, STATUS, summary.text, summary.tone);
  if (focus) toast(document, summary.tone, summary.text);
}

/** The outcome of the checks Install started, if the page still holds what they checked. */
function showAttempt(form: FormSnapshot, attempt: number, problems: FieldProblem[]): void {
  if (attempt !== state.attempt || snapshot().key !== form.key) return;
  showOutcome(form, problems, AFTER_INSTALL, true);
}

/** The checks of what is on the page: undefined when all passed, else the run that checks it now. */
function attemptNow(): Promise<FieldProblem[]> | undefined {
  clearTimeout(state.background);
  const form = snapshot();
  if (checks.passed(form.key)) {
    showProblems(document, SETTING_KEYS, [], label, false);
    return undefined;
  }
  state.attempted = true;
  const attempt = ++state.attempt;
  say(document, STATUS, CHECKING, 'busy');
  const run = checks.start(form.key, form, true);
  run.then(
    (problems) => showAttempt(form, attempt, problems),
    () => undefined,
  );
  return run;
}

/** The platform's validate(): a boolean, at once (see the top of this file). */
function validate(): boolean {
  return attemptNow() === undefined;
}

/** Local/testing aid, not called by the FDK: validate(), then whether the checks it started passed. */
function validateAsync(): Promise<boolean> {
  const run = attemptNow();
  return run === undefined ? Promise.resolve(true) : run.then((problems) => problems.length === 0);
}

/** A background check ended: its outcome is said at once; problems at the fields only once the admin pressed Install. */
function showBackground(form: FormSnapshot, problems: FieldProblem[]): void {
  if (snapshot().key !== form.key) return;
  if (problems.length === 0 || state.attempted) {
    showOutcome(form, problems, IN_BACKGROUND, false);
    return;
  }
  showCheckLines(document, checkLines(factsOf(form, problems)));
  say(document, STATUS, '');
}

function checkInBackground(): void {
  const form = snapshot();
  if (checks.known(form.key)) return;
  checks.start(form.key, form, false).then(
    (problems) => showBackground(form, problems),
    () => undefined,
  );
}

/** An edit: what the page said about the checks is out of date; check again shortly. */
function onEdited(event: Event): void {
  const field = (event.target as HTMLElement).closest<HTMLElement>('[data-field]')?.dataset['field'];
  if (field !== undefined) clearProblem(document, field);
  if (field === KEY_FIELD) say(document, `${KEY_FIELD}-status`, '');
  if (field === WEBHOOK_FIELD) say(document, TEST_RESULT, '');
  say(document, STATUS, '');
  showCheckLines(document, undefined);
  scheduleCheck();
}

function removeApiKeyTicked(): boolean {
  return state.editing && controlOf(document, 'signl4_api_key_remove')?.checked === true;
}

/** Why postConfigs() cannot return a whole configuration now: a required secret neither typed nor kept. */
function unsavable(form: FormSnapshot): string[] {
  const retype = retypeOf(form);
  const required = REQUIRED_SECRETS.filter((key) => !(key in form.values) && !retype.some((r) => r.field === key));
  return [...retype.map((r) => r.message), ...required.map((key) => `${label(key)} is required.`)];
}

/**
 * The whole configuration to store: the settings on the page with the kept secrets filled in;
 * removing the SIGNL4 API key sends ''. The platform asks validate() first, which says false while
 * a required secret is missing; should it call postConfigs() anyway, this throws (the save fails
 * with the message) instead of storing a configuration that deletes the secret.
 */
function postConfigs(): Record<string, unknown> {
  const form = snapshot();
  const missing = unsavable(form);
  if (missing.length > 0) throw new Error(`Not saved. ${missing.join(' ')}`);
  const settings = normaliseSettings(form.values);
  if (form.removeApiKey) settings['signl4_api_key'] = '';
  return { ...settings, __meta: { secure: [...SECURE_KEYS] } };
}

function isSettingsObject(configs: unknown): configs is Record<string, unknown> {
  return configs !== null && typeof configs === 'object' && Object.keys(configs).some((key) => SETTING_KEYS.includes(key));
}

function showKeptHint(key: SecureKey): void {
  const hint = byId(`${key}-kept`);
  if (hint === null) return;
  hint.textContent = keptHint(state.saved.states[key]);
  hint.hidden = hint.textContent === '';
}

/**
 * Edit Settings: pre-fill what was saved. The saved secrets it receives stay off the page and are
 * posted back unless typed anew ("saved — leave empty to keep it"); one it did not receive must be
 * typed again (saved-secrets.ts). The saved settings are checked in the background at once, so
 * Save works at the first press. The controls are filled once Crayons has defined them.
 */
async function getConfigs(configs?: unknown): Promise<void> {
  state.editing = isSettingsObject(configs);
  const saved = state.editing ? (configs as Record<string, unknown>) : undefined;
  state.saved = saved === undefined ? NO_SAVED_SECRETS : savedSecretsOf(saved);
  for (const key of SECURE_KEYS) showKeptHint(key);
  const removeRow = byId('signl4_api_key_remove-row');
  if (removeRow !== null) removeRow.hidden = state.saved.states.signl4_api_key === 'none';
  await controlsReady;
  fillForm(document, saved);
  scheduleCheck();
}

/** The key typed, else the saved one getConfigs handed over ('' when neither). */
function typedKey(): string {
  const typed = controlOf(document, KEY_FIELD)?.value;
  return (typeof typed === 'string' ? typed.trim() : '') || (state.saved.values.freshservice_api_key ?? '');
}

/** Why the key cannot be checked now, if it cannot. */
async function cannotCheckKey(apiKey: string): Promise<string | undefined> {
  if ((await clientReady) === undefined) return NOT_CONNECTED;
  if (apiKey !== '') return undefined;
  return state.editing ? 'Enter the key again to check it: the saved one did not reach this page.' : 'Enter the API key first.';
}

/** "Check key" asks Freshservice (again, after a failure); leaving the field reuses what is known. */
async function onCheckKey(fresh: boolean): Promise<void> {
  const apiKey = typedKey();
  const unready = await cannotCheckKey(apiKey);
  if (unready !== undefined) {
    showFieldProblem(document, KEY_FIELD, undefined);
    say(document, `${KEY_FIELD}-status`, unready, 'bad');
    return;
  }
  const result = await checkKeyShown(apiKey, fresh);
  if (typedKey() === apiKey) showFieldProblem(document, KEY_FIELD, result.ok ? undefined : result.message);
  if (fresh) toast(document, result.ok ? 'ok' : 'bad', result.ok ? KEY_OK : result.message);
}

const keyCheckFailed = (): void => say(document, `${KEY_FIELD}-status`, 'The key could not be checked. Try again.', 'bad');

/** Leaving the key field checks the key (once per key value), so the choices load early. */
function onKeyLeft(): void {
  if (typedKey() !== '') onCheckKey(false).catch(keyCheckFailed);
}

function scheduleCheck(): void {
  clearTimeout(state.background);
  state.background = setTimeout(checkInBackground, BACKGROUND_DELAY_MS);
}

type TestSignlInput = { ready: true; client: IparamsClient; webhook: string } | { ready: false; message: string };

/** A client and a usable webhook, or why the test Signl cannot be sent with what the field holds. */
async function testSignlInput(client: IparamsClient | undefined, webhook: unknown): Promise<TestSignlInput> {
  if (client === undefined) return { ready: false, message: NOT_CONNECTED };
  if (typeof webhook !== 'string') {
    const again = 'Enter the webhook URL or secret again: the saved one did not reach this page.';
    return { ready: false, message: state.editing ? again : 'Enter the webhook URL or secret first.' };
  }
  const problems = await checkSettings(invokeMethodOf(client), { signl4_webhook: webhook });
  const problem = problems.find((p) => p.field === WEBHOOK_FIELD || p.field === '');
  if (problem === undefined) return { ready: true, client, webhook };
  return { ready: false, message: wordProblem(problem.field, problem.message, webhook, label(WEBHOOK_FIELD)) };
}

/** Sends the test Signl (after the admin confirmed): what SIGNL4 answers proves or refuses the secret. */
async function onTestSignl(): Promise<void> {
  const raw = snapshot().values;
  const input = await testSignlInput(await clientReady, raw[WEBHOOK_FIELD]);
  if (!input.ready) {
    say(document, TEST_RESULT, input.message, 'bad');
    return;
  }
  say(document, TEST_RESULT, 'Sending the test Signl…', 'busy');
  const { client, webhook } = input;
  const scenario = String(raw['alerting_scenario'] ?? 'single_ack');
  const result = await sendTestSignl((name, options) => client.request.invokeTemplate(name, options), webhook, scenario, Date.now());
  proofs.remember(webhook, result.proof);
  say(document, TEST_RESULT, result.message, result.ok ? 'ok' : 'bad');
  toast(document, result.ok ? 'ok' : 'bad', result.message);
  scheduleCheck();
}

interface ModalElement extends HTMLElement {
  open?: () => Promise<boolean>;
  close?: () => Promise<boolean>;
}

function askForTestSignl(): void {
  const modal = byId<ModalElement>('test-signl-confirm');
  if (modal?.open === undefined) {
    say(document, TEST_RESULT, NO_CRAYONS, 'bad');
    return;
  }
  modal.open().catch(() => undefined);
}

function onTestSignlConfirmed(): void {
  byId<ModalElement>('test-signl-confirm')?.close?.().catch(() => undefined);
  onTestSignl().catch(() => say(document, TEST_RESULT, 'The test Signl could not be sent. Try again.', 'bad'));
}

function toggleReveal(button: HTMLElement): void {
  const input = controlOf(document, button.dataset['reveal'] ?? '') as (CrayonsControl & { type?: string }) | undefined;
  if (input === undefined) return;
  const show = input.type === 'password';
  input.type = show ? 'text' : 'password';
  button.textContent = show ? 'Hide' : 'Show';
}

/** The visible text next to a fw-toggle switches it too (the toggle itself has the same words as its aria-label). */
function wireToggleLabels(): void {
  for (const text of document.querySelectorAll<HTMLElement>('[data-toggles]')) {
    text.addEventListener('click', () => {
      const toggle = controlOf(document, text.dataset['toggles'] ?? '');
      if (toggle !== undefined) toggle.checked = toggle.checked !== true;
    });
  }
}

function wire(): void {
  for (const button of document.querySelectorAll<HTMLElement>('fw-button[data-reveal]')) {
    button.addEventListener('fwClick', () => toggleReveal(button));
  }
  byId('check-freshservice-key')?.addEventListener('fwClick', () => {
    onCheckKey(true).catch(keyCheckFailed);
  });
  byId('send-test-signl')?.addEventListener('fwClick', askForTestSignl);
  byId('test-signl-confirm')?.addEventListener('fwSubmit', onTestSignlConfirmed);
  byId(KEY_FIELD)?.addEventListener('fwBlur', onKeyLeft);
  for (const control of document.querySelectorAll<CrayonsControl>('fw-select[data-creatable]')) allowTypedNames(control);
  wireToggleLabels();
  wireForm(byId('settings-form'));
}

/** Every edit (fwInput of fw-input, fwChange of fw-select and fw-toggle) schedules the background check; the form never submits. */
function wireForm(form: HTMLElement | null): void {
  if (form === null) return;
  form.addEventListener('fwInput', onEdited);
  form.addEventListener('fwChange', onEdited);
  form.addEventListener('submit', (event) => event.preventDefault());
}

async function start(): Promise<void> {
  const [, defined] = await Promise.all([clientReady, controlsReady]);
  if (!defined) say(document, STATUS, NO_CRAYONS, 'bad');
  else if (!state.editing) fillForm(document, undefined);
  byId('settings-page')?.setAttribute('aria-busy', 'false');
}

const PLATFORM_CALLS = ['getConfigs', 'postConfigs', 'validate'] as const;

/**
 * The inline script of iparams.html (appended to this bundle too) hands over the top-level
 * functions it declared. If the window holds other ones, the platform would not reach this page:
 * say so instead of a page whose Install silently does nothing.
 */
function entryPoints(declared: Record<string, unknown>): void {
  const astray = PLATFORM_CALLS.filter((name) => typeof declared[name] !== 'function' || (window as unknown as Record<string, unknown>)[name] !== declared[name]);
  if (astray.length > 0) say(document, STATUS, `This page is not set up correctly (${astray.join(', ')}): reinstall the app or tell its developer.`, 'bad');
}

Object.assign(window, { signl4Page: { getConfigs, postConfigs, validate, entryPoints } satisfies PageImplementation, validateAsync });
wire();
start().catch(() => undefined);
