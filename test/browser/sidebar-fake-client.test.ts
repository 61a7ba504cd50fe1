/// <reference lib="dom" />
/**
 * The sidebar against a fake FDK host whose server-method answers each test chooses: every state,
 * every action's client-side contract, progress and double-fire, failures, escaping, keyboard.
 * The same sidebar runs end to end against the local platform in sidebar-e2e.test.ts.
 */
import { assert } from 'chai';
import type { Page } from 'playwright-core';
import type { SignlState, SignlView } from '../../server/src/methods/view-types.js';
import { AppError } from '../../server/src/errors/errors.js';
import { methodError } from '../../server/src/methods/signl-methods.js';
import { Browser, firstRenderMs, requireChromium, screenshot, type PageRecord } from './browser-harness.js';
import { FakeHost, type FakeAnswer } from './fake-host.js';
import { isCrayonsUrl } from '../../tools/crayons/crayons-files.js';

const XSS = '<img src=x onerror=window.__pwned=1>';

function view(state: SignlState, extra: Partial<SignlView> = {}): SignlView {
  return { ticketId: 42, state, timeline: [], actions: [], ...extra };
}

const STATES: Record<SignlState, SignlView> = {
  not_forwarded: view('not_forwarded', { actions: ['page'], notForwarded: { kind: 'no_match', misses: [{ rule: 'priority', ticket: 'Low', allowed: ['Urgent', 'High'] }] } }),
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
    help: { now: ['Press "Retry delivery" once the cause is fixed.'], admin: ['Ask your admin to check the SIGNL4 webhook in the app settings.'] },
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
    tab = await browser.newPage({ width: 300, height: 640 });
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
    // Crayons' components are focusable once defined and hydrated (Stencil marks them .hydrated).
    await page.evaluate(() => customElements.whenDefined('fw-button'));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('fw-button')).every((b) => b.classList.contains('hydrated')));
  }

  for (const [state, signl] of Object.entries(STATES) as Array<[SignlState, SignlView]>) {
    it(`shows the ${state} state in words, with only the actions the view offers`, async function () {
      answer({ getSignl: { response: signl } });
      await open(state);
      assert.match(await page.locator('#s4-state').innerText(), HEADLINES[state]);
      const offered = await page.locator('#s4-actions fw-button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action')));
      assert.deepEqual(offered, signl.actions);
      assert.deepEqual(host.calls, [{ name: 'getSignl', payload: { ticketId: 42 } }]);
    });
  }

  it('explains a failed delivery: why, what to fix, how many attempts', async function () {
    answer({ getSignl: { response: STATES.failed } });
    await open('failed');
    const text = await page.locator('#s4-state').innerText();
    assert.include(text, 'SIGNL4 does not know this team secret (3004).');
    assert.include(await page.locator('#s4-help').innerText(), 'Ask your admin to check the SIGNL4 webhook');
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
    answer({ getSignl: { response: STATES.open }, acknowledgeSignl: { response: { view: STATES.acknowledged, message: 'Signl acknowledged.', outcome: 'done' } } });
    await open('open');
    await page.getByRole('button', { name: /^Acknowledge/ }).click();
    await page.waitForSelector('#s4-sidebar[data-state="acknowledged"]');
    assert.equal(await page.locator('#s4-outcome').innerText(), 'Signl acknowledged.');
    assert.deepEqual(host.calls[1], { name: 'acknowledgeSignl', payload: { ticketId: 42, agent: { name: 'Ada Lovelace', email: 'ada@example.com' } } });
    await page.locator('fw-toast-message').filter({ hasText: 'Signl acknowledged.' }).waitFor();
  });

  it('resolves through resolveSignl and retries through retryDelivery', async function () {
    answer({
      getSignl: { response: STATES.acknowledged },
      resolveSignl: { response: { view: STATES.closed, message: 'Signl resolved.', outcome: 'done' } },
    });
    await open('acknowledged');
    await page.getByRole('button', { name: /^Resolve/ }).click();
    await page.getByRole('button', { name: 'Yes, resolve' }).click();
    await page.waitForSelector('#s4-sidebar[data-state="closed"]');
    answer({ getSignl: { response: STATES.failed }, retryDelivery: { response: { view: STATES.open, message: 'Delivered to SIGNL4.', outcome: 'done' } } });
    await open('failed');
    await page.getByRole('button', { name: /^Retry delivery/ }).click();
    await page.waitForSelector('#s4-sidebar[data-state="open"]');
    assert.deepEqual(host.calls.map((c) => c.name), ['getSignl', 'resolveSignl', 'getSignl', 'retryDelivery']);
  });

  it('asks before paging; Cancel and Escape send nothing, "Yes, page now" calls pageOnCall', async function () {
    answer({ getSignl: { response: STATES.not_forwarded }, pageOnCall: { response: { view: STATES.open, message: 'Paged the on-call team.', outcome: 'done' } } });
    await open('not_forwarded');
    const pageButton = page.getByRole('button', { name: /^Page on-call now/ });
    await pageButton.click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await pageButton.click();
    await page.getByRole('button', { name: 'Cancel' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'page');
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
    assert.equal(await button.getAttribute('aria-disabled'), 'true');
    assert.equal(await page.locator('[data-action="resolve"]').getAttribute('aria-disabled'), 'true', 'other actions wait too');
    await button.dispatchEvent('click');
    await page.locator('[data-action="resolve"]').dispatchEvent('click');
    release({ response: { view: STATES.acknowledged, message: 'Signl acknowledged.', outcome: 'done' } });
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
    await page.locator('fw-toast-message').filter({ hasText: expected }).waitFor();
    assert.equal(await page.locator('#s4-sidebar').getAttribute('data-state'), 'open', 'the state stays on screen');
    assert.isNull(await page.locator('[data-action="acknowledge"]').getAttribute('aria-disabled'));
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

  it('says which forwarding rule a ticket missed, in the admin\'s terms, and never "did not match" for one that matched', async function () {
    answer({ getSignl: { response: STATES.not_forwarded } });
    await open('not_forwarded');
    await screenshot(page, 'sidebar-not-forwarded-rule.png');
    assert.include(await page.locator('#s4-state').innerText(), 'Priority is "Low"; the rule forwards "Urgent", "High".');
    const said: Record<string, RegExp> = {
      before_install: /created before the SIGNL4 app was installed \(1 Mar 2026, 09:00\)/,
      not_seen: /matches the forwarding rules, but the app has not handled it yet/,
      closed: /already "Resolved", and the app does not page for closed tickets/,
      updates_off: /Forwarding on ticket updates is off/,
    };
    const reasons: Record<string, SignlView['notForwarded']> = {
      before_install: { kind: 'before_install', installedAt: '2026-03-01T08:00:00Z', misses: [] },
      not_seen: { kind: 'not_seen' },
      closed: { kind: 'closed', status: 'Resolved' },
      updates_off: { kind: 'updates_off' },
    };
    for (const [kind, reason] of Object.entries(reasons)) {
      answer({ getSignl: { response: view('not_forwarded', { actions: ['page'], ...(reason === undefined ? {} : { notForwarded: reason }) }) } });
      await open('not_forwarded');
      const text = await page.locator('#s4-state').innerText();
      assert.match(text, said[kind] as RegExp);
      assert.notInclude(text, 'did not match', kind);
    }
  });

  it('shows a ticket without a Signl at once; "Why was it not sent?" asks in a second call and says why; a refused answer says it is unknown for now', async function () {
    const bare = view('not_forwarded', { actions: ['page'] });
    let refuse = false;
    host.invoke = (name, payload) => {
      if (name !== 'getSignl') return { error: { status: 500, message: `unexpected ${name}` } };
      if (payload['explain'] !== true) return { response: bare };
      return refuse ? { error: { status: 429, message: 'The app is busy right now. It tries again by itself in a moment.' } } : { response: STATES.not_forwarded };
    };
    await open('not_forwarded');
    assert.deepEqual(host.calls, [{ name: 'getSignl', payload: { ticketId: 42 } }], 'opening asks for the state alone');
    await page.locator('#s4-state fw-button[data-action="explain"]').click();
    await page.locator('#s4-state', { hasText: 'Priority is "Low"; the rule forwards "Urgent", "High".' }).waitFor();
    assert.deepEqual(host.calls.at(-1), { name: 'getSignl', payload: { ticketId: 42, explain: true } });
    assert.equal(await page.locator('#s4-state fw-button[data-action="explain"]').count(), 0, 'answered: the button is gone');

    refuse = true;
    await open('not_forwarded');
    await page.locator('#s4-state fw-button[data-action="explain"]').click();
    await page.locator('#s4-state', { hasText: 'The app could not read the ticket just now to say why.' }).waitFor();
  });

  it('shows what the agent can do now apart from what the admin must fix', async function () {
    answer({ getSignl: { response: STATES.failed } });
    await open('failed');
    const help = await page.locator('#s4-help').innerText();
    assert.match(help, /WHAT YOU CAN DO NOW\s+Press "Retry delivery" once the cause is fixed\.\s+WHAT YOUR ADMIN MUST FIX\s+Ask your admin/i);
    assert.notInclude(await page.locator('#s4-state').innerText(), 'Ask your admin', 'the fix is said once, under the admin');
  });

  it('when the platform refuses the read ($db limit): "busy", the last known state, a quiet retry, no platform text', async function () {
    const refusal = methodError(new AppError({ code: 'rate_limited', operation: '$db get', status: 429, message: '$db get t:42 failed: You have exceeded the limit of 50 requests per minute' }));
    const raw = { error: { status: 429, message: '$db get t:42 failed: You have exceeded the limit of 50 requests per minute' } };
    // Playwright's clock is the whole context's: this test runs in a browser of its own.
    const own = await Browser.launch();
    await page.close();
    tab = await own.newPage({ width: 300, height: 640 });
    page = tab.page;
    await page.clock.install();
    try {
    for (const busy of [{ error: refusal }, raw]) {
      let refuse = false;
      answer({ getSignl: () => (refuse ? busy : { response: STATES.acknowledged }) });
      await open('acknowledged');
      refuse = true;
      await page.evaluate(() => (window as unknown as { __fakeActivate(): void }).__fakeActivate());
      await page.waitForSelector('#s4-sidebar[data-busy="true"][data-state="acknowledged"]');
      const shown = await page.locator('#s4-sidebar').innerText();
      assert.match(shown, /The app is busy — showing the state as of \d\d:\d\d\./);
      assert.match(shown, /Acknowledged by Jane Doe/);
      assert.notMatch(shown, /\$db|exceeded|limit of 50/);
      await screenshot(page, 'sidebar-busy.png');
      refuse = false;
      const calls = host.calls.length;
      await page.clock.runFor(16_000);
      await page.waitForSelector('#s4-sidebar:not([data-busy])[data-state="acknowledged"]');
      assert.equal(host.calls.length, calls + 1, 'one quiet retry');
      assert.isTrue(await page.locator('#s4-busy').isHidden());
    }
    } finally {
      await page.close();
      await own.close();
    }
  });

  it('says "busy" without a known state, and a failed Retry shows failure with the attempts', async function () {
    answer({ getSignl: { error: { status: 429, message: 'The app is busy right now. It tries again by itself in a moment.' } } });
    host.ticket = { ticket: { id: 77, subject: 'Never seen' } };
    await open('busy');
    assert.include(await page.locator('#s4-busy').innerText(), 'The app is busy right now.');
    const stillFailed = view('failed', { delivery: { reason: 'SIGNL4 does not know the webhook URL or secret in the app settings.', fix: 'f', attempts: 2 }, actions: ['retry'], timeline: [{ at: '2026-03-01T09:00:00Z', kind: 'retry', text: 'Retry from the ticket sidebar by Ada Lovelace (attempt 2).' }] });
    host.ticket = { ticket: { id: 42, subject: 'Mail server down' } };
    answer({ getSignl: { response: STATES.failed }, retryDelivery: { response: { view: stillFailed, message: 'The retry failed: SIGNL4 still does not take the Signl. The sidebar says why.', outcome: 'failed' } } });
    await open('failed');
    await page.getByRole('button', { name: /^Retry delivery/ }).click();
    await page.waitForSelector('.s4-outcome--danger');
    assert.include(await page.locator('#s4-state').innerText(), 'Attempts so far: 2.');
    assert.include(await page.locator('#s4-timeline').innerText(), 'Retry');
    await page.locator('fw-toast-message[type="error"]').first().waitFor();
  });

  it('works from the keyboard: Tab reaches the buttons, Enter activates them', async function () {
    answer({ getSignl: { response: STATES.open }, acknowledgeSignl: { response: { view: STATES.acknowledged, message: 'Signl acknowledged.', outcome: 'done' } } });
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
    const names = await page.locator('#s4-actions fw-button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
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
    assert.isTrue(tab.external.every(isCrayonsUrl), tab.external.join(', '));
  });

  it('measures its first render (client initialised to state shown)', async function () {
    answer({ getSignl: { response: STATES.acknowledged } });
    await open('acknowledged');
    const ms = await firstRenderMs(page);
    console.log(`      sidebar first render (fake host): ${ms.toFixed(1)} ms`);
    assert.isBelow(ms, 2000);
  });
});
