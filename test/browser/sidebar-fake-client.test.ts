/// <reference lib="dom" />
/**
 * The sidebar against a fake FDK host whose server-method answers each test chooses: every state,
 * every action's client-side contract, progress and double-fire, failures, escaping, keyboard.
 * The same sidebar runs end to end against the local platform in sidebar-e2e.test.ts.
 */
import { assert } from 'chai';
import type { Page } from 'playwright-core';
import type { SignlState, SignlView } from '../../server/src/methods/view-types.js';
import { Browser, firstRenderMs, requireChromium, type PageRecord } from './browser-harness.js';
import { FakeHost, type FakeAnswer } from './fake-host.js';

const XSS = '<img src=x onerror=window.__pwned=1>';

function view(state: SignlState, extra: Partial<SignlView> = {}): SignlView {
  return { ticketId: 42, state, timeline: [], actions: [], ...extra };
}

const STATES: Record<SignlState, SignlView> = {
  not_forwarded: view('not_forwarded', { actions: ['page'] }),
  queued: view('queued', {
    delivery: { reason: 'SIGNL4 is busy (429).', fix: 'Nothing to do; the app retries.', attempts: 2, nextAttemptAt: '2026-03-01T09:10:00Z' },
    timeline: [{ at: '2026-03-01T09:00:00Z', kind: 'queued', text: 'Waiting for SIGNL4.' }],
  }),
  open: view('open', { forwardedAt: '2026-03-01T09:00:00Z', actions: ['acknowledge', 'resolve'], timeline: [{ at: '2026-03-01T09:00:00Z', kind: 'forwarded', text: 'Sent to the on-call team.' }] }),
  acknowledged: view('acknowledged', {
    forwardedAt: '2026-03-01T09:00:00Z',
    acknowledgedBy: 'Jane Doe',
    acknowledgedAt: '2026-03-01T09:05:00Z',
    actions: ['resolve'],
    timeline: [
      { at: '2026-03-01T09:00:00Z', kind: 'forwarded', text: 'Sent to the on-call team.' },
      { at: '2026-03-01T09:05:00Z', kind: 'acknowledged', text: 'Jane Doe acknowledged.' },
    ],
  }),
  closed: view('closed', { closedBy: 'Jane Doe', closedAt: '2026-03-01T10:30:00Z', actions: ['page'] }),
  failed: view('failed', {
    delivery: { reason: 'SIGNL4 does not know this team secret (3004).', fix: 'Ask your admin to check the SIGNL4 webhook in the app settings.', attempts: 5 },
    actions: ['retry'],
  }),
};

const HEADLINES: Record<SignlState, RegExp> = {
  not_forwarded: /has not been sent to SIGNL4/,
  queued: /Waiting to be delivered/,
  open: /on-call team has been alerted/,
  acknowledged: /Acknowledged by Jane Doe on 1 Mar 2026, 10:05/,
  closed: /Closed by Jane Doe on 1 Mar 2026, 11:30/,
  failed: /could not be delivered/,
};

