/// <reference lib="dom" />
/**
 * The sidebar end to end, as an agent meets it: the built app installed on the local platform,
 * the simulated Freshservice and SIGNL4 behind it, each state reached through the real flow
 * (product events, SIGNL4's answers and faults, phone-side actions, the retry schedule), each
 * action through its server method. Set S4_SCREENSHOTS=1 to refresh docs/screenshots/sidebar-*.png.
 */
import { assert } from 'chai';
import type { Page } from 'playwright-core';
import { createTicket, DESK_AGENT_ID } from '../../tools/stage/desk-data.js';
import { PHONE_USER_ID } from '../../tools/stage/phone-data.js';
import { SIM_SECRETS } from '../../tools/stage/stage-settings.js';
import type { StageSystem } from '../../tools/stage/start-system.js';
import { Browser, firstRenderMs, screenshot, requireChromium, startStage, type PageRecord } from './browser-harness.js';
import { isCrayonsUrl } from '../../tools/crayons/crayons-files.js';

const XSS = '<img src=x onerror=window.__pwned=1>';
const GRACE = 'Grace Hopper';
const GRACE_AGENT_ID = 21000000102;

describe('ticket sidebar end to end on the local platform', function () {
  let system: StageSystem;
  let browser: Browser;
  let tab: PageRecord;
  let page: Page;

  before(async function () {
    requireChromium();
    this.timeout(90_000);
    system = await startStage();
    browser = await Browser.launch();
  });

  after(async function () {
    await browser?.close();
    await system?.close();
  });

  beforeEach(async function () {
    if (browser === undefined) this.skip();
    // A fresh platform minute for each test, as an agent's clicks are minutes apart: the $db and
    // $request budgets (50 a minute) are the platform's, and these tests are not about them.
    await system.platform.advance(60_000);
    tab = await browser.newPage({ width: 300, height: 640 });
    page = tab.page;
  });

  /** The agent at the desk, as the stage's client.data.get('loggedInUser') names them. */
  function deskAgent(): string {
    const agent = system.fs.state.agents.get(DESK_AGENT_ID) as { first_name: string; last_name: string };
    return `${agent.first_name} ${agent.last_name}`;
  }

  afterEach(async function () {
    assert.deepEqual(tab?.errors ?? [], [], 'the page logged no errors');
    assert.isTrue((tab?.external ?? []).every(isCrayonsUrl), 'no third-party call but the Crayons CDN');
    await page?.close();
  });

  async function settle(): Promise<void> {
    await system.s4.whenIdle();
    await system.fs.whenIdle();
  }

  async function incident(subject: string, options: { priority?: string; rootCause?: string } = {}): Promise<number> {
    const answer = await createTicket(system.fs, { subject, priority: options.priority ?? 'Urgent', type: 'Incident', group: 'Service Desk', rootCause: options.rootCause ?? 'Relay crashed' });
    assert.isTrue(answer.ok, answer.message);
    await settle();
    return answer.id as number;
  }

  /** The ticket's Signls in SIGNL4, by the ticket id inside their external id (the view no longer carries it). */
  function signlsFor(ticketId: number): Array<{ id: string }> {
    return system.s4.signls().filter((signl) => new RegExp(`^FS-[a-z0-9-]+-${ticketId}-\\d+-`).test(signl.externalId ?? ''));
  }

  function signlOf(ticketId: number): string {
    const [signl] = signlsFor(ticketId);
    assert.isDefined(signl, `a Signl for ticket ${ticketId}`);
    return (signl as { id: string }).id;
  }

  async function open(ticketId: number, state: string): Promise<void> {
    await page.goto(`${system.platform.baseUrl}/app/index.html?ticket=${ticketId}`);
    await page.waitForSelector(`#s4-sidebar[data-state="${state}"]`);
    await page.evaluate(() => customElements.whenDefined('fw-button'));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('fw-button')).every((b) => b.classList.contains('hydrated')));
  }

  const stateText = (): Promise<string> => page.locator('#s4-state').innerText();

  it('offers "Page on-call now" for a ticket outside the filter, asks first, and pages through pageOnCall', async function () {
    await open(102, 'not_forwarded');
    assert.include(await stateText(), 'has not been sent to SIGNL4');
    await page.locator('#s4-state fw-button[data-action="explain"]').click();
    await page.locator('#s4-state .s4-detail', { hasText: /forwarding rules|before the SIGNL4 app was installed/ }).first().waitFor();
    await screenshot(page, 'sidebar-not-forwarded.png');
    const said = await stateText();
    assert.match(said, /It did not match the forwarding rules:\n+Priority is "[^"]+"; the rule forwards "Urgent", "High"\.|created before the SIGNL4 app was installed/);
    await page.getByRole('button', { name: /^Page on-call now/ }).click();
    await screenshot(page, 'sidebar-page-confirm.png');
    await page.getByRole('button', { name: 'Yes, page now' }).click();
    await page.waitForSelector('#s4-sidebar[data-state="open"]');
    assert.equal(await page.locator('#s4-outcome').innerText(), 'On-call has been paged: the Signl is on its way to the team.');
    await page.locator('fw-toast-message[type="success"]').first().waitFor();
    await settle();
    assert.lengthOf(signlsFor(102), 1);
  });

  it('shows a forwarded Urgent incident as open, and measures its first render', async function () {
    const id = await incident('Mail server down');
    await open(id, 'open');
    assert.include(await stateText(), 'The on-call team has been alerted.');
    assert.include(await page.locator('#s4-timeline').innerText(), 'Sent to SIGNL4');
    await screenshot(page, 'sidebar-open.png');
    const ms = await firstRenderMs(page);
    console.log(`      sidebar first render (local platform, getSignl over SMI): ${ms.toFixed(1)} ms`);
    assert.isBelow(ms, 3000);
  });

  it('acknowledges from the keyboard: Tab reaches the button, Enter runs acknowledgeSignl and SIGNL4 has it', async function () {
    const id = await incident('Disk full on db-2');
    await open(id, 'open');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-action')), 'acknowledge');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#s4-sidebar[data-state="acknowledged"]');
    assert.equal(await page.locator('#s4-outcome').innerText(), 'The Signl was acknowledged in SIGNL4, and a note on the ticket says so.');
    assert.match(await stateText(), new RegExp(`Acknowledged by ${deskAgent()} on `));
    await settle();
    assert.equal(system.s4.signl(signlOf(id))?.statusCode, 2);
    const notes = system.fs.notes(id).map((n) => String(n['body_text']));
    const note = notes.find((text) => text.startsWith(`Signl acknowledged in SIGNL4 by ${deskAgent()}.`));
    assert.isDefined(note, `the note names the agent: ${notes.join(' | ')}`);
    assert.match(note ?? '', /From the Freshservice ticket sidebar, \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    assert.lengthOf(notes.filter((text) => text.includes('acknowledged')), 1, 'SIGNL4\'s callback for the app\'s own change adds no second note');
  });

  it('shows who acknowledged on the phone and when; the ticket got a note, the agent and the status', async function () {
    const id = await incident('Payroll export stuck');
    await system.s4.acknowledge(signlOf(id), PHONE_USER_ID);
    await settle();
    await open(id, 'acknowledged');
    assert.match(await stateText(), new RegExp(`Acknowledged by ${GRACE} on `));
    await screenshot(page, 'sidebar-acknowledged.png');
    const ticket = system.fs.ticket(id) as { responder_id: number; status: number };
    assert.equal(ticket.responder_id, GRACE_AGENT_ID);
    assert.equal(system.fs.state.choiceName(system.fs.state.statuses, ticket.status), 'In progress');
    assert.include(system.fs.notes(id).map((n) => n['body_text']), `Signl acknowledged in SIGNL4 by ${GRACE}.`);
  });

  it('resolves from the sidebar through resolveSignl and SIGNL4 closes the Signl', async function () {
    const id = await incident('Badge readers offline');
    await system.s4.acknowledge(signlOf(id), PHONE_USER_ID);
    await settle();
    await open(id, 'acknowledged');
    await page.getByRole('button', { name: /^Resolve/ }).click();
    await page.getByRole('button', { name: 'Yes, resolve' }).click();
    await page.waitForSelector('#s4-sidebar[data-state="closed"]');
    assert.equal(await page.locator('#s4-outcome').innerText(), 'The Signl was resolved in SIGNL4, and a note on the ticket says so.');
    assert.isTrue(system.fs.notes(id).some((n) => String(n['body_text']).startsWith(`Signl closed in SIGNL4 by ${deskAgent()}.`)));
    await settle();
    assert.equal(system.s4.signl(signlOf(id))?.statusCode, 4);
  });

  it('shows who closed it on the phone, and a status Freshservice refused, in the timeline', async function () {
    const id = await incident('Wi-Fi down in hall B', { rootCause: '' });
    const signl = signlOf(id);
    await system.s4.acknowledge(signl, PHONE_USER_ID);
    await system.s4.close(signl, PHONE_USER_ID);
    await settle();
    await open(id, 'closed');
    assert.match(await stateText(), new RegExp(`Closed by ${GRACE} on `));
    const timeline = await page.locator('#s4-timeline').innerText();
    assert.include(timeline, 'Refused by Freshservice');
    assert.notInclude(timeline, 'root_cause', 'the field by its label, not its id');
    assert.include(timeline, 'Root cause');
    const help = await page.locator('#s4-help').innerText();
    assert.match(help, /WHAT YOU CAN DO NOW\s+Fill in Root cause on the ticket, then set its status yourself\./i);
    assert.match(help, /WHAT YOUR ADMIN MUST FIX\s+Freshservice needs Root cause before it closes a ticket/i);
    await screenshot(page, 'sidebar-closed.png');
  });

  it('shows a delivery SIGNL4 could not take yet as queued with the next attempt; the retry schedule delivers it', async function () {
    system.s4.faults.next('POST /webhook/:secret', { kind: '503' });
    const id = await incident('Storage array degraded');
    await open(id, 'queued');
    assert.match(await stateText(), /Next attempt: /);
    await screenshot(page, 'sidebar-queued.png');
    await system.platform.advance(15 * 60_000);
    await settle();
    await open(id, 'open');
  });

  it('explains a failed delivery and what to fix; "Retry delivery" sends it once fixed', async function () {
    system.s4.secrets.delete(SIM_SECRETS.signl4TeamSecret);
    let id: number;
    try {
      id = await incident('ERP login fails');
      await open(id, 'failed');
    } finally {
      system.s4.secrets.add(SIM_SECRETS.signl4TeamSecret);
    }
    const text = await stateText();
    assert.include(text, 'could not be delivered');
    assert.match(text, /Attempts so far: \d+\./);
    await screenshot(page, 'sidebar-failed.png');
    await page.getByRole('button', { name: /^Retry delivery/ }).click();
    await page.waitForSelector('#s4-sidebar[data-state="open"]');
    assert.isNotEmpty(await page.locator('#s4-outcome').innerText());
  });

  it('a Retry against a still-wrong secret shows failure and attempts 2, and the timeline names the retry', async function () {
    system.s4.secrets.delete(SIM_SECRETS.signl4TeamSecret);
    try {
      const id = await incident('VPN gateway refuses logins');
      await open(id, 'failed');
      assert.include(await stateText(), 'Attempts so far: 1.');
      await page.getByRole('button', { name: /^Retry delivery/ }).click();
      await page.waitForSelector('.s4-outcome--danger');
      assert.equal(await page.locator('#s4-outcome').innerText(), 'The retry failed: SIGNL4 still does not take the Signl. The sidebar says why.');
      assert.include(await stateText(), 'Attempts so far: 2.');
      assert.include(await page.locator('#s4-timeline').innerText(), `Retry from the ticket sidebar by ${deskAgent()} (attempt 2).`);
      await page.locator('fw-toast-message[type="error"]').first().waitFor();
      assert.lengthOf(await page.locator('fw-toast-message[type="success"]').all(), 0, 'no green toast');
      await screenshot(page, 'sidebar-retry-failed.png');
    } finally {
      system.s4.secrets.add(SIM_SECRETS.signl4TeamSecret);
    }
  });

  it('shows HTML in a ticket subject and in a SIGNL4 annotation as text, and runs none of it', async function () {
    const id = await incident(XSS);
    await system.s4.annotate(signlOf(id), PHONE_USER_ID, XSS);
    await settle();
    await open(id, 'open');
    assert.equal(await page.locator('.s4-ticket-subject').innerText(), XSS);
    assert.include(await page.locator('#s4-timeline').innerText(), XSS);
    assert.equal(await page.locator('#s4-sidebar img').count(), 1, 'only the logo is an image');
    assert.isUndefined(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned));
  });

  it('shows an error with "Try again" when the server method fails, never a blank panel', async function () {
    system.platform.faults.killNextHandlerAfterOps(0);
    await page.goto(`${system.platform.baseUrl}/app/index.html?ticket=101`);
    await page.waitForSelector('#s4-sidebar[data-state="error"]');
    assert.include(await stateText(), 'Could not load the SIGNL4 status.');
    assert.isTrue(await page.getByRole('button', { name: 'Try again' }).isVisible());
    await screenshot(page, 'sidebar-error.png');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForSelector('#s4-sidebar:not([data-state="error"]):not([data-state="loading"])');
  });
});
