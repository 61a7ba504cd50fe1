/// <reference lib="dom" />
/**
 * The npm start page, clicked through in Chromium: a ticket made on the desk becomes a Signl on the
 * phone; the phone's Acknowledge and Close come back as a note, an agent and a status on the ticket
 * and in the sidebar's frame; the log shows what crossed; the Settings tab re-installs through the
 * installation page's own validate()/postConfigs(). S4_SCREENSHOTS=1 refreshes docs/screenshots/stage.png.
 */
import { assert } from 'chai';
import type { FrameLocator, Page } from 'playwright-core';
import type { StageSystem } from '../../tools/stage/start-system.js';
import { Browser, screenshot, requireChromium, startStage, type PageRecord } from './browser-harness.js';

const SUBJECT = 'Mail server <b>down</b>';

describe('npm start stage page', function () {
  let system: StageSystem;
  let browser: Browser;
  let tab: PageRecord;
  let page: Page;
  let sidebar: FrameLocator;

  before(async function () {
    requireChromium();
    this.timeout(90_000);
    system = await startStage();
    browser = await Browser.launch();
    tab = await browser.newPage({ width: 1440, height: 1000 });
    page = tab.page;
    sidebar = page.frameLocator('#sidebar-frame');
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
    await settings.locator('#note_acknowledged').waitFor();
    await page.waitForFunction(() => {
      const frame = document.getElementById('settings-frame') as HTMLIFrameElement;
      return (frame.contentDocument?.getElementById('signl4_category') as HTMLInputElement | null)?.value === '{group}';
    });
    await settings.locator('#note_acknowledged').fill('Taken by {user} in SIGNL4.');
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
});