describe('ticket sidebar with a fake FDK host', function () {
  let browser: Browser;
  let host: FakeHost;
  let tab: PageRecord;
  let page: Page;

  before(async function () {
    requireChromium();
    this.timeout(60_000);
    host = await new FakeHost().start();
    browser = await Browser.launch();
  });

  after(async function () {
    await browser?.close();
    await host?.close();
  });

  beforeEach(async function () {
    if (browser === undefined) this.skip();
    host.reset();
    host.ticket = { ticket: { id: 42, subject: 'Mail server down' } };
    tab = await browser.newPage();
    page = tab.page;
  });

  afterEach(async function () {
    assert.deepEqual(tab?.errors ?? [], [], 'the page logged no errors');
    await page?.close();
  });

  function answer(views: Partial<Record<string, FakeAnswer | (() => FakeAnswer | Promise<FakeAnswer>)>>): void {
    host.invoke = (name) => {
      const found = views[name];
      if (found === undefined) return { error: { status: 500, message: `unexpected ${name}` } };
      return typeof found === 'function' ? found() : found;
    };
  }

  async function open(expectState: string): Promise<void> {
    await page.goto(host.url);
    await page.waitForSelector(`#s4-sidebar[data-state="${expectState}"]`);
  }

  for (const [state, signl] of Object.entries(STATES) as Array<[SignlState, SignlView]>) {
    it(`shows the ${state} state in words, with only the actions the view offers`, async function () {
      answer({ getSignl: { response: signl } });
      await open(state);
      assert.match(await page.locator('#s4-state').innerText(), HEADLINES[state]);
      const offered = await page.locator('#s4-actions button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action')));
      assert.deepEqual(offered, signl.actions);
      assert.deepEqual(host.calls, [{ name: 'getSignl', payload: { ticketId: 42 } }]);
    });
  }

  it('explains a failed delivery: why, what to fix, how many attempts', async function () {
    answer({ getSignl: { response: STATES.failed } });
    await open('failed');
    const text = await page.locator('#s4-state').innerText();
    assert.include(text, 'SIGNL4 does not know this team secret (3004).');
    assert.include(text, 'Ask your admin to check the SIGNL4 webhook');
    assert.include(text, 'Attempts so far: 5.');
  });

  it('says when a queued delivery is next attempted, in the agent\'s locale and time zone', async function () {
    answer({ getSignl: { response: STATES.queued } });
    await open('queued');
    assert.include(await page.locator('#s4-state').innerText(), 'Next attempt: 1 Mar 2026, 10:10.');
  });

  it('lists the timeline newest first and keeps older entries behind a button', async function () {
    const timeline = Array.from({ length: 7 }, (_, i) => ({ at: `2026-03-01T09:0${i}:00Z`, kind: 'annotated' as const, text: `note ${i}` }));
    answer({ getSignl: { response: view('open', { timeline }) } });
    await open('open');
    assert.deepEqual(await page.locator('.s4-event-text').allInnerTexts(), ['note 6', 'note 5', 'note 4', 'note 3', 'note 2']);
    await page.getByRole('button', { name: 'Show 2 earlier events' }).click();
    assert.deepEqual(await page.locator('.s4-event-text').allInnerTexts(), ['note 6', 'note 5', 'note 4', 'note 3', 'note 2', 'note 1', 'note 0']);
  });

  it('says so in words when no ticket is open, and calls no server method', async function () {
    host.ticket = {};
    answer({});
    await open('empty');
    assert.include(await page.locator('#s4-state').innerText(), 'No ticket is open.');
    assert.lengthOf(host.calls, 0);
  });

  it('shows a load failure with a "Try again" button that recovers, never a blank panel', async function () {
    let failing = true;
    answer({ getSignl: () => (failing ? { error: { status: 502, message: '{"raw":"upstream"}' } } : { response: STATES.open }) });
    await open('error');
    const text = await page.locator('#s4-state').innerText();
    assert.include(text, 'Could not load the SIGNL4 status.');
    assert.include(text, 'The app ran into a problem. Try again in a moment.', 'a raw payload is replaced by words');
    failing = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForSelector('#s4-sidebar[data-state="open"]');
  });

  it('acknowledges through acknowledgeSignl, re-renders from the answer and reports the outcome twice', async function () {
    answer({ getSignl: { response: STATES.open }, acknowledgeSignl: { response: { view: STATES.acknowledged, message: 'Signl acknowledged.' } } });
    await open('open');
    await page.getByRole('button', { name: /^Acknowledge/ }).click();
    await page.waitForSelector('#s4-sidebar[data-state="acknowledged"]');
    assert.equal(await page.locator('#s4-outcome').innerText(), 'Signl acknowledged.');
    assert.deepEqual(host.calls[1], { name: 'acknowledgeSignl', payload: { ticketId: 42 } });
    assert.deepEqual(host.notices, [{ type: 'success', message: 'Signl acknowledged.' }]);
  });

  it('resolves through resolveSignl and retries through retryDelivery', async function () {
    answer({
      getSignl: { response: STATES.acknowledged },
      resolveSignl: { response: { view: STATES.closed, message: 'Signl resolved.' } },
    });
    await open('acknowledged');
    await page.getByRole('button', { name: /^Resolve/ }).click();
    await page.waitForSelector('#s4-sidebar[data-state="closed"]');
    answer({ getSignl: { response: STATES.failed }, retryDelivery: { response: { view: STATES.open, message: 'Delivered to SIGNL4.' } } });
    await open('failed');
    await page.getByRole('button', { name: /^Retry delivery/ }).click();
    await page.waitForSelector('#s4-sidebar[data-state="open"]');
    assert.deepEqual(host.calls.map((c) => c.name), ['getSignl', 'resolveSignl', 'getSignl', 'retryDelivery']);
  });

  it('asks before paging; Cancel and Escape send nothing, "Yes, page now" calls pageOnCall', async function () {
    answer({ getSignl: { response: STATES.not_forwarded }, pageOnCall: { response: { view: STATES.open, message: 'Paged the on-call team.' } } });
    await open('not_forwarded');
    const pageButton = page.getByRole('button', { name: /^Page on-call now/ });
    await pageButton.click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await pageButton.click();
    await page.keyboard.press('Escape');
    assert.isTrue(await pageButton.evaluate((b) => b === document.activeElement), 'focus returns to the button');
    assert.deepEqual(host.calls.map((c) => c.name), ['getSignl']);
    await pageButton.click();
    await page.getByRole('button', { name: 'Yes, page now' }).click();
    await page.waitForSelector('#s4-sidebar[data-state="open"]');
    assert.deepEqual(host.calls.map((c) => c.name), ['getSignl', 'pageOnCall']);
  });

  it('shows progress while an action runs and cannot be fired twice', async function () {
    let release: (answer: FakeAnswer) => void = () => undefined;
    const held = new Promise<FakeAnswer>((resolve) => (release = resolve));
    answer({ getSignl: { response: STATES.open }, acknowledgeSignl: () => held });
    await open('open');
    const button = page.locator('[data-action="acknowledge"]');
    await button.click();
    await page.waitForFunction(() => document.querySelector('[data-action="acknowledge"]')?.textContent === 'Acknowledging…');
    assert.isTrue(await button.isDisabled());
    assert.isTrue(await page.locator('[data-action="resolve"]').isDisabled(), 'other actions wait too');
    await button.dispatchEvent('click');
    await page.locator('[data-action="resolve"]').dispatchEvent('click');
    release({ response: { view: STATES.acknowledged, message: 'Signl acknowledged.' } });
    await page.waitForSelector('#s4-sidebar[data-state="acknowledged"]');
    assert.deepEqual(host.calls.map((c) => c.name), ['getSignl', 'acknowledgeSignl']);
  });

  it('reports a failed action inline and as a notification, and lets the agent try again', async function () {
    answer({ getSignl: { response: STATES.open }, acknowledgeSignl: { error: { status: 429, message: '' } } });
    await open('open');
    await page.getByRole('button', { name: /^Acknowledge/ }).click();
    await page.waitForSelector('.s4-outcome--danger');
    const expected = 'Could not acknowledge the Signl. Too many requests right now. Wait a minute and try again.';
    assert.equal(await page.locator('#s4-outcome').innerText(), expected);
    assert.deepEqual(host.notices, [{ type: 'danger', message: expected }]);
    assert.equal(await page.locator('#s4-sidebar').getAttribute('data-state'), 'open', 'the state stays on screen');
    assert.isFalse(await page.locator('[data-action="acknowledge"]').isDisabled());
  });

  it('shows a ticket subject and an annotation holding HTML as text, and runs none of it', async function () {
    host.ticket = { ticket: { id: 42, subject: XSS } };
    answer({ getSignl: { response: view('open', { acknowledgedBy: XSS, timeline: [{ at: '2026-03-01T09:00:00Z', kind: 'annotated', text: XSS }] }) } });
    await open('open');
    assert.equal(await page.locator('.s4-ticket-subject').innerText(), XSS);
    assert.equal(await page.locator('.s4-event-text').innerText(), XSS);
    assert.equal(await page.locator('#s4-sidebar img').count(), 1, 'only the logo is an image');
    assert.isUndefined(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned));
  });

  it('works from the keyboard: Tab reaches the buttons, Enter activates them', async function () {
    answer({ getSignl: { response: STATES.open }, acknowledgeSignl: { response: { view: STATES.acknowledged, message: 'Signl acknowledged.' } } });
    await open('open');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-action')), 'acknowledge');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-action')), 'resolve');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#s4-sidebar[data-state="acknowledged"]');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-action')), 'resolve', 'focus lands on the next action');
  });

  it('announces the state politely and labels every button', async function () {
    answer({ getSignl: { response: STATES.open } });
    await open('open');
    assert.equal(await page.locator('#s4-state').getAttribute('aria-live'), 'polite');
    assert.equal(await page.locator('#s4-state').getAttribute('aria-busy'), 'false');
    const names = await page.locator('#s4-actions button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
    assert.deepEqual(names, ['Acknowledge the Signl in SIGNL4', 'Resolve the Signl in SIGNL4']);
  });

  it('asks the host to fit the frame to its content and reaches nothing beyond loopback but the Crayons CDN', async function () {
    answer({ getSignl: { response: STATES.acknowledged } });
    await open('acknowledged');
    const height = await page.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    // The fake client posts resizes without waiting; give the last one a moment to arrive.
    for (let waited = 0; waited < 2000 && (host.resizes.at(-1) ?? 0) < height; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const last = host.resizes.at(-1) ?? 0;
    assert.isAtLeast(last, height, 'the frame fits the whole panel');
    assert.isAtMost(last, height + 2, 'and no more');
    assert.isTrue(tab.external.every((url) => url.startsWith('https://cdn.jsdelivr.net/npm/@freshworks/crayons@v4/')), tab.external.join(', '));
  });

  it('measures its first render (client initialised to state shown)', async function () {
    answer({ getSignl: { response: STATES.acknowledged } });
    await open('acknowledged');
    const ms = await firstRenderMs(page);
    console.log(`      sidebar first render (fake host): ${ms.toFixed(1)} ms`);
    assert.isBelow(ms, 2000);
  });
});
