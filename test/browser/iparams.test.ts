/**
 * The installation page (config/iparams.html + config/assets/iparams.js) in Chromium, filled the
 * way a new admin fills it, with the Freshservice and SIGNL4 setup templates answered by a fake
 * account in this file and the validateSettings server method by the app's own code (issue 7,
 * "Bad input": each mistake is one message at its field, and validate() says false so the
 * platform stores nothing). validate() answers a plain boolean at once; `validate(p)` below presses
 * Install as the platform would (validateAsOnInstall in the harness). iparams-platform.test.ts runs
 * the page on the local platform.
 */
import { assert } from 'chai';
import type { Page } from 'playwright-core';
import { validateSettingsPayload } from '../../server/src/methods/validate-settings-method.js';
import {
  AppPages,
  chooseIn,
  sendTestSignl,
  FakeRejection,
  screenshotFor,
  until,
  validateAsOnInstall,
  validateOnce,
  type TemplateCall,
  type TemplateReply,
} from './iparams-harness.js';
import { requireChromium } from './browser-harness.js';

const GOOD_KEY = 'fs-key-full-0001';
const READONLY_KEY = 'fs-key-readonly-0002';
const REVOKED_KEY = 'fs-key-revoked-0003';
const WEBHOOK = 'https://connect.signl4.com/webhook/team-secret-1';
const STATUSES = ['Open', 'Pending', 'Resolved', 'Closed', 'Waiting on Vendor'];

interface FakeAccount {
  /** The server methods fail as when the app cannot be reached. */
  methodsDown?: boolean;
  /** Every call answers 429 with this Retry-After (seconds). */
  rateLimitSeconds?: number;
  statuses?: string[];
  groups?: string[];
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): TemplateReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, response: JSON.stringify(body) };
}

function reject(status: number, body: unknown, headers: Record<string, string> = {}): never {
  throw new FakeRejection({ status, headers, response: JSON.stringify(body) });
}

function formFields(account: FakeAccount): unknown {
  const choices = (names: string[]): unknown[] => names.map((value, index) => ({ id: index + 2, value }));
  return {
    ticket_fields: [
      { name: 'source', label: 'Source', choices: choices(['Email', 'Portal', 'Phone', 'Alerts']) },
      { name: 'ticket_type', label: 'Type', choices: choices(['Incident', 'Service Request']) },
      { name: 'status', label: 'Status', choices: choices(account.statuses ?? STATUSES) },
    ],
  };
}

const READS: Record<string, (account: FakeAccount) => unknown> = {
  setupFsTickets: () => ({ tickets: [] }),
  setupFsAgents: () => ({ agents: [{ id: 1, email: 'app@acme.example' }] }),
  setupFsGroups: (account) => ({ groups: (account.groups ?? ['Network', 'Service Desk']).map((name, id) => ({ id, name })) }),
  setupFsTicketFormFields: formFields,
};

interface Account {
  calls: TemplateCall[];
  methods: string[];
  down: boolean;
  /** The account's behaviour; a test may change it between presses (e.g. lift a rate limit). */
  options: FakeAccount;
  handle: (call: TemplateCall) => TemplateReply;
}

/** A Freshservice account with a full key, a read-only key and a revoked one; and a SIGNL4 team. */
function fakeAccount(account: FakeAccount = {}): Account {
  const calls: TemplateCall[] = [];
  const methods: string[] = [];
  const handle = (call: TemplateCall): TemplateReply => {
    calls.push(call);
    if (call.name === 'setupSignl4TestEvent') {
      return call.options.context?.['secret'] === 'team-secret-1' ? json(201, { eventId: 'evt-42' }) : reject(404, { code: 3004, message: 'Error raising event.' });
    }
    if (account.rateLimitSeconds !== undefined) reject(429, { message: 'rate limited' }, { 'Retry-After': String(account.rateLimitSeconds) });
    const key = call.options.context?.['api_key'];
    if (key !== GOOD_KEY && key !== READONLY_KEY) reject(401, { code: 'invalid_credentials', message: 'Invalid credentials' });
    if (call.name === 'setupFsUpdateProbe') return key === GOOD_KEY ? reject(404, { code: 'access_denied' }) : reject(403, { code: 'access_denied' });
    const read = READS[call.name];
    return read === undefined ? reject(404, {}) : json(200, read(account));
  };
  return { calls, methods, down: account.methodsDown === true, options: account, handle };
}

const validate = validateAsOnInstall;

/** The Freshservice key-check calls made so far (not the test Signl). */
const keyCalls = (account: Account): string[] => account.calls.map((c) => c.name).filter((name) => name.startsWith('setupFs'));

/** The message a field shows (a Crayons control's errorText in its error state), or null. */
async function errorAt(page: Page, field: string): Promise<string | null> {
  return page.evaluate((key) => {
    const control = document.getElementById(key) as (HTMLElement & { state?: string; errorText?: string }) | null;
    if (control?.state === 'error') return control.errorText ?? '';
    const own = document.getElementById(`${key}-error`);
    return own !== null && !own.hidden ? own.textContent : null;
  }, field);
}

