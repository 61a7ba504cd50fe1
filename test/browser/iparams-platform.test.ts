/**
 * Issue 7 end to end on the local platform (tools/platform) with the simulated Freshservice and
 * SIGNL4 (tools/simulators), as npm start runs them: the installation page's checks go through
 * the platform's real client (/__fdk/template with the installation-page rules, /__fdk/smi for
 * validateSettings on the built server.js) to the simulators. A new admin makes each mistake,
 * fixes it, installs; the diagnostics page is green; uninstall removes what install set up. Edit
 * Settings through the stage's Settings tab (which hands getConfigs every stored value and stores
 * what postConfigs() returns as the whole configuration, as the CLI does) keeps the secrets; when
 * getConfigs gets no secrets the page refuses to save and says why.
 */
import { assert } from 'chai';
import { isCrayonsUrl } from '../../tools/crayons/crayons-files.js';
import type { Page } from 'playwright-core';
import { createTicket } from '../../tools/stage/desk-data.js';
import type { StageSystem } from '../../tools/stage/start-system.js';
import { SIM_SECRETS } from '../../tools/stage/stage-settings.js';
import { Browser, requireChromium, startStage, type PageRecord } from './browser-harness.js';
import { chooseIn, sendTestSignl, until, validateAsOnInstall } from './iparams-harness.js';

const ADMIN_KEY = SIM_SECRETS.freshserviceApiKey;
const READONLY_KEY = 'fs-key-readonly-0101';
const REVOKED_KEY = 'fs-key-revoked-0102';
const WEBHOOK = `https://connect.signl4.com/webhook/${SIM_SECRETS.signl4TeamSecret}`;
const SECRETS = ['signl4_webhook', 'signl4_api_key', 'freshservice_api_key'];

/** Install as the platform presses it: validate() answers a boolean at once (see validateAsOnInstall). */
const validate = validateAsOnInstall;

/** Each field that shows a problem, with its message (a Crayons control's errorText). */
async function shownErrors(page: Page): Promise<Record<string, string>> {
  const pairs = await page.$$eval('[data-field].invalid', (nodes) =>
    nodes.map((n) => {
      const field = (n as HTMLElement).dataset['field'] ?? '';
      const control = document.getElementById(field) as (HTMLElement & { errorText?: string }) | null;
      return [field, control?.errorText ?? ''];
    }),
  );
  return Object.fromEntries(pairs);
}

/** Types into fw-input fields; picks (or adds) the name in a fw-select (chooseIn). */
async function fill(page: Page, values: Record<string, string>): Promise<void> {
  for (const [field, value] of Object.entries(values)) {
    const host = page.locator(`#${field}`).first();
    const input = host.locator('input:not([type=hidden])').first();
    if ((await host.evaluate((e) => e.tagName)) !== 'FW-SELECT') {
      await input.fill(value);
      continue;
    }
    await chooseIn(page, host, value);
  }
}

