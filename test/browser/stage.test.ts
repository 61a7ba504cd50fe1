/// <reference lib="dom" />
/**
 * The npm start page, clicked through in Chromium: a ticket made on the desk becomes a Signl on the
 * phone; the phone's Acknowledge and Close come back as a note, an agent and a status on the ticket
 * and in the sidebar's frame; the log shows what crossed, with no red line for what went right; the
 * Settings tab re-installs through the installation page's own validate()/postConfigs(); the tabs
 * switch (mouse and keys); each switch of the faults panel changes what the next action shows; the
 * frames run Crayons served by the stage itself; a port already taken is refused in words.
 * S4_SCREENSHOTS=1 refreshes docs/screenshots/stage.png, stage-faults.png and diagnostics-burst.png.
 */
import { assert } from 'chai';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { ROOT } from '../../tools/build.js';
import { CRAYONS_CDN, CRAYONS_PATH } from '../../tools/crayons/crayons-files.js';
import { PortInUseError } from '../../tools/stage/stage-port.js';
import { startSystem, type StageSystem } from '../../tools/stage/start-system.js';
import { Browser, SCREENSHOTS, requireChromium, startStage, type PageRecord } from './browser-harness.js';

const SUBJECT = 'Mail server <b>down</b>';

/** With S4_SCREENSHOTS=1: the whole page (the stage is taller than its window) into docs/screenshots/. */
async function screenshot(page: Page, file: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: join(ROOT, 'docs/screenshots', file), fullPage: true, animations: 'disabled', caret: 'hide' });
}