/** The fields that show a problem, in page order. */
async function shownErrors(page: Page): Promise<string[]> {
  return page.$$eval('[data-field].invalid', (nodes) => nodes.map((node) => (node as HTMLElement).dataset['field'] ?? ''));
}

/** A control's value as the page reads it: fw-input/fw-select `value`, fw-toggle `checked`. */
async function valueOf(page: Page, key: string): Promise<unknown> {
  return page.evaluate((id) => {
    const control = document.getElementById(id) as (HTMLElement & { value?: unknown; checked?: boolean }) | null;
    return control?.tagName === 'FW-TOGGLE' ? control.checked : control?.value;
  }, key);
}

/** Chooses (or types and adds) a name in the fw-select labelled `label` (chooseIn). */
async function choose(page: Page, label: string, name: string): Promise<void> {
  await chooseIn(page, page.locator('fw-select', { has: page.getByLabel(label, { exact: true }) }), name);
}

async function fillConnections(page: Page, webhook: string, key: string): Promise<void> {
  await page.getByLabel('Webhook URL or team secret').fill(webhook);
  await page.getByLabel("API key of the app's agent").fill(key);
}

describe('installation page (browser)', function () {
  let pages: AppPages;

  before(async function () {
    requireChromium();
    pages = await AppPages.start();
  });
  after(async function () {
    await pages.close();
  });

  /** Setup templates from the fake account; validateSettings answered by the app's own server method. */
  async function open(account: Account, viewport = { width: 900, height: 900 }): Promise<Page> {
    const invoke = (name: string, payload: unknown): unknown => {
      account.methods.push(name);
      if (account.down) throw new FakeRejection({ status: 504, message: 'Timeout error while processing the request.' });
      if (name !== 'validateSettings') throw new FakeRejection({ status: 404, message: 'Requested function not found or registered' });
      return { requestID: 'r1', response: validateSettingsPayload(payload) };
    };
    const page = await pages.open('config/iparams.html', { invokeTemplate: account.handle, invoke }, viewport);
    await page.waitForSelector('#settings-page[aria-busy="false"]');
    return page;
  }

  it('starts with the schema defaults filled in and the secrets empty', async function () {
    const p = await open(fakeAccount());
    assert.deepEqual(await valueOf(p, 'filter_types'), ['Incident']);
    assert.deepEqual(await valueOf(p, 'close_on_statuses'), ['Resolved', 'Closed']);
    assert.strictEqual(await valueOf(p, 'status_on_acknowledge'), 'Open');
    assert.strictEqual(await valueOf(p, 'alerting_scenario'), 'single_ack');
    assert.deepEqual(await valueOf(p, 'filter_priorities'), ['Urgent', 'High']);
    assert.isTrue(await valueOf(p, 'private_notes'));
    assert.strictEqual(await valueOf(p, 'signl4_webhook'), '');
    assert.isTrue(await p.isHidden('#signl4_webhook-kept'));
    assert.strictEqual(await p.locator('#check-list [data-state=pending]').count(), 4, 'nothing is shown as checked before a check ran');
    assert.deepEqual(pages.errors, [], 'the real Crayons loaded without errors');
    await screenshotFor(p, 'iparams-empty');
  });

  it('getConfigs, postConfigs and validate are the top-level functions of the inline script; the page checks the platform finds them', async function () {
    const p = await open(fakeAccount());
    const kinds = await p.evaluate(`['getConfigs', 'postConfigs', 'validate'].map((name) => [typeof window[name], Object.getOwnPropertyDescriptor(window, name)?.configurable])`);
    assert.deepEqual(kinds, [['function', false], ['function', false], ['function', false]], 'declared functions are non-configurable globals');
    assert.strictEqual(await p.textContent('#check-status'), '');
    await p.evaluate(`window.signl4Page.entryPoints({ getConfigs: () => undefined, postConfigs, validate })`);
    assert.match((await p.textContent('#check-status')) ?? '', /not set up correctly \(getConfigs\)/);
  });

  it('an empty page: both connections are required, each at its field, and nothing is checked remotely', async function () {
    const account = fakeAccount();
    const p = await open(account);
    assert.isFalse(await validate(p));
    assert.deepEqual((await shownErrors(p)).sort(), ['freshservice_api_key', 'signl4_webhook']);
    assert.match((await errorAt(p, 'signl4_webhook')) ?? '', /required/);
    assert.match((await errorAt(p, 'freshservice_api_key')) ?? '', /required/);
    const input = p.getByLabel('Webhook URL or team secret');
    // Crayons 4.2 renders aria-invalid as an empty attribute (Stencil writes `true` as ''); its message is tied by aria-describedby.
    assert.isNotNull(await input.getAttribute('aria-invalid'));
    assert.strictEqual(await input.getAttribute('aria-describedby'), 'error-signl4_webhook', 'the message is tied to the input');
    assert.strictEqual(await p.locator('#error-signl4_webhook').textContent(), await errorAt(p, 'signl4_webhook'));
    assert.strictEqual(await p.textContent('#problem-summary-title'), '2 settings need attention');
    assert.lengthOf(account.calls, 0);
  });

  it('a good fill passes, loads the account choices and posts every setting with __meta.secure', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await choose(p, 'Agent groups', 'Network');
    await p.getByLabel('Note when the Signl is acknowledged').fill('Acknowledged by {user} at {time} for {ticket}.');
    assert.isTrue(await validate(p));
    assert.deepEqual(await shownErrors(p), []);
    assert.isTrue(await p.isHidden('#problem-summary'));
    assert.match((await p.textContent('#freshservice_api_key-status')) ?? '', /The key works/);
    const configs = (await p.evaluate('window.postConfigs()')) as Record<string, unknown>;
    assert.deepEqual(configs['__meta'], { secure: ['signl4_webhook', 'signl4_api_key', 'freshservice_api_key'] });
    assert.strictEqual(configs['signl4_webhook'], WEBHOOK);
    assert.strictEqual(configs['freshservice_api_key'], GOOD_KEY);
    assert.notProperty(configs, 'signl4_api_key');
    assert.deepEqual(configs['filter_priorities'], ['Urgent', 'High']);
    assert.deepEqual(configs['filter_groups'], ['Network']);
    assert.deepEqual(configs['close_on_statuses'], ['Resolved', 'Closed']);
    assert.strictEqual(configs['forward_on_update'], true);
    assert.strictEqual(configs['note_acknowledged'], 'Acknowledged by {user} at {time} for {ticket}.');
    assert.sameMembers(
      account.calls.map((c) => c.name),
      ['setupFsTickets', 'setupFsAgents', 'setupFsGroups', 'setupFsTicketFormFields', 'setupFsUpdateProbe'],
    );
    assert.deepEqual(account.calls[0]?.options.context, { host: 'acme.freshservice.com', api_key: GOOD_KEY });
    const offered = (await p.evaluate(`document.getElementById('close_on_statuses').options.map((o) => [o.value, o.selected])`)) as unknown[];
    assert.deepInclude(offered, ['Waiting on Vendor', false], "the account's statuses are offered");
    assert.deepInclude(offered, ['Resolved', true]);
    assert.match((await p.textContent('#check-status')) ?? '', /No problem found, but the webhook secret is not proven until a test Signl arrives/);
    assert.notInclude((await p.textContent('#check-status')) ?? '', 'All checks passed');
    await p.evaluate('document.activeElement.blur()');
    await screenshotFor(p, 'iparams-ok');
  });

  it('a verified key is not checked again on the next validate()', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    assert.isTrue(await validate(p));
    const after = account.calls.length;
    assert.isTrue(await validate(p));
    assert.strictEqual(account.calls.length, after);
  });

  it('validate() answers a plain boolean at once in every case, never a Promise', async function () {
    const account = fakeAccount();
    const p = await open(account);
    assert.strictEqual(await validateOnce(p), false, 'empty page');
    assert.strictEqual(await validateOnce(p), false, 'while its checks still run');
    await p.waitForSelector('#check-status[data-tone=bad]');
    await fillConnections(p, `${WEBHOOK}/`, REVOKED_KEY);
    assert.strictEqual(await validateOnce(p), false, 'bad input');
    await p.waitForSelector('#check-status[data-tone=bad]');
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    assert.strictEqual(await validateOnce(p), false, 'good input, not checked yet');
    await p.waitForSelector('#check-status[data-tone=warn]');
    assert.strictEqual(await validateOnce(p), true, 'good input, checked');
  });

  it('Install on an unchecked page says "Checking your settings…" with a spinner, then "All checks passed. Press Install again to save." once a test Signl proved the secret', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await sendTestSignl(p);
    const pressed = (await p.evaluate(`(() => {
      const answer = window.validate();
      return [answer, document.getElementById('check-status').textContent, document.getElementById('check-spinner').hidden];
    })()`)) as [boolean, string, boolean];
    assert.deepEqual(pressed, [false, 'Checking your settings…', false], 'says it is checking, with the spinner shown');
    await p.waitForSelector('#check-status[data-tone=ok]');
    assert.strictEqual(await p.textContent('#check-status'), 'All checks passed. Press Install again to save.');
    assert.isTrue(await p.isHidden('#check-spinner'));
    assert.strictEqual(await p.getAttribute('#check-status', 'aria-live'), 'polite');
    const badges = await p.$$eval('#check-list [data-check]', (items) => items.map((i) => [(i as HTMLElement).dataset['check'], i.querySelector('fw-label')?.getAttribute('value')]));
    assert.deepEqual(badges, [['settings', 'Passed'], ['freshservice', 'Passed'], ['names', 'Passed'], ['webhook', 'Passed']]);
    assert.isTrue(await p.isVisible('#check-status'));
    assert.deepEqual(await shownErrors(p), []);
  });

  it('Install on a page with mistakes shows them at their fields once the checks end, and asks to fix them', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, READONLY_KEY);
    assert.strictEqual(await validateOnce(p), false);
    await p.waitForSelector('#check-status[data-tone=bad]');
    assert.deepEqual(await shownErrors(p), ['freshservice_api_key']);
    assert.strictEqual(await p.textContent('#check-status'), '1 setting needs attention (listed at the top of the page). Fix it, then press Install again.');
    assert.strictEqual(await validateOnce(p), false, 'pressing again without a fix still stores nothing');
  });

  it('an unchanged page that passed its checks: validate() says true at once, without any request', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    assert.isTrue(await validate(p));
    const [calls, methods] = [account.calls.length, account.methods.length];
    assert.strictEqual(await validateOnce(p), true);
    assert.strictEqual(await validateOnce(p), true);
    assert.strictEqual(account.calls.length, calls);
    assert.strictEqual(account.methods.length, methods);
  });

  it('an edit after the checks passed: validate() says false until the new contents are checked; the key is not checked again', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    assert.isTrue(await validate(p));
    const keyCallsBefore = keyCalls(account).length;
    await p.getByLabel('Note when the Signl is closed').fill('Closed by {user}.');
    assert.strictEqual(await validateOnce(p), false, 'the edited page is not checked yet');
    assert.isTrue(await validate(p));
    assert.strictEqual(await validateOnce(p), true);
    assert.lengthOf(keyCalls(account), keyCallsBefore, 'the unchanged key was not checked again');
    await p.getByLabel('Note when the Signl is closed').fill('Closed by {usr}.');
    assert.isFalse(await validate(p));
    assert.deepEqual(await shownErrors(p), ['note_closed']);
  });

  it('checks run in the background while the admin types, so the first Install press saves', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await p.getByLabel('Webhook URL or team secret').fill(WEBHOOK);
    await p.getByLabel("API key of the app's agent").pressSequentially(GOOD_KEY);
    await p.waitForSelector('#check-status[data-tone=warn]');
    assert.strictEqual(
      await p.textContent('#check-status'),
      'No problem found, but the webhook secret is not proven until a test Signl arrives (Send a test Signl). Press Install to save.',
    );
    assert.strictEqual(await validateOnce(p), true, 'Install saves at the first press');
    assert.sameMembers(keyCalls(account), ['setupFsTickets', 'setupFsAgents', 'setupFsGroups', 'setupFsTicketFormFields', 'setupFsUpdateProbe']);
    assert.include((await p.evaluate(`document.getElementById('close_on_statuses').options.map((o) => o.value)`)) as string[], 'Waiting on Vendor', 'the account choices loaded early');
  });

  it('background checks show no mistakes before the first Install press, and never take the focus', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await fillConnections(p, `${WEBHOOK}/`, GOOD_KEY);
    await until(() => account.methods.length > 0, 'the background check');
    await p.waitForSelector('#freshservice_api_key-status[data-tone=ok]');
    assert.deepEqual(await shownErrors(p), [], 'nothing shown while the admin is still filling the page');
    assert.isTrue(await p.isHidden('#problem-summary'));
    assert.isFalse(await validate(p));
    assert.deepEqual(await shownErrors(p), ['signl4_webhook']);
    const methods = account.methods.length;
    await p.getByLabel('Note when the Signl is closed').focus();
    await p.keyboard.type(' {usr}');
    await until(() => account.methods.length > methods, 'the background check after the edit');
    await p.waitForSelector('[data-field=note_closed].invalid');
    assert.deepEqual((await shownErrors(p)).sort(), ['note_closed', 'signl4_webhook'], 'after Install, background checks keep the messages current');
    assert.strictEqual(await p.evaluate('document.activeElement.id'), 'note_closed', 'the focus stays where the admin types (the fw-input host)');
  });

  it('a rate limit (429) during the check is asked again at the next Install press, not kept as the answer', async function () {
    const account = fakeAccount({ rateLimitSeconds: 37 });
    const p = await open(account);
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    assert.isFalse(await validate(p));
    assert.match((await errorAt(p, 'freshservice_api_key')) ?? '', /Try again in 37 s\./);
    const limited = keyCalls(account).length;
    const methods = account.methods.length;
    await p.getByLabel('Note when the Signl is closed').fill('Closed by {user}.');
    await until(() => account.methods.length > methods, 'the background check after the edit');
    assert.lengthOf(keyCalls(account), limited, 'no call to Freshservice in the background during Retry-After');
    delete account.options.rateLimitSeconds;
    assert.strictEqual(await validateOnce(p), false, 'the next press checks again');
    await p.waitForSelector('#check-status[data-tone=warn]');
    assert.strictEqual(await validateOnce(p), true);
    assert.deepEqual(await shownErrors(p), []);
    assert.lengthOf(keyCalls(account), limited + 5, 'the key was checked again, fully');
  });

  it('a wrong or revoked key (401) says so at the key field', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, REVOKED_KEY);
    assert.isFalse(await validate(p));
    assert.deepEqual(await shownErrors(p), ['freshservice_api_key']);
    assert.match((await errorAt(p, 'freshservice_api_key')) ?? '', /does not accept this API key: it is wrong or has been revoked/);
  });

  it('a key whose agent may not edit tickets (403) names the missing permission and the role to give', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, READONLY_KEY);
    assert.isFalse(await validate(p));
    assert.deepEqual(await shownErrors(p), ['freshservice_api_key']);
    const message = (await errorAt(p, 'freshservice_api_key')) ?? '';
    assert.match(message, /may not edit tickets/);
    assert.match(message, /Agent roles/);
  });

  it('a rate-limited check (429) asks to try again after Retry-After', async function () {
    const p = await open(fakeAccount({ rateLimitSeconds: 37 }));
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    assert.isFalse(await validate(p));
    assert.deepEqual(await shownErrors(p), ['freshservice_api_key']);
    assert.match((await errorAt(p, 'freshservice_api_key')) ?? '', /rate-limiting.*Try again in 37 s\./);
  });

  for (const [what, webhook, hint] of [
    ['of another host', 'https://hooks.example.com/webhook/team-secret-1', /points to hooks\.example\.com, not connect\.signl4\.com/],
    ['with a trailing slash', `${WEBHOOK}/`, /Remove the slash at the end\./],
    ['with spaces', 'https://connect.signl4.com/webhook/team secret', /Remove the spaces\./],
  ] as const) {
    it(`a SIGNL4 URL ${what} gets one message at the webhook field`, async function () {
      const p = await open(fakeAccount());
      await fillConnections(p, webhook, GOOD_KEY);
      assert.isFalse(await validate(p));
      assert.deepEqual(await shownErrors(p), ['signl4_webhook']);
      const message = (await errorAt(p, 'signl4_webhook')) ?? '';
      assert.match(message, hint);
      assert.match(message, /https:\/\/connect\.signl4\.com\/webhook\/<secret> or the bare secret/);
    });
  }

  it('several mistakes at once: every one at its own field, all listed in the summary', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, `${WEBHOOK}/`, REVOKED_KEY);
    await p.getByLabel('Note when the Signl is acknowledged').fill('Acknowledged by {agent}.');
    assert.isFalse(await validate(p));
    assert.deepEqual((await shownErrors(p)).sort(), ['freshservice_api_key', 'note_acknowledged', 'signl4_webhook']);
    const summary = await p.$$eval('#problem-summary-list a', (links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(summary, ['#signl4_webhook', '#freshservice_api_key', '#note_acknowledged'], 'in page order');
    await screenshotFor(p, 'iparams-errors');
  });

  it('a note text with an unknown placeholder names it at that note', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await p.getByLabel('Note when the Signl is closed').fill('Closed by {usr} at {time}.');
    assert.isFalse(await validate(p));
    assert.deepEqual(await shownErrors(p), ['note_closed']);
    const message = (await errorAt(p, 'note_closed')) ?? '';
    assert.match(message, /Unknown placeholder \{usr\}\./);
    assert.match(message, /\{user\}, \{time\}, \{ticket\}/);
  });

  it('the status "Done" and the ticket type "Outage", typed by the admin, are refused at their fields, each named by its label', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await p.waitForSelector('#freshservice_api_key-status[data-tone=ok]');
    await choose(p, 'Ticket status when the Signl is closed', 'Done');
    await choose(p, 'Ticket types', 'Outage');
    assert.strictEqual(await valueOf(p, 'status_on_close'), 'Done');
    assert.deepEqual(await valueOf(p, 'filter_types'), ['Incident', 'Outage']);
    assert.isFalse(await validate(p));
    assert.deepEqual(await shownErrors(p), ['filter_types', 'status_on_close']);
    assert.strictEqual(
      await errorAt(p, 'status_on_close'),
      'Ticket status when the Signl is closed: your Freshservice account has no status "Done". Choose from: Open, Pending, Resolved, Closed, Waiting on Vendor.',
    );
    assert.strictEqual(await errorAt(p, 'filter_types'), 'Ticket types: your Freshservice account has no ticket type "Outage". Choose from: Incident, Service Request.');
    const summary = await p.$$eval('#problem-summary-list a', (links) => links.map((a) => a.textContent ?? ''));
    assert.deepEqual(summary, [(await errorAt(p, 'filter_types')) ?? '', (await errorAt(p, 'status_on_close')) ?? ''], 'the summary names each field once');
    assert.notMatch(summary.join(' '), /status_on_close|filter_types/, 'never a field id');
    assert.strictEqual(await p.getAttribute('#check-list [data-check=names] fw-label', 'value'), 'Refused');
    assert.notInclude((await p.textContent('#check-status')) ?? '', 'passed');
  });

  it('a names check the account cannot answer (no ticket types listed) is "not checked", never passed', async function () {
    const account = fakeAccount();
    const p = await open({ ...account, handle: (call) => (call.name === 'setupFsTicketFormFields' ? json(200, { ticket_fields: [] }) : account.handle(call)) });
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await sendTestSignl(p);
    assert.isTrue(await validate(p));
    assert.strictEqual(await p.getAttribute('#check-list [data-check=names] fw-label', 'value'), 'Not proven');
    assert.match((await p.textContent('#check-status')) ?? '', /^No problem found, but the names in your account: not checked, Freshservice listed no ticket types and no statuses\./);
  });

  it('custom statuses of the account are accepted, in any letter case (saved settings)', async function () {
    const p = await open(fakeAccount());
    await p.evaluate(`window.getConfigs(${JSON.stringify({ signl4_webhook: WEBHOOK, freshservice_api_key: GOOD_KEY, acknowledge_on_statuses: 'pending, waiting on vendor' })})`);
    assert.isTrue(await validate(p));
    assert.sameMembers(((await valueOf(p, 'acknowledge_on_statuses')) as string[]).map((n) => n.toLowerCase()), ['pending', 'waiting on vendor']);
  });

  it("the status selects offer the account's statuses once the key is checked; choosing and removing one changes the list", async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await p.locator('#check-freshservice-key').click();
    await p.waitForSelector('#freshservice_api_key-status[data-tone=ok]');
    await choose(p, 'Ticket statuses that acknowledge the Signl', 'Waiting on Vendor');
    assert.deepEqual(await valueOf(p, 'acknowledge_on_statuses'), ['Pending', 'Waiting on Vendor']);
    await p.locator('#acknowledge_on_statuses fw-tag', { hasText: 'Pending' }).locator('.remove-btn, fw-icon').first().click();
    assert.deepEqual(await valueOf(p, 'acknowledge_on_statuses'), ['Waiting on Vendor']);
  });

  it('names from the account are shown as text, never as HTML', async function () {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const p = await open(fakeAccount({ groups: [hostile], statuses: ['Open', hostile] }));
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await p.waitForSelector('#freshservice_api_key-status[data-tone=ok]');
    await choose(p, 'Ticket status when the Signl is closed', 'Nope');
    assert.isFalse(await validate(p));
    assert.include((await p.evaluate(`document.getElementById('filter_groups').options.map((o) => o.text)`)) as string[], hostile);
    assert.include((await errorAt(p, 'status_on_close')) ?? '', hostile);
    assert.strictEqual(await p.locator('img').count(), 0);
    assert.isUndefined(await p.evaluate('window.__pwned'));
  });

  const SAVED = {
    signl4_webhook: WEBHOOK,
    signl4_api_key: 's4-api-key-1',
    freshservice_api_key: GOOD_KEY,
    filter_priorities: ['Urgent'],
    filter_groups: 'Network, Service Desk',
    forward_on_update: 'false',
    alerting_scenario: 'multi_ack',
    note_escalated: 'Escalated: {ticket}',
    close_on_statuses: ['Closed'],
  };
  const SECRETS = ['signl4_webhook', 'signl4_api_key', 'freshservice_api_key'];
  const nonSecure = Object.fromEntries(Object.entries(SAVED).filter(([key]) => !SECRETS.includes(key)));

  it('getConfigs pre-fills saved settings, keeps the secrets it received off the page and posts them back when left empty', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await p.evaluate(`window.getConfigs(${JSON.stringify(SAVED)})`);
    for (const secret of SECRETS) assert.strictEqual(await valueOf(p, secret), '', `${secret} is not on the page`);
    for (const secret of SECRETS) assert.strictEqual(await p.textContent(`#${secret}-kept`), 'Saved — leave empty to keep it.');
    assert.isTrue(await p.isVisible('#freshservice_api_key-kept'));
    assert.deepEqual(await valueOf(p, 'filter_groups'), ['Network', 'Service Desk']);
    assert.isFalse(await valueOf(p, 'forward_on_update'));
    assert.deepEqual(await valueOf(p, 'filter_priorities'), ['Urgent']);
    assert.strictEqual(await valueOf(p, 'alerting_scenario'), 'multi_ack');
    assert.strictEqual(await valueOf(p, 'note_escalated'), 'Escalated: {ticket}');
    assert.strictEqual(await valueOf(p, 'note_closed'), 'Signl closed in SIGNL4 by {user}.');
    await screenshotFor(p, 'iparams-edit-settings');
    await p.getByLabel('Note when the Signl is closed').fill('Closed by {user}.');
    assert.isTrue(await validate(p));
    assert.deepEqual(account.calls[0]?.options.context, { host: 'acme.freshservice.com', api_key: GOOD_KEY }, 'the saved key is checked');
    const configs = (await p.evaluate('window.postConfigs()')) as Record<string, unknown>;
    assert.strictEqual(configs['signl4_webhook'], WEBHOOK);
    assert.strictEqual(configs['signl4_api_key'], 's4-api-key-1');
    assert.strictEqual(configs['freshservice_api_key'], GOOD_KEY);
    assert.strictEqual(configs['note_closed'], 'Closed by {user}.');
    assert.deepEqual(configs['close_on_statuses'], ['Closed']);
    assert.strictEqual(configs['forward_on_update'], false);
  });

  it('on Edit Settings a secret typed anew replaces the saved one', async function () {
    const p = await open(fakeAccount());
    await p.evaluate(`window.getConfigs(${JSON.stringify(SAVED)})`);
    await p.getByLabel('Webhook URL or team secret').fill('https://connect.signl4.com/webhook/team-secret-2');
    assert.isTrue(await validate(p));
    const configs = (await p.evaluate('window.postConfigs()')) as Record<string, unknown>;
    assert.strictEqual(configs['signl4_webhook'], 'https://connect.signl4.com/webhook/team-secret-2');
    assert.strictEqual(configs['freshservice_api_key'], GOOD_KEY);
  });

  it('Edit Settings checks the saved settings (the saved key included) in the background, so Save works at the first press', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await p.evaluate(`window.getConfigs(${JSON.stringify({ ...SAVED, status_on_close: 'Closed' })})`);
    await p.waitForSelector('#check-status[data-tone=warn]');
    assert.include((await p.textContent('#check-status')) ?? '', 'the webhook secret is not proven until a test Signl arrives', 'a saved secret is not proven on this page either');
    assert.strictEqual(await validateOnce(p), true);
    assert.deepEqual(account.methods, ['validateSettings']);
    assert.includeMembers(keyCalls(account), ['setupFsTickets', 'setupFsTicketFormFields'], 'the saved key loaded the account choices');
  });

  it('on edit, ticking "remove the saved SIGNL4 API key" posts an empty key and keeps the other secrets', async function () {
    const p = await open(fakeAccount());
    await p.evaluate(`window.getConfigs(${JSON.stringify(SAVED)})`);
    await p.getByRole('switch', { name: 'Remove the saved SIGNL4 API key' }).click();
    assert.isTrue(await validate(p));
    const configs = (await p.evaluate('window.postConfigs()')) as Record<string, unknown>;
    assert.strictEqual(configs['signl4_api_key'], '');
    assert.strictEqual(configs['signl4_webhook'], WEBHOOK);
    assert.strictEqual(configs['freshservice_api_key'], GOOD_KEY);
  });

  it('when getConfigs receives no secrets (withheld or masked), the page refuses to save and says what to type again', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await p.evaluate(`window.getConfigs(${JSON.stringify({ ...nonSecure, signl4_webhook: '********' })})`);
    assert.match((await p.textContent('#signl4_webhook-kept')) ?? '', /did not reach this page: enter it again/);
    assert.isFalse(await validate(p));
    assert.deepEqual((await shownErrors(p)).sort(), ['freshservice_api_key', 'signl4_api_key', 'signl4_webhook']);
    assert.match((await errorAt(p, 'signl4_webhook')) ?? '', /Enter the webhook URL or team secret again .*saving without it would delete it/);
    assert.match((await errorAt(p, 'freshservice_api_key')) ?? '', /Enter the app agent's API key again/);
    assert.match((await errorAt(p, 'signl4_api_key')) ?? '', /enter it again .* or tick "Remove the saved SIGNL4 API key"/);
    assert.lengthOf(keyCalls(account), 0, 'no key to check');
    await screenshotFor(p, 'iparams-secrets-withheld');
    const refused = (await p.evaluate(`(() => { try { window.postConfigs(); return 'returned'; } catch (e) { return String(e.message); } })()`)) as string;
    assert.match(refused, /^Not saved\. Enter the webhook URL/, 'postConfigs never returns a configuration that would delete the secrets');

    await fillConnections(p, WEBHOOK, GOOD_KEY);
    assert.isFalse(await validate(p), 'the API key is still undecided');
    assert.deepEqual(await shownErrors(p), ['signl4_api_key']);
    await p.getByRole('switch', { name: 'Remove the saved SIGNL4 API key' }).click();
    assert.isTrue(await validate(p));
    const configs = (await p.evaluate('window.postConfigs()')) as Record<string, unknown>;
    assert.include(configs, { signl4_webhook: WEBHOOK, freshservice_api_key: GOOD_KEY, signl4_api_key: '', alerting_scenario: 'multi_ack' });
  });

  it('"Send a test Signl" is labelled as a real alert and reports the SIGNL4 event id', async function () {
    const account = fakeAccount();
    const p = await open(account);
    assert.match((await p.textContent('#send-test-signl-help')) ?? '', /real alert/);
    await p.getByLabel('Webhook URL or team secret').fill(WEBHOOK);
    await p.locator('#send-test-signl').click();
    // The modal opens with Crayons' animation: wait for it (a missing modal fails here after the timeout).
    await p.getByText('Send a real alert?').waitFor({ state: 'visible', timeout: 5000 });
    assert.isTrue(await p.getByText('Send a real alert?').isVisible(), 'the page asks before it rings the phones');
    assert.isUndefined(account.calls.find((c) => c.name === 'setupSignl4TestEvent'), 'nothing sent before the admin confirms');
    await p.locator('#test-signl-confirm').getByRole('button', { name: 'Send the test Signl' }).click();
    await p.waitForSelector('#send-test-signl-result[data-tone=ok]');
    assert.match((await p.textContent('#send-test-signl-result')) ?? '', /Test Signl sent \(SIGNL4 event id evt-42\): SIGNL4 knows this secret/);
    const call = account.calls.find((c) => c.name === 'setupSignl4TestEvent');
    assert.deepEqual(call?.options.context, { secret: 'team-secret-1' });
    assert.strictEqual(JSON.parse(call?.options.body ?? '{}')['X-S4-AlertingScenario'], 'single_ack');
  });

  it('"Send a test Signl" with a secret SIGNL4 does not know says so (404)', async function () {
    const p = await open(fakeAccount());
    await p.getByLabel('Webhook URL or team secret').fill('unknown-secret');
    await p.locator('#send-test-signl').click();
    await p.locator('#test-signl-confirm').getByRole('button', { name: 'Send the test Signl' }).click();
    await p.waitForSelector('#send-test-signl-result[data-tone=bad]');
    assert.match((await p.textContent('#send-test-signl-result')) ?? '', /SIGNL4 does not know this webhook secret/);
  });

  it('a well-formed but unknown webhook secret is never "All checks passed": "not proven" until a test Signl, then refused at its field', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await fillConnections(p, 'https://connect.signl4.com/webhook/unknown-secret-9', GOOD_KEY);
    assert.isTrue(await validate(p), 'the form is fine: only SIGNL4 can tell');
    const status = (await p.textContent('#check-status')) ?? '';
    assert.notInclude(status, 'All checks passed');
    assert.include(status, 'the webhook secret is not proven until a test Signl arrives');
    assert.strictEqual(await p.getAttribute('#check-status', 'data-tone'), 'warn', 'amber, not green');
    assert.strictEqual(await p.getAttribute('#check-list [data-check=webhook] fw-label', 'value'), 'Not proven');
    assert.strictEqual(await p.getAttribute('#check-list [data-check=webhook] fw-label', 'color'), 'yellow');
    assert.include((await p.textContent('#check-list [data-check=webhook]')) ?? '', 'Not proven until a test Signl arrives');
    await sendTestSignl(p);
    await p.waitForSelector('#send-test-signl-result[data-tone=bad]');
    assert.isFalse(await validate(p), 'once SIGNL4 said it does not know the secret, Install refuses it');
    assert.deepEqual(await shownErrors(p), ['signl4_webhook']);
    assert.match((await errorAt(p, 'signl4_webhook')) ?? '', /SIGNL4 does not know this webhook secret/);
    assert.strictEqual(await p.getAttribute('#check-list [data-check=webhook] fw-label', 'value'), 'Refused');
    await p.setViewportSize({ width: 1024, height: 768 });
    await screenshotFor(p, 'iparams-errors-1024');
    await p.getByLabel('Webhook URL or team secret').fill(WEBHOOK);
    assert.isTrue(await validate(p), 'a new secret is judged afresh');
    assert.include((await p.textContent('#check-status')) ?? '', 'not proven');
  });

  it('when the settings check cannot reach the app, validate() fails and says so instead of storing', async function () {
    const account = fakeAccount({ methodsDown: true });
    const p = await open(account);
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    assert.isFalse(await validate(p));
    assert.deepEqual(account.methods, ['validateSettings']);
    assert.strictEqual(
      await p.textContent('#problem-summary-list li'),
      'The settings could not be checked: Timeout error while processing the request. Try again in a moment.',
    );
  });

  it('keyboard only: Tab reaches every field and button in page order, a toggle switches with Space, and Install passes', async function () {
    const account = fakeAccount();
    const p = await open(account);
    const reached: string[] = [];
    let focusRing = 'not reached';
    await p.locator('body').focus();
    for (let step = 0; step < 60 && !reached.includes('send-test-signl-done'); step += 1) {
      await p.keyboard.press('Tab');
      const where = (await p.evaluate(`(() => {
        let e = document.activeElement;
        while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
        const host = document.activeElement;
        return (host && host.id) || (host && host.getAttribute('data-reveal') ? 'reveal-' + host.getAttribute('data-reveal') : host && host.tagName);
      })()`)) as string;
      if (reached.at(-1) !== where) reached.push(where);
      if (where === 'signl4_webhook') await p.keyboard.type(WEBHOOK);
      if (where === 'freshservice_api_key') await p.keyboard.type(GOOD_KEY);
      if (where === 'private_notes') {
        focusRing = (await p.evaluate(`getComputedStyle(document.getElementById('private_notes')).outlineStyle`)) as string;
        await p.keyboard.press('Space');
      }
      if (where === 'close_on_statuses') reached.push('send-test-signl-done');
    }
    assert.includeMembers(reached, [
      'signl4_webhook', 'reveal-signl4_webhook', 'signl4_api_key', 'send-test-signl', 'freshservice_api_key', 'check-freshservice-key',
      'filter_priorities', 'filter_types', 'forward_on_update', 'alerting_scenario', 'note_acknowledged', 'private_notes', 'assign_agent_on', 'status_on_close', 'close_on_statuses',
    ]);
    assert.isBelow(reached.indexOf('signl4_webhook'), reached.indexOf('freshservice_api_key'), 'in page order');
    assert.isFalse(await valueOf(p, 'private_notes'), 'Space switched the toggle');
    assert.strictEqual(focusRing, 'solid', 'a focused toggle shows where the focus is');
    assert.isTrue(await validate(p));
    assert.strictEqual((await p.evaluate('window.postConfigs()') as Record<string, unknown>)['private_notes'], false);
  });

  it('is usable by keyboard: the summary links move focus to the field', async function () {
    const p = await open(fakeAccount());
    assert.isFalse(await validate(p));
    assert.strictEqual(await p.evaluate('document.activeElement.id'), 'problem-summary');
    await p.locator('#problem-summary-list a').first().focus();
    await p.keyboard.press('Enter');
    assert.strictEqual(await p.evaluate('document.activeElement.id'), 'signl4_webhook');
    assert.strictEqual(await p.evaluate('document.activeElement.shadowRoot.activeElement.tagName'), 'INPUT', 'the input itself has the focus');
  });

  it('is usable at 1,024 px: nothing is wider than the window', async function () {
    const p = await open(fakeAccount(), { width: 1024, height: 768 });
    assert.isFalse(await validate(p));
    const overflow = (await p.evaluate('document.documentElement.scrollWidth')) as number;
    assert.isAtMost(overflow, 1024);
    await screenshotFor(p, 'iparams-empty-errors-1024');
  });
});
