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

async function errorAt(page: Page, field: string): Promise<string | null> {
  const visible = await page.isVisible(`#${field}-error`);
  return visible ? page.textContent(`#${field}-error`) : null;
}

async function shownErrors(page: Page): Promise<string[]> {
  return page.$$eval('.error:not([hidden])', (nodes) => nodes.map((node) => node.id.replace(/-error$/, '')));
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
  async function open(account: Account): Promise<Page> {
    const invoke = (name: string, payload: unknown): unknown => {
      account.methods.push(name);
      if (account.down) throw new FakeRejection({ status: 504, message: 'Timeout error while processing the request.' });
      if (name !== 'validateSettings') throw new FakeRejection({ status: 404, message: 'Requested function not found or registered' });
      return { requestID: 'r1', response: validateSettingsPayload(payload) };
    };
    const page = await pages.open('config/iparams.html', { invokeTemplate: account.handle, invoke });
    await page.waitForSelector('#settings-page[aria-busy="false"]');
    return page;
  }

  it('starts with the schema defaults filled in and the secrets empty', async function () {
    const p = await open(fakeAccount());
    assert.strictEqual(await p.inputValue('#filter_types'), 'Incident');
    assert.strictEqual(await p.inputValue('#close_on_statuses'), 'Resolved, Closed');
    assert.strictEqual(await p.inputValue('#status_on_acknowledge'), 'Open');
    assert.strictEqual(await p.inputValue('#alerting_scenario'), 'single_ack');
    assert.isTrue(await p.isChecked('input[name=filter_priorities][value=Urgent]'));
    assert.isFalse(await p.isChecked('input[name=filter_priorities][value=Low]'));
    assert.isTrue(await p.isChecked('#private_notes'));
    assert.strictEqual(await p.inputValue('#signl4_webhook'), '');
    assert.isTrue(await p.isHidden('#signl4_webhook-kept'));
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
    assert.strictEqual(await p.getAttribute('#signl4_webhook', 'aria-invalid'), 'true');
    assert.include((await p.getAttribute('#signl4_webhook', 'aria-describedby')) ?? '', 'signl4_webhook-error');
    assert.strictEqual(await p.textContent('#problem-summary-title'), '2 settings need attention');
    assert.lengthOf(account.calls, 0);
  });

  it('a good fill passes, loads the account choices and posts every setting with __meta.secure', async function () {
    const account = fakeAccount();
    const p = await open(account);
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await p.getByLabel('Agent groups').fill('Network');
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
    const statusChips = await p.$$eval('#close_on_statuses-choices .chip', (nodes) => nodes.map((n) => [n.textContent, n.getAttribute('aria-pressed')]));
    assert.deepInclude(statusChips, ['Waiting on Vendor', 'false']);
    assert.deepInclude(statusChips, ['Resolved', 'true']);
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
    await p.waitForSelector('#check-status[data-tone=ok]');
    assert.strictEqual(await validateOnce(p), true, 'good input, checked');
  });

  it('Install on an unchecked page says "Checking your settings…", then "All checks passed. Press Install again to save."', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    assert.strictEqual(await validateOnce(p), false);
    assert.strictEqual(await p.textContent('#check-status'), 'Checking your settings…');
    await p.waitForSelector('#check-status[data-tone=ok]');
    assert.strictEqual(await p.textContent('#check-status'), 'All checks passed. Press Install again to save.');
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
    await p.waitForSelector('#check-status[data-tone=ok]');
    assert.strictEqual(await p.textContent('#check-status'), 'All checks passed. Press Install to save.');
    assert.strictEqual(await validateOnce(p), true, 'Install saves at the first press');
    assert.sameMembers(keyCalls(account), ['setupFsTickets', 'setupFsAgents', 'setupFsGroups', 'setupFsTicketFormFields', 'setupFsUpdateProbe']);
    assert.isAbove(await p.locator('#close_on_statuses-choices .chip').count(), 0, 'the account choices loaded early');
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
    await p.waitForSelector('#note_closed-error:not([hidden])');
    assert.deepEqual((await shownErrors(p)).sort(), ['note_closed', 'signl4_webhook'], 'after Install, background checks keep the messages current');
    assert.strictEqual(await p.evaluate('document.activeElement.id'), 'note_closed', 'the focus stays where the admin types');
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
    await p.waitForSelector('#check-status[data-tone=ok]');
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

  it('a status mapping naming a status the account does not have is an error at that field', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await p.getByLabel('Ticket status when the Signl is closed').fill('Solved');
    assert.isFalse(await validate(p));
    assert.deepEqual(await shownErrors(p), ['status_on_close']);
    assert.match((await errorAt(p, 'status_on_close')) ?? '', /"Solved" is not a status in your Freshservice account\. Choose from: Open, Pending, Resolved, Closed, Waiting on Vendor\./);
  });

  it('custom statuses of the account are accepted, in any letter case', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await p.getByLabel('Ticket statuses that acknowledge the Signl').fill('pending, waiting on vendor');
    assert.isTrue(await validate(p));
  });

  it('the status choices toggle names in the list field', async function () {
    const p = await open(fakeAccount());
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await p.click('#check-freshservice-key');
    await p.waitForSelector('#acknowledge_on_statuses-choices .chip');
    await p.click('#acknowledge_on_statuses-choices .chip[data-name="Waiting on Vendor"]');
    assert.strictEqual(await p.inputValue('#acknowledge_on_statuses'), 'Pending, Waiting on Vendor');
    await p.click('#acknowledge_on_statuses-choices .chip[data-name="Pending"]');
    assert.strictEqual(await p.inputValue('#acknowledge_on_statuses'), 'Waiting on Vendor');
    assert.strictEqual(await p.getAttribute('#acknowledge_on_statuses-choices .chip[data-name="Pending"]', 'aria-pressed'), 'false');
  });

  it('names from the account are shown as text, never as HTML', async function () {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const p = await open(fakeAccount({ groups: [hostile], statuses: ['Open', hostile] }));
    await fillConnections(p, WEBHOOK, GOOD_KEY);
    await p.getByLabel('Ticket status when the Signl is closed').fill('Nope');
    assert.isFalse(await validate(p));
    assert.strictEqual(await p.locator('#filter_groups-choices .chip').first().textContent(), hostile);
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
    for (const secret of SECRETS) assert.strictEqual(await p.inputValue(`#${secret}`), '', `${secret} is not on the page`);
    for (const secret of SECRETS) assert.strictEqual(await p.textContent(`#${secret}-kept`), 'Saved — leave empty to keep it.');
    assert.isTrue(await p.isVisible('#freshservice_api_key-kept'));
    assert.strictEqual(await p.inputValue('#filter_groups'), 'Network, Service Desk');
    assert.isFalse(await p.isChecked('#forward_on_update'));
    assert.isFalse(await p.isChecked('input[name=filter_priorities][value=High]'));
    assert.strictEqual(await p.inputValue('#alerting_scenario'), 'multi_ack');
    assert.strictEqual(await p.inputValue('#note_escalated'), 'Escalated: {ticket}');
    assert.strictEqual(await p.inputValue('#note_closed'), 'Signl closed in SIGNL4 by {user}.');
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
    await p.waitForSelector('#check-status[data-tone=ok]');
    assert.strictEqual(await validateOnce(p), true);
    assert.deepEqual(account.methods, ['validateSettings']);
    assert.includeMembers(keyCalls(account), ['setupFsTickets', 'setupFsTicketFormFields'], 'the saved key loaded the account choices');
  });

  it('on edit, ticking "remove the saved SIGNL4 API key" posts an empty key and keeps the other secrets', async function () {
    const p = await open(fakeAccount());
    await p.evaluate(`window.getConfigs(${JSON.stringify(SAVED)})`);
    await p.getByLabel('Remove the saved SIGNL4 API key').check();
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
    await p.getByLabel('Remove the saved SIGNL4 API key').check();
    assert.isTrue(await validate(p));
    const configs = (await p.evaluate('window.postConfigs()')) as Record<string, unknown>;
    assert.include(configs, { signl4_webhook: WEBHOOK, freshservice_api_key: GOOD_KEY, signl4_api_key: '', alerting_scenario: 'multi_ack' });
  });

  it('"Send a test Signl" is labelled as a real alert and reports the SIGNL4 event id', async function () {
    const account = fakeAccount();
    const p = await open(account);
    assert.match((await p.textContent('#send-test-signl-help')) ?? '', /real alert/);
    await p.getByLabel('Webhook URL or team secret').fill(WEBHOOK);
    await p.click('#send-test-signl');
    await p.waitForSelector('#send-test-signl-result[data-tone=ok]');
    assert.match((await p.textContent('#send-test-signl-result')) ?? '', /Test Signl sent \(SIGNL4 event id evt-42\)/);
    const call = account.calls.find((c) => c.name === 'setupSignl4TestEvent');
    assert.deepEqual(call?.options.context, { secret: 'team-secret-1' });
    assert.strictEqual(JSON.parse(call?.options.body ?? '{}')['X-S4-AlertingScenario'], 'single_ack');
  });

  it('"Send a test Signl" with a secret SIGNL4 does not know says so (404)', async function () {
    const p = await open(fakeAccount());
    await p.getByLabel('Webhook URL or team secret').fill('unknown-secret');
    await p.click('#send-test-signl');
    await p.waitForSelector('#send-test-signl-result[data-tone=bad]');
    assert.match((await p.textContent('#send-test-signl-result')) ?? '', /SIGNL4 does not know this webhook secret/);
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

  it('is usable by keyboard: the summary links move focus to the field', async function () {
    const p = await open(fakeAccount());
    assert.isFalse(await validate(p));
    assert.strictEqual(await p.evaluate('document.activeElement.id'), 'problem-summary');
    await p.locator('#problem-summary-list a').first().focus();
    await p.keyboard.press('Enter');
    assert.strictEqual(await p.evaluate('document.activeElement.id'), 'signl4_webhook');
  });
});