describe('npm start stage page', function () {
  let system: StageSystem;
  let browser: Browser;
  let tab: PageRecord;
  let page: Page;
  let sidebar: FrameLocator;
  const answered = new Map<string, number>();

  before(async function () {
    requireChromium();
    this.timeout(90_000);
    system = await startStage();
    browser = await Browser.launch();
    tab = await browser.newPage({ width: 1440, height: 1000 });
    page = tab.page;
    sidebar = page.frameLocator('#sidebar-frame');
    page.on('response', (response) => answered.set(response.url(), response.status()));
    await page.goto(system.url);
    await page.waitForSelector('#ticket-list button');
  });

  after(async function () {
    if (tab !== undefined) assert.deepEqual(tab.errors, [], 'the stage page logged no errors');
    await browser?.close();
    await system?.close();
  });

  beforeEach(async function () {
    if (browser === undefined) this.skip();
    await system.platform.advance(60_000);
  });

  // A test that fails with a fault on must not leave it on for the ones after it.
  afterEach(function () {
    for (const left of system?.faults.list().filter((f) => f.on) ?? []) system.faults.set(left.id, false);
  });

  it('turns an Urgent incident created on the desk into a Signl on the phone, and the sidebar shows it open', async function () {
    await page.fill('#new-ticket input[name="subject"]', SUBJECT);
    await page.selectOption('#new-ticket select[name="priority"]', 'Urgent');
    await page.selectOption('#new-ticket select[name="type"]', 'Incident');
    await page.click('#new-ticket button[type="submit"]');
    const card = page.locator('.signl', { hasText: SUBJECT });
    await card.waitFor();
    assert.equal(await card.getAttribute('data-status'), 'new');
    assert.include(await page.locator('#ticket-title').innerText(), SUBJECT, 'the subject shows as text');
    await sidebar.locator('#s4-sidebar[data-state="open"]').waitFor();
  });

  it('ends a phone acknowledgement as a note, an agent and a status on the ticket, and in the sidebar', async function () {
    await page.locator('.signl', { hasText: SUBJECT }).locator('[data-phone-action="acknowledge"]').click();
    await page.locator('.field', { hasText: 'Agent' }).getByText('Grace Hopper').waitFor();
    await page.waitForFunction(() => (document.querySelector('#ticket-view select[name="status"]') as HTMLSelectElement | null)?.value === 'In progress');
    await page.locator('.note-text', { hasText: 'Signl acknowledged in SIGNL4 by Grace Hopper.' }).waitFor();
    await sidebar.locator('#s4-sidebar[data-state="acknowledged"]').waitFor();
    assert.include(await sidebar.locator('#s4-state').innerText(), 'Acknowledged by Grace Hopper');
    const card = page.locator('.signl[data-status="acknowledged"]', { hasText: SUBJECT });
    await card.waitFor();
    const offered = await card.locator('[data-phone-action]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-phone-action')));
    assert.deepEqual(offered, ['close'], 'SIGNL4 offers no Acknowledge or Escalate on an acknowledged Signl (Annotate stays)');
    assert.equal(await card.getByRole('button', { name: 'Annotate' }).count(), 1);
  });

  it('shows an annotation from the phone as a note, and a close as Resolved with the sidebar closed', async function () {
    const card = page.locator('.signl', { hasText: SUBJECT });
    await card.locator('input[name="text"]').fill('Restarting the relay');
    await card.getByRole('button', { name: 'Annotate' }).click();
    await page.locator('.note-text', { hasText: 'Restarting the relay' }).waitFor();
    await page.locator('.signl', { hasText: SUBJECT }).locator('[data-phone-action="close"]').click();
    await sidebar.locator('#s4-sidebar[data-state="closed"]').waitFor();
    await page.waitForFunction(() => (document.querySelector('#ticket-view select[name="status"]') as HTMLSelectElement | null)?.value === 'Resolved');
    await page.waitForTimeout(1200);
    await page.evaluate(() => document.getElementById('toasts')?.replaceChildren());
    await screenshot(page, 'stage.png');
  });

  it('logs what crossed: the product event, the app\'s requests, SIGNL4\'s callbacks and the notes', async function () {
    const channels = await page.locator('#log li').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-channel')));
    for (const channel of ['event', 'request', 'callback', 'note']) assert.include(channels, channel);
    const text = await page.locator('#log').innerText();
    assert.include(text, 'onTicketCreate');
    assert.include(text, '201 status changed acknowledged by Grace Hopper');
    assert.notInclude(text, 'team-secret-0001', 'no secret in the log');
    const red = await page.locator('#log li[data-channel="error"]').allInnerTexts();
    assert.deepEqual(red, [], 'nothing went wrong, so no line is red');
  });

  it('changes status from the desk, which the app sends on to SIGNL4 as a product event', async function () {
    await page.fill('#new-ticket input[name="subject"]', 'Printer queue frozen');
    await page.click('#new-ticket button[type="submit"]');
    const card = page.locator('.signl', { hasText: 'Printer queue frozen' });
    await card.waitFor();
    await page.selectOption('#ticket-view select[name="status"]', 'Pending');
    await page.waitForFunction(() => document.querySelector('.signl[data-status="acknowledged"]') !== null);
    assert.equal(await card.getAttribute('data-status'), 'acknowledged');
  });

  it('saves from the Settings tab as Edit Settings does, through the installation page\'s validate() and postConfigs(), without a re-install', async function () {
    this.timeout(40_000);
    await page.click('#tab-settings');
    const settings = page.frameLocator('#settings-frame');
    await settings.getByLabel('Note when the Signl is acknowledged').waitFor();
    await page.waitForFunction(() => {
      const frame = document.getElementById('settings-frame') as HTMLIFrameElement;
      return (frame.contentDocument?.getElementById('signl4_category') as HTMLInputElement | null)?.value === '{group}';
    });
    await settings.getByLabel('Note when the Signl is acknowledged').fill('Taken by {user} in SIGNL4.');
    await page.click('#settings-save');
    const installs = system.platform.metrics.invocations.filter((i) => i.event === 'onAppInstall').length;
    await page.locator('#settings-result', { hasText: 'Saved: the app uses the new settings' }).waitFor({ timeout: 30_000 });
    assert.equal(system.platform.metrics.invocations.filter((i) => i.event === 'onAppInstall').length, installs, 'Edit Settings runs no install');
    assert.equal(system.platform.iparams['note_acknowledged'], 'Taken by {user} in SIGNL4.');
    assert.equal(system.platform.iparams['freshservice_api_key'], 'fs-key-0001', 'a saved secret left empty is posted back (the whole configuration is stored)');
    assert.isTrue(system.platform.installed);
  });

  it('shows the diagnostics page in its tab', async function () {
    await system.platform.advance(7 * 60_000); // the app registers its URL with the SIGNL4 API key minutes after install
    await page.click('#tab-diagnostics');
    const frame = page.frameLocator('#diagnostics-frame');
    await frame.locator('#dx-callback').waitFor();
    await page.waitForFunction(() => {
      const doc = (document.getElementById('diagnostics-frame') as HTMLIFrameElement).contentDocument;
      return (doc?.getElementById('dx-callback')?.textContent ?? '').includes('Registered in SIGNL4');
    });
    assert.isTrue(await page.locator('#panel-diagnostics').isVisible());
    await page.click('#tab-desk');
  });
  const fault = async (id: string, on: boolean): Promise<void> => {
    const row = page.locator(`[data-fault="${id}"]`);
    const toggle = row.getByRole('switch');
    if (on) await toggle.check();
    else await toggle.uncheck();
    await row.locator('.fault-state', { hasText: on ? 'On' : 'Off' }).waitFor();
    assert.equal(await row.evaluate((node) => node.classList.contains('on')), on);
  };
  const createUrgent = async (subject: string): Promise<void> => {
    await page.fill('#new-ticket input[name="subject"]', subject);
    await page.selectOption('#new-ticket select[name="priority"]', 'Urgent');
    await page.click('#new-ticket button[type="submit"]');
    await page.locator('#ticket-title', { hasText: subject }).waitFor();
  };
  const sidebarState = (state: string) => sidebar.locator(`#s4-sidebar[data-state="${state}"]`).waitFor();
  const refusedEvents = (): number => system.s4.requests.entries.filter((entry) => entry.path.startsWith('/webhook') && entry.status === 404).length;

  for (const [id, label, status, subject] of [['signl4-429', 'SIGNL4 throttles', 429, 'Throttled: VPN down'], ['signl4-503', 'SIGNL4 unavailable', 503, 'Unavailable: file share slow']] as const) {
    it(`with "${label}" on, a new Urgent ticket waits to be sent; off, the next attempt gets it through`, async function () {
      this.timeout(40_000);
      await fault(id, true);
      await createUrgent(subject);
      await sidebarState('queued');
      const answers = system.s4.requests.entries.filter((entry) => entry.path.startsWith('/webhook')).map((entry) => entry.status);
      assert.equal(answers.at(-1), status, `SIGNL4 answered ${status}`);
      assert.lengthOf(system.s4.signls().filter((signl) => signl.title.includes(subject)), 0);
      await fault(id, false);
      await system.platform.advance(2 * 60_000);
      await page.locator('.signl', { hasText: subject }).waitFor();
      await sidebarState('open');
    });
  }

  it('with "Wrong webhook secret" on, delivery fails and Retry fails again; off, Retry gets it through', async function () {
    this.timeout(40_000);
    await fault('wrong-secret', true);
    await createUrgent('Secret: badge readers offline');
    await sidebarState('failed');
    const refused = refusedEvents();
    await page.waitForTimeout(1200);
    await page.evaluate(() => {
      document.getElementById('toasts')?.replaceChildren();
      window.scrollTo(0, 0);
    });
    await screenshot(page, 'stage-faults.png');
    await sidebar.getByRole('button', { name: 'Retry delivery' }).click();
    for (let i = 0; i < 100 && refusedEvents() === refused; i += 1) await page.waitForTimeout(100);
    assert.equal(refusedEvents(), refused + 1, 'the retry reached SIGNL4, which refused the secret again');
    await sidebarState('failed');
    await fault('wrong-secret', false);
    await sidebar.getByRole('button', { name: 'Retry delivery' }).click();
    await page.locator('.signl', { hasText: 'badge readers' }).waitFor();
    await sidebarState('open');
  });

  it('with "Freshservice throttles" on, a phone acknowledgement waits for Freshservice; off, its note arrives', async function () {
    this.timeout(40_000);
    const notes = page.locator('.note-text', { hasText: 'Grace Hopper' });
    const before = await notes.count();
    await fault('freshservice-429', true);
    const card = page.locator('.signl', { hasText: 'badge readers' });
    await card.locator('[data-phone-action="acknowledge"]').click();
    await page.locator('#log li', { hasText: /App → Freshservice.*→ 429/ }).first().waitFor();
    assert.equal(await notes.count(), before, 'no note while Freshservice refuses');
    await fault('freshservice-429', false);
    await system.platform.advance(2 * 60_000);
    await page.waitForFunction((n) => Array.from(document.querySelectorAll('.note-text')).filter((note) => note.textContent?.includes('Grace Hopper')).length > n, before);
    await sidebarState('acknowledged');
  });

  it('with "Spent $db minute" on, the sidebar cannot read the ticket\'s state; off, a minute later it reads it again', async function () {
    this.timeout(40_000);
    // Waits for what the reload must show (a fixed pause is too short on a slow machine), then reads it.
    const reopen = async (shows: string): Promise<string> => {
      await page.locator('#ticket-list button[aria-current="true"]').click();
      const root = sidebar.locator(`#s4-sidebar${shows}`);
      await root.waitFor();
      return root.innerText();
    };
    const fresh = '[data-state="acknowledged"]:not([data-busy])';
    const before = await reopen(fresh);
    await fault('db-minute', true);
    const spent = await reopen('[data-state="acknowledged"][data-busy="true"]');
    assert.notEqual(spent, before, 'the sidebar says more than the state');
    assert.include(spent, 'The app is busy', 'it says the app is busy and shows the last known state');
    assert.include(spent, 'Acknowledged', 'the last known state stays on screen');
    assert.notInclude(spent, '$db', 'never the platform\'s words');
    await fault('db-minute', false);
    await system.platform.advance(60_000);
    assert.notInclude(await reopen(fresh), 'The app is busy');
  });

  it('serves Crayons itself at its jsDelivr path: the sidebar frame defines fw-button from there, with nothing fetched from the CDN', async function () {
    const frame = page.frames().find((f) => f.url().includes('/stage/frame/app/index.html'));
    if (frame === undefined) throw new Error('no sidebar frame');
    await frame.waitForFunction(() => customElements.get('fw-button') !== undefined);
    assert.equal(answered.get(`${new URL(system.url).origin}${CRAYONS_PATH}dist/crayons/crayons.esm.js`), 200);
    assert.deepEqual(tab.external.filter((url) => url.startsWith(CRAYONS_CDN)), [], 'the CDN was never asked');
  });

  it('switches tabs: Settings hides the desk and starts right under the tab bar; arrow keys, Home and End move along the tabs', async function () {
    await page.click('#tab-settings');
    assert.isFalse(await page.locator('#panel-desk').isVisible(), 'the desk is hidden');
    const panel = await page.locator('#panel-settings').boundingBox();
    const bar = await page.locator('.topbar').boundingBox();
    assert.isAtMost(Math.abs((panel?.y ?? 9999) - ((bar?.y ?? 0) + (bar?.height ?? 0))), 1, 'the settings page starts at the top');
    const selected = async (): Promise<string[]> => page.locator('[role="tab"][aria-selected="true"]').evaluateAll((tabs) => tabs.map((t) => `${t.id}:${(t as HTMLElement).tabIndex}`));
    const focused = (): Promise<string | undefined> => page.evaluate(() => document.activeElement?.id);
    assert.deepEqual(await selected(), ['tab-settings:0']);
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'tab-diagnostics');
    assert.isTrue(await page.locator('#panel-diagnostics').isVisible());
    assert.isFalse(await page.locator('#panel-settings').isVisible());
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'tab-desk', 'wraps around');
    await page.keyboard.press('End');
    assert.deepEqual(await selected(), ['tab-diagnostics:0']);
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await selected(), ['tab-settings:0']);
    await page.keyboard.press('Home');
    assert.deepEqual(await selected(), ['tab-desk:0']);
    assert.isTrue(await page.locator('#panel-desk').isVisible());
    assert.deepEqual(await page.locator('[role="tab"][tabindex="-1"]').evaluateAll((tabs) => tabs.map((t) => t.id)), ['tab-settings', 'tab-diagnostics']);
  });

  it('clears an old message on the Settings tab once the admin edits a field', async function () {
    this.timeout(40_000);
    await page.click('#tab-settings');
    const settings = page.frameLocator('#settings-frame');
    await settings.getByLabel('Note when the Signl is acknowledged').waitFor();
    await page.click('#settings-save');
    const result = page.locator('#settings-result');
    await result.filter({ hasText: 'Saved' }).waitFor({ timeout: 30_000 });
    await settings.getByLabel('Note when the Signl is acknowledged').fill('Taken by {user}.');
    await page.waitForFunction(() => document.getElementById('settings-result')?.textContent === '');
    await page.click('#tab-desk');
  });

  it('shows the README\'s "Try it" steps on the page', async function () {
    const steps = await page.locator('#try-it li').allInnerTexts();
    assert.isAtLeast(steps.length, 4);
    assert.include(steps[0], 'Create an Urgent incident');
    assert.isTrue(steps.some((step) => step.includes('Wrong webhook secret')));
  });

  it('shows Diagnostics during a burst of 25 Urgent tickets while SIGNL4 throttles', async function () {
    this.timeout(120_000);
    await fault('signl4-429', true);
    const origin = new URL(system.url).origin;
    for (let i = 1; i <= 25; i += 1) {
      const answer = await fetch(`${origin}/stage/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: `Burst ${i}: storage array degraded`, priority: 'Urgent', type: 'Incident', group: '' }) });
      assert.equal(answer.status, 201);
    }
    // The burst spent this minute's $db budget; Diagnostics reads in the next one, while SIGNL4 still throttles.
    await system.platform.advance(60_000);
    const dx = await browser.newPage({ width: 1366, height: 900 });
    try {
      await dx.page.clock.setFixedTime(system.platform.clock.now()); // the page's "in N minutes" counts from platform time
      await dx.page.goto(`${origin}/stage/frame/app/diagnostics.html`);
      await dx.page.locator('#dx-content').waitFor().catch(async (error: unknown) => {
        throw new Error(`${String(error)}; the page shows: ${await dx.page.locator('body').innerText()}`);
      });
      const waiting = dx.page.locator('#dx-queue tr', { hasText: /#\d+/ });
      // What the minute's $db budget let the events record waits in the queue (a queued send costs 4 operations:
      // claim, its refusal, the index read and entry); the sweep finds the rest in the minutes after.
      await waiting.nth(9).waitFor();
      assert.isAtLeast(await waiting.count(), 10, 'the burst waits in the retry queue');
      await screenshot(dx.page, 'diagnostics-burst.png');
      assert.deepEqual(dx.errors, []);
    } finally {
      await dx.page.close();
      await fault('signl4-429', false);
    }
  });

  it('refuses a port already taken with PortInUseError, naming the port and how to choose another', async function () {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const port = (taken.address() as AddressInfo).port;
    try {
      const error = await startSystem({ root: ROOT, clock: 'virtual', port }).then(() => undefined, (e: unknown) => e);
      assert.instanceOf(error, PortInUseError);
      assert.include((error as Error).message, `Port ${port} is already in use`);
      assert.include((error as Error).message, 'PORT=8081 npm start');
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
