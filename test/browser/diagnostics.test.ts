/**
 * The admin diagnostics page (app/diagnostics.html + app/scripts/diagnostics.js) in Chromium,
 * rendering DiagnosticsView answers of the getDiagnostics server method given by a fake client.
 */
import { assert } from 'chai';
import type { Page } from 'playwright-core';
import type { DiagnosticsView } from '../../server/src/methods/view-types.js';
import { AppPages, FakeRejection, screenshotFor } from './iparams-harness.js';
import { requireChromium } from './browser-harness.js';

const CALLBACK_URL = 'https://hooks.freshworks.example/ext/abc123';

/** Counts of an installation no callback has reached yet. */
const NO_CALLBACKS = { forwarded: 2, delivered: 0, callbacksApplied: 0, callbacksRejected: 0, deliveriesFailed: 0, days: [] };

export function diagnosticsView(overrides: Partial<DiagnosticsView> = {}): DiagnosticsView {
  return {
    generatedAt: '2026-11-28T12:00:00.000Z',
    health: { ok: true, problems: [] },
    callback: { url: CALLBACK_URL, registration: 'api', webhookId: 'wh-7' },
    counts: {
      forwarded: 12,
      delivered: 11,
      callbacksApplied: 9,
      callbacksRejected: 0,
      deliveriesFailed: 0,
      days: [
        { day: '2026-11-27', forwarded: 5, callbacksApplied: 4, callbacksRejected: 0 },
        { day: '2026-11-28', forwarded: 7, callbacksApplied: 5, callbacksRejected: 0 },
      ],
    },
    queue: [],
    lastErrors: [],
    ...overrides,
  };
}