describe('installation and diagnostics pages on the local platform (browser, end to end)', function () {
  this.timeout(120_000);
  let system: StageSystem;
  let browser: Browser;
  let record: PageRecord;

  before(async function () {
    requireChromium();
    system = await startStage();
    system.fs.apiKeys.set(READONLY_KEY, { role: 'readonly' });
    system.fs.apiKeys.set(REVOKED_KEY, { role: 'revoked' });
    browser = await Browser.launch();
    // A new admin: the app is not installed yet.
    const removed = await system.platform.uninstall();
    assert.isTrue(removed.ok, 'the stage installs at start; start from an uninstalled app');
  });

  after(async function () {
    await browser?.close();
    await system?.close();
  });

  beforeEach(async function () {
    record = await browser.newPage({ width: 900, height: 900 });
  });

  afterEach(async function () {
    assert.deepEqual(record.errors, [], 'no page errors');
    assert.deepEqual(record.external.filter((url) => !isCrayonsUrl(url)), [], 'the page reached nothing but the platform and Crayons');
    await record.page.close();
  });

  async function openSettings(): Promise<Page> {
    const page = record.page;
    await page.goto(`${system.platform.baseUrl}/config/iparams.html`);
    await page.waitForSelector('#settings-page[aria-busy="false"]');
    return page;
  }

  /** A new admin fills the two connections on the installation page and installs. */
  async function installThroughPage(): Promise<void> {
    const page = await openSettings();
    await fill(page, { signl4_webhook: WEBHOOK, signl4_api_key: SIM_SECRETS.signl4ApiKey, freshservice_api_key: ADMIN_KEY });
    assert.isTrue(await validate(page), JSON.stringify(await shownErrors(page)));
    const installed = await system.reinstall((await page.evaluate('window.postConfigs()')) as Record<string, unknown>, 'settings tab');
    assert.isTrue(installed.ok, installed.message);
  }

  it('catches each bad input at its field through the real templates and server method, and stores nothing', async function () {
    const page = await openSettings();
    assert.isFalse(await validate(page), 'empty page');
    assert.hasAllKeys(await shownErrors(page), ['signl4_webhook', 'freshservice_api_key']);

    await fill(page, { signl4_webhook: `${WEBHOOK}/`, freshservice_api_key: REVOKED_KEY });
    assert.isFalse(await validate(page), 'trailing slash, revoked key');
    let errors = await shownErrors(page);
    assert.hasAllKeys(errors, ['signl4_webhook', 'freshservice_api_key']);
    assert.match(errors['signl4_webhook'] ?? '', /Remove the slash at the end\./);
    assert.match(errors['freshservice_api_key'] ?? '', /does not accept this API key/);

    await fill(page, { signl4_webhook: 'https://connect.signl4.example/webhook/team-secret-0001' });
    assert.isFalse(await validate(page), 'another host');
    assert.match((await shownErrors(page))['signl4_webhook'] ?? '', /points to connect\.signl4\.example, not connect\.signl4\.com/);

    await fill(page, { signl4_webhook: WEBHOOK });

    await fill(page, { freshservice_api_key: READONLY_KEY });
    assert.isFalse(await validate(page), 'read-only key');
    assert.match((await shownErrors(page))['freshservice_api_key'] ?? '', /may not edit tickets\. .*Agent roles/);

    system.fs.faults.next('GET /api/v2/tickets', { kind: '429', retryAfterSeconds: 30 });
    await fill(page, { freshservice_api_key: ADMIN_KEY });
    assert.isFalse(await validate(page), 'rate-limited check');
    assert.match((await shownErrors(page))['freshservice_api_key'] ?? '', /Try again in 30 s\./);

    await fill(page, { status_on_close: 'Solved', note_closed: 'Closed by {usr}.' });
    assert.isFalse(await validate(page), 'unknown status and placeholder');
    errors = await shownErrors(page);
    assert.hasAllKeys(errors, ['status_on_close', 'note_closed']);
    assert.match(errors['status_on_close'] ?? '', /^Ticket status when the Signl is closed: your Freshservice account has no status "Solved"\. Choose from: .*In progress/);

    await fill(page, { status_on_close: 'Closed', note_closed: 'Closed by {user}.', signl4_webhook: 'https://connect.signl4.com/webhook/unknown-team-0000' });
    assert.isTrue(await validate(page), 'a well-formed secret: only SIGNL4 can tell');
    assert.notInclude((await page.textContent('#check-status')) ?? '', 'All checks passed');
    assert.match(await sendTestSignl(page), /SIGNL4 does not know this webhook secret/);
    assert.isFalse(await validate(page), 'refused once SIGNL4 said it does not know it');
    assert.hasAllKeys(await shownErrors(page), ['signl4_webhook']);
    assert.match(errors['note_closed'] ?? '', /Unknown placeholder \{usr\}/);
    assert.isFalse(system.platform.installed, 'nothing was installed or stored');
  });

  it('a good fill installs; the diagnostics page is green; uninstall removes what install set up', async function () {
    const page = await openSettings();
    await fill(page, {
      signl4_webhook: WEBHOOK,
      signl4_api_key: SIM_SECRETS.signl4ApiKey,
      freshservice_api_key: ADMIN_KEY,
      status_on_acknowledge: 'In progress',
    });
    assert.isTrue(await validate(page), JSON.stringify(await shownErrors(page)));
    assert.match((await page.textContent('#freshservice_api_key-status')) ?? '', /The key works/);
    assert.isAbove(((await page.evaluate(`document.getElementById('close_on_statuses').options.length`)) as number), 4, 'statuses of the account, custom ones included');
    assert.include((await page.textContent('#check-status')) ?? '', 'the webhook secret is not proven until a test Signl arrives');

    const signlsBefore = system.s4.signls().length;
    const sent = await sendTestSignl(page);
    assert.match(sent, /SIGNL4 knows this secret/);
    const eventId = /SIGNL4 event id ([^)]+)\)/.exec(sent)?.[1];
    const signls = system.s4.signls();
    assert.lengthOf(signls, signlsBefore + 1, 'one real Signl was raised');
    assert.deepInclude(signls.map((signl) => [signl.eventId, signl.title]), [eventId, 'Test Signl from Freshservice']);

    assert.isTrue(await validate(page));
    assert.strictEqual(await page.textContent('#check-status'), 'All checks passed. Press Install again to save.', 'green only once the secret was proven');
    const configs = (await page.evaluate('window.postConfigs()')) as Record<string, unknown>;
    const installed = await system.reinstall(configs, 'settings tab');
    assert.isTrue(installed.ok, installed.message);
    // The stage registers the URL by hand at once (for a live demo); the app's scheduled attempt adopts that webhook.
    const hooks = (): string[] => [...system.s4.webhooks.values()].filter((h) => h.externalAddress === system.platform.externalEventUrl).map((h) => h.id);
    assert.lengthOf(hooks(), 1);
    await system.platform.advance(7 * 60_000);
    assert.lengthOf(hooks(), 1, 'the scheduled attempt adopted it rather than adding a second');
    assert.isNotEmpty(system.platform.schedules.list(), 'install set up the recurring schedule');

    await page.goto(`${system.platform.baseUrl}/app/diagnostics.html`);
    await page.waitForSelector('#dx-content:not([hidden])');
    assert.strictEqual((await page.textContent('#dx-health'))?.trim(), 'All settings valid.');
    assert.strictEqual(await page.inputValue('#dx-callback-url'), system.platform.externalEventUrl);
    assert.match((await page.textContent('#dx-callback')) ?? '', /Registered in SIGNL4 with your SIGNL4 API key/);
    assert.strictEqual(await page.textContent('#dx-queue'), 'The retry queue is empty: nothing is waiting.');

    const removed = await system.platform.uninstall();
    assert.isTrue(removed.ok);
    assert.isEmpty(system.platform.schedules.list(), 'the schedule is gone');
    assert.isEmpty(system.platform.db.keys(), 'the stored state is gone');
    assert.notInclude(
      [...system.s4.webhooks.values()].map((h) => h.externalAddress),
      system.platform.externalEventUrl,
      'the SIGNL4 registration is gone',
    );
  });

  it('Edit Settings changing one non-secret field keeps every secret, and a matching ticket is still forwarded to SIGNL4', async function () {
    if (system.platform.installed) assert.isTrue((await system.platform.uninstall()).ok);
    await installThroughPage();
    const secretsBefore = Object.fromEntries(SECRETS.map((key) => [key, system.platform.iparams[key]]));
    assert.deepEqual(secretsBefore, { signl4_webhook: WEBHOOK, signl4_api_key: SIM_SECRETS.signl4ApiKey, freshservice_api_key: ADMIN_KEY });

    // Edit Settings as the local host does it (the stage's Settings tab): getConfigs gets what
    // GET /stage/api/settings hands out, and what postConfigs() returns goes to POST /stage/api/settings.
    const page = await openSettings();
    const saved = await page.evaluate(`fetch('/stage/api/settings').then((r) => r.json()).then((body) => { window.getConfigs(body.values); return body.values; })`);
    assert.include(saved as Record<string, unknown>, secretsBefore, 'getConfigs gets every stored value, as the CLI hands them');
    assert.strictEqual(await page.evaluate(`document.getElementById('signl4_webhook').value`), '', 'the saved secret is not put on the page');
    assert.strictEqual(await page.textContent('#signl4_webhook-kept'), 'Saved — leave empty to keep it.');
    await fill(page, { note_acknowledged: 'Taken by {user} in SIGNL4.' });
    assert.isTrue(await validate(page), JSON.stringify(await shownErrors(page)));
    const answer = (await page.evaluate(`fetch('/stage/api/settings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ configs: window.postConfigs() }) }).then((r) => r.json())`)) as { ok: boolean; message: string };
    assert.isTrue(answer.ok, answer.message);
    assert.strictEqual(system.platform.iparams['note_acknowledged'], 'Taken by {user} in SIGNL4.');
    assert.deepEqual(Object.fromEntries(SECRETS.map((key) => [key, system.platform.iparams[key]])), secretsBefore, 'no secret was lost');

    const before = system.s4.signls().length;
    const created = await createTicket(system.fs, { subject: 'Core switch down after edit', priority: 'Urgent', type: 'Incident', group: '' });
    assert.isTrue(created.ok, created.message);
    await system.fs.whenIdle();
    await system.s4.whenIdle();
    await until(() => system.s4.signls().length > before, 'the Signl for the new ticket', 20_000);
    assert.include(system.s4.signls().map((signl) => signl.title).join('\n'), 'Core switch down after edit');
  });

  it('when getConfigs gets no secrets, the page refuses to save and says what to enter again; nothing is stored', async function () {
    if (!system.platform.installed) await installThroughPage();
    const stored = structuredClone(system.platform.iparams);
    const page = await openSettings();
    const withheld = Object.fromEntries(Object.entries(system.savedConfigs()).filter(([key]) => !SECRETS.includes(key)));
    await page.evaluate(`window.getConfigs(${JSON.stringify(withheld)})`);
    await fill(page, { note_closed: 'Closed by {user}.' });
    assert.isFalse(await validate(page));
    const errors = await shownErrors(page);
    assert.hasAllKeys(errors, SECRETS);
    assert.match(errors['signl4_webhook'] ?? '', /Enter the webhook URL or team secret again .*saving without it would delete it/);
    assert.match(errors['freshservice_api_key'] ?? '', /Enter the app agent's API key again/);
    const refused = (await page.evaluate(`(() => { try { return JSON.stringify(window.postConfigs()); } catch (e) { return 'refused: ' + e.message; } })()`)) as string;
    assert.match(refused, /^refused: Not saved\./);
    assert.deepEqual(system.platform.iparams, stored, 'nothing was stored');
  });
});
