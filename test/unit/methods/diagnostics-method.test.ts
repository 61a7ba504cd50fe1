import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { getDiagnosticsView } from '../../../server/src/methods/diagnostics-method.js';
import { parseSettings } from '../../../server/src/settings/parse-settings.js';
import { QUEUE_KEY } from '../../../server/src/work/delivery-queue.js';
import { count, DIAG_KEY, recordError } from '../../../server/src/records/diagnostics-record.js';
import { INSTALL_KEY } from '../../../server/src/records/install-record.js';
import { BASE_IPARAMS } from '../../fakes/fake-context.js';
import { fakeDeps } from '../../fakes/fake-deps.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const DAY = 86_400_000;

describe('getDiagnosticsView', () => {
  it('reports health, callback registration, counts per day, the queue and the last errors in three reads', async () => {
    const deps = fakeDeps(NOW);
    await deps.store.set(INSTALL_KEY, { url: 'https://cb.example/x', registration: 'api', webhookId: 'wh-1', at: NOW - DAY });
    deps.clock.set(NOW - 2 * DAY);
    await count(deps.store, deps.clock, deps.log, { fwd: 2, cbRej: 1 });
    deps.clock.set(NOW);
    await count(deps.store, deps.clock, deps.log, { fwd: 1, dlv: 1, cbOk: 3, fail: 1 });
    for (let i = 0; i < 12; i += 1) await recordError(deps.store, deps.clock, deps.log, new AppError({ code: 'timeout', operation: `op${i}`, message: `m${i}`, fix: 'f' }));
    await deps.store.set(QUEUE_KEY, {
      v: 1,
      items: {
        s5: { k: 's', t: 5, st: 'resolved', xid: 'x', note: 'n', n: 1, due: NOW + 120_000, since: NOW, r: 'later' },
        d3: { k: 'd', t: 3, n: 2, due: NOW + 60_000, since: NOW, r: 'HTTP 503' },
        c4_n: { k: 'c', t: 4, cb: { id: 'n', type: 203 }, plan: { timeline: { k: 'annotated', t: 'x' } }, noteDone: false, n: 0, due: NOW + 180_000, since: NOW, r: 'HTTP 429' },
      },
    });
    deps.store.resetCounts();
    const view = await getDiagnosticsView(deps, parseSettings({ ...BASE_IPARAMS }));
    assert.equal(deps.store.ops, 3);
    assert.equal(view.generatedAt, new Date(NOW).toISOString());
    assert.deepEqual(view.health, { ok: true, problems: [] });
    assert.deepEqual(view.callback, { url: 'https://cb.example/x', registration: 'api', webhookId: 'wh-1' });
    assert.deepInclude(view.counts, { forwarded: 3, delivered: 1, callbacksApplied: 3, callbacksRejected: 1, deliveriesFailed: 1 });
    assert.lengthOf(view.counts.days, 7);
    assert.deepEqual(view.counts.days[6], { day: '2026-11-28', forwarded: 1, callbacksApplied: 3, callbacksRejected: 0 });
    assert.deepEqual(view.counts.days[4], { day: '2026-11-26', forwarded: 2, callbacksApplied: 0, callbacksRejected: 1 });
    assert.deepEqual(view.queue.map((q) => [q.ticketId, q.kind, q.attempts]), [
      [3, 'deliver', 2],
      [5, 'status', 1],
      [4, 'callback', 0],
    ]);
    assert.equal(view.queue[0]?.nextAttemptAt, new Date(NOW + 60_000).toISOString());
    assert.lengthOf(view.lastErrors, 10);
    assert.equal(view.lastErrors[0]?.operation, 'op11', 'newest first');
  });

  it('shows the platform\'s own refusals in words, never its text', async () => {
    const deps = fakeDeps(NOW);
    await recordError(deps.store, deps.clock, deps.log, new AppError({ code: 'rate_limited', operation: '$db get', status: 429, message: '$db get t:107 failed: You have exceeded the limit of 50 requests per minute' }));
    await recordError(deps.store, deps.clock, deps.log, new AppError({ code: 'store_failed', operation: '$db set', status: 500, message: '$db set t:1 failed: boom' }));
    await recordError(deps.store, deps.clock, deps.log, new AppError({ code: 'timeout', operation: 'signl4Event', message: 'SIGNL4 signl4Event: no answer' }));
    const messages = (await getDiagnosticsView(deps, parseSettings({ ...BASE_IPARAMS }))).lastErrors.map((e) => e.message);
    assert.deepEqual(messages, ['SIGNL4 signl4Event: no answer', "The platform refused the app's $db call.", 'The platform asked the app to slow down; it waits its turn.']);
  });

  it('reports a fresh installation: empty counts, no queue, no errors, the manual-registration hint', async () => {
    const deps = fakeDeps(NOW);
    const view = await getDiagnosticsView(deps, parseSettings({ ...BASE_IPARAMS }));
    assert.deepEqual(view.callback, { registration: 'manual', detail: 'The app has not finished installing; reinstall it to get a callback URL.' });
    assert.deepInclude(view.counts, { forwarded: 0, delivered: 0, callbacksApplied: 0, callbacksRejected: 0, deliveriesFailed: 0 });
    assert.deepEqual(view.queue, []);
    assert.deepEqual(view.lastErrors, []);
  });

  it('shows a manual registration with its detail, and settings problems without secrets', async () => {
    const deps = fakeDeps(NOW);
    await deps.store.set(INSTALL_KEY, { url: 'https://cb.example/x', registration: 'manual', at: NOW, detail: 'Register it in SIGNL4.' });
    await deps.store.set(DIAG_KEY, { fwd: 'x' });
    const view = await getDiagnosticsView(deps, parseSettings({ signl4_webhook: 'https://evil.example/webhook/topsecret-value' }));
    assert.deepEqual(view.callback, { url: 'https://cb.example/x', registration: 'manual', detail: 'Register it in SIGNL4.' });
    assert.equal(view.counts.forwarded, 0, 'unreadable counters read as zero');
    assert.isFalse(view.health.ok);
    assert.sameMembers(view.health.problems.map((p) => p.field), ['signl4_webhook', 'freshservice_api_key']);
    assert.notInclude(JSON.stringify(view), 'topsecret-value');
  });
});