describe('diagnostics page (browser)', function () {
  let pages: AppPages;

  before(async function () {
    requireChromium();
    pages = await AppPages.start();
  });
  after(async function () {
    await pages.close();
  });

  /** Opens the page answering getDiagnostics with each of `answers` in turn (the last one repeats). */
  async function open(...answers: Array<DiagnosticsView | FakeRejection>): Promise<{ page: Page; calls: string[] }> {
    const calls: string[] = [];
    const page = await pages.open('app/diagnostics.html', {
      invoke: (name) => {
        calls.push(name);
        const next = answers[Math.min(calls.length, answers.length) - 1];
        if (next instanceof FakeRejection) throw next;
        return { requestID: 'r1', response: next };
      },
    });
    return { page, calls };
  }

  async function shown(page: Page): Promise<void> {
    await page.waitForSelector('#dx-content:not([hidden])');
  }

  it('shows a healthy installation: all settings valid, the registered callback URL, counts per day', async function () {
    const { page, calls } = await open(diagnosticsView());
    await shown(page);
    assert.strictEqual((await page.textContent('#dx-health'))?.trim(), 'All settings valid.');
    assert.strictEqual(await page.inputValue('#dx-callback-url'), CALLBACK_URL);
    assert.match((await page.textContent('#dx-callback')) ?? '', /Registered in SIGNL4 with your SIGNL4 API key \(webhook id wh-7\)/);
    assert.strictEqual(await page.locator('.dx-steps').count(), 0);
    const tiles = await page.$$eval('.dx-tile', (nodes) => nodes.map((n) => [n.querySelector('.dx-tile-label')?.textContent, n.querySelector('.dx-tile-value')?.textContent]));
    assert.deepEqual(tiles, [
      ['Signls created', '12'],
      ['Delivered after waiting', '11'],
      ['Callbacks applied', '9'],
      ['Callbacks rejected', '0'],
      ['Deliveries failed', '0'],
    ]);
    const rows = await page.$$eval('#dx-counts tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    assert.deepEqual(rows, [
      ['Fri 27 Nov', '5', '4', '0'],
      ['Sat 28 Nov', '7', '5', '0'],
    ]);
    assert.strictEqual(await page.textContent('#dx-queue'), 'The retry queue is empty: nothing is waiting.');
    assert.strictEqual(await page.textContent('#dx-errors'), 'No errors recorded.');
    assert.strictEqual(await page.textContent('#dx-updated'), 'As of 28 Nov 2026, 12:00 UTC');
    assert.deepEqual(calls, ['getDiagnostics'], 'activation right after start-up shares the first load');
  });

  it('lists each settings problem with its fix', async function () {
    const problems = [
      { field: 'signl4_webhook', message: 'SIGNL4 webhook URL or secret must be https://connect.signl4.com/webhook/<secret> or the bare secret.' },
      { field: 'note_closed', message: 'note_closed may use only the placeholders {user}, {time}, {ticket}.' },
    ];
    const { page } = await open(diagnosticsView({ health: { ok: false, problems } }));
    await shown(page);
    assert.strictEqual(await page.textContent('#dx-health .dx-bad'), '2 settings need fixing:');
    assert.deepEqual(await page.$$eval('#dx-health li', (lis) => lis.map((li) => li.textContent)), problems.map((p) => p.message));
    assert.match((await page.textContent('#dx-health')) ?? '', /Admin → Apps → SIGNL4 for Freshservice → Settings/);
  });

  it('without a SIGNL4 API key, gives numbered steps to register the callback URL by hand', async function () {
    const { page } = await open(diagnosticsView({ callback: { url: CALLBACK_URL, registration: 'manual' }, counts: NO_CALLBACKS }));
    await shown(page);
    const steps = await page.$$eval('.dx-steps ol li', (lis) => lis.map((li) => li.textContent ?? ''));
    assert.lengthOf(steps, 4);
    assert.match(steps[0] ?? '', /Integrations → Gallery/);
    assert.match(steps[1] ?? '', /"Webhook \(Outbound\)"/);
    assert.match(steps[2] ?? '', /name.*paste the callback URL/);
    assert.match(steps[3] ?? '', /^Press Install/);
    await page.click('#dx-copy');
    await page.waitForSelector('.dx-copied:not(:empty)');
    assert.match((await page.textContent('.dx-copied')) ?? '', /Copied\.|Select the URL/);
  });

  it('when registration with the API key failed, says why and gives the manual steps', async function () {
    const detail = 'SIGNL4 refused the API key (HTTP 401).';
    const { page } = await open(diagnosticsView({ callback: { url: CALLBACK_URL, registration: 'failed', detail }, counts: NO_CALLBACKS }));
    await shown(page);
    assert.include((await page.textContent('.dx-steps p')) ?? '', `Registering it with your SIGNL4 API key failed. ${detail}`);
    assert.strictEqual(await page.locator('.dx-steps ol li').count(), 4);
  });

  it('while the app has yet to register the callback URL with the API key, says when, and that nothing is needed', async function () {
    const detail = 'The app registers it with your SIGNL4 API key at 09:06 UTC.';
    const { page } = await open(diagnosticsView({ callback: { url: CALLBACK_URL, registration: 'pending', detail }, counts: NO_CALLBACKS }));
    await shown(page);
    const text = (await page.textContent('#dx-callback')) ?? '';
    assert.strictEqual(await page.locator('#dx-callback .dx-warn').count(), 1, '"not registered yet" is amber');
    assert.strictEqual(await page.locator('#dx-callback .dx-ok').count(), 0, 'never green');
    assert.include(text, `Not registered in SIGNL4 yet. ${detail}`);
    assert.include(text, 'Nothing to do.');
    assert.notInclude(text, 'No SIGNL4 API key is set');
    assert.strictEqual(await page.locator('.dx-steps').count(), 0);
  });

  it('without an API key, stops asking to register by hand once callbacks arrive', async function () {
    const { page } = await open(diagnosticsView({ callback: { url: CALLBACK_URL, registration: 'manual' } }));
    await shown(page);
    assert.include((await page.textContent('#dx-callback')) ?? '', 'SIGNL4 is sending callbacks to this URL (9 received so far), so it is registered there. Nothing to do.');
    assert.strictEqual(await page.locator('.dx-steps').count(), 0);
  });

  it('when the platform refuses the read, keeps the diagnostics on screen, says "busy" and tries again by itself', async function () {
    const busy = new FakeRejection({ status: 429, message: 'The app is busy right now. It tries again by itself in a moment.' });
    const { page, calls } = await open(diagnosticsView(), busy);
    await shown(page);
    await page.click('#dx-refresh');
    await page.waitForSelector('#dx-status[data-tone=busy]:not([hidden])');
    assert.match((await page.textContent('#dx-status')) ?? '', /^The app is busy — showing the diagnostics as of \d\d:\d\d UTC\. It checks again by itself in a moment\.$/);
    assert.isFalse(await page.isHidden('#dx-content'), 'the last diagnostics stay');
    assert.deepEqual(calls, ['getDiagnostics', 'getDiagnostics']);
  });

  it('without a callback URL, says it is created at install', async function () {
    const { page } = await open(diagnosticsView({ callback: { registration: 'manual' } }));
    await shown(page);
    assert.match((await page.textContent('#dx-callback')) ?? '', /not available yet.*reinstall the app/);
  });

  it('shows the retry queue with each next attempt in the agent\'s locale, and flags failures', async function () {
    const nextAttemptAt = new Date(Date.now() + 5 * 60_000).toISOString();
    const queue = [
      { ticketId: 42, kind: 'deliver' as const, attempts: 2, nextAttemptAt, reason: 'SIGNL4 answered HTTP 503.' },
      { ticketId: 43, kind: 'callback' as const, attempts: 1, nextAttemptAt, reason: 'Freshservice rate limit (429).' },
    ];
    const counts = { ...diagnosticsView().counts, callbacksRejected: 3, deliveriesFailed: 1 };
    const { page } = await open(diagnosticsView({ queue, counts }));
    await shown(page);
    const rows = await page.$$eval('#dx-queue tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    assert.lengthOf(rows, 2);
    assert.deepEqual(rows[0]?.slice(0, 3), ['#42', 'Send the ticket to SIGNL4', '2']);
    assert.strictEqual(rows[1]?.[1], 'Apply a SIGNL4 callback to the ticket');
    const expected = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: 'UTC' }).format(new Date(nextAttemptAt));
    assert.strictEqual(rows[0]?.[3], `${expected} (in 5 minutes)`);
    assert.strictEqual(rows[0]?.[4], 'SIGNL4 answered HTTP 503.');
    assert.strictEqual(await page.textContent('#dx-queue caption'), '2 waiting');
    assert.strictEqual(await page.locator('.dx-tile--alarm').count(), 2);
  });

  it('renders the last errors as text, so hostile text cannot run', async function () {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const lastErrors = [
      { at: '2026-11-28T11:59:00.000Z', code: 'rejected', operation: 'deliver', message: `SIGNL4 deliver: HTTP 400 — ${hostile}`, fix: 'SIGNL4 refused the request body; the details say why.' },
      { at: '2026-11-28T11:58:00.000Z', code: 'unavailable', operation: 'callback', message: 'Freshservice is unavailable.', fix: '' },
    ];
    const problems = [{ field: 'x', message: hostile }];
    const { page } = await open(diagnosticsView({ lastErrors, health: { ok: false, problems } }));
    await shown(page);
    assert.strictEqual(await page.textContent('.dx-error-message'), `SIGNL4 deliver: HTTP 400 — ${hostile}`);
    assert.strictEqual(await page.textContent('.dx-error-head'), '28 Nov 2026, 11:59 UTC · deliver · rejected');
    assert.strictEqual(await page.textContent('.dx-error-fix'), 'What to do: SIGNL4 refused the request body; the details say why.');
    assert.strictEqual(await page.locator('.dx-error-fix').count(), 1, 'an empty fix is left out');
    assert.strictEqual(await page.locator('#dx-content img, #dx-content script').count(), 0);
    assert.isUndefined(await page.evaluate('window.__pwned'));
  });

  it('says in plain words when loading fails, and Refresh loads again', async function () {
    const { page, calls } = await open(new FakeRejection({ status: 500, message: 'The server method timed out.' }), diagnosticsView());
    await page.waitForSelector('#dx-status[data-tone=bad]');
    assert.strictEqual(await page.textContent('#dx-status'), 'Could not load the diagnostics: The server method timed out. Press Refresh to try again.');
    assert.isTrue(await page.isHidden('#dx-content'));
    await page.click('#dx-refresh');
    await shown(page);
    assert.isTrue(await page.isHidden('#dx-status'));
    assert.deepEqual(calls, ['getDiagnostics', 'getDiagnostics']);
  });

  it('shows every part at once for an installation registered by hand, with a waiting item and an error', async function () {
    const nextAttemptAt = new Date(Date.now() + 2 * 60_000).toISOString();
    const view = diagnosticsView({
      callback: { url: CALLBACK_URL, registration: 'manual' },
      counts: {
        forwarded: 31,
        delivered: 30,
        callbacksApplied: 24,
        callbacksRejected: 2,
        deliveriesFailed: 0,
        days: ['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28'].map((day, i) => ({
          day,
          forwarded: [3, 6, 4, 2, 5, 4, 7][i] ?? 0,
          callbacksApplied: [2, 5, 3, 2, 4, 3, 5][i] ?? 0,
          callbacksRejected: i === 4 ? 2 : 0,
        })),
      },
      queue: [{ ticketId: 1042, kind: 'deliver', attempts: 2, nextAttemptAt, reason: 'SIGNL4 is throttling (HTTP 429); waiting 60 s as it asked.' }],
      lastErrors: [
        {
          at: '2026-11-28T11:41:00.000Z',
          code: 'rate_limited',
          operation: 'deliver',
          message: 'SIGNL4 deliver: HTTP 429',
          fix: 'SIGNL4 is throttling; the app waits and retries.',
        },
      ],
    });
    const { page } = await open(view);
    await shown(page);
    assert.strictEqual(await page.locator('#dx-counts tbody tr').count(), 7);
    assert.strictEqual(await page.locator('#dx-queue tbody tr').count(), 1);
    assert.include((await page.textContent('#dx-callback')) ?? '', 'SIGNL4 is sending callbacks to this URL (26 received so far)');
    assert.strictEqual(await page.locator('.dx-error').count(), 1);
    await page.setViewportSize({ width: 1100, height: 900 });
    await screenshotFor(page, 'diagnostics');
  });

  it('an answer it cannot read is an error, not a blank page', async function () {
    const calls: string[] = [];
    const page = await pages.open('app/diagnostics.html', {
      invoke: (name) => {
        calls.push(name);
        return { response: { hello: 'world' } };
      },
    });
    await page.waitForSelector('#dx-status[data-tone=bad]');
    assert.match((await page.textContent('#dx-status')) ?? '', /something this page cannot read/);
  });
});
