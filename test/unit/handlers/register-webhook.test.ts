import { assert } from 'chai';
import { DIAG_KEY } from '../../../server/src/records/diagnostics-record.js';
import { INSTALL_KEY, type InstallRecord } from '../../../server/src/records/install-record.js';
import { asRegisterJob, REGISTER_ATTEMPTS, runRegisterJob, type RegisterJob } from '../../../server/src/handlers/register-webhook.js';
import { runScheduledJob } from '../../../server/src/handlers/run-scheduled-job.js';
import { fakeDeps, httpError, ok, timeout, type Route, type TestDeps } from '../../fakes/fake-deps.js';
import { storeRateLimited } from '../../fakes/memory-store.js';

const URL = 'https://example.freshworks.test/external/abc';
const job = (n: number): RegisterJob => ({ job: 'register', n, name: 'Freshservice (acme)' });

async function pending(...answers: Route[]): Promise<TestDeps> {
  const deps = fakeDeps();
  await deps.store.set(INSTALL_KEY, { url: URL, registration: 'pending', at: 0, job: 's4-reg-1' });
  if (answers.length > 0) deps.request.on('signl4CreateWebhook', ...answers);
  deps.request.on('signl4ListWebhooks', ok([]));
  return deps;
}

const record = (deps: TestDeps): InstallRecord | undefined => deps.store.peek<InstallRecord>(INSTALL_KEY);

describe('registering SIGNL4 outbound webhook after install', () => {
  it('registers the recorded URL and keeps the id SIGNL4 answers as a plain string', async () => {
    const deps = await pending(ok('3f0c2a9e-1b7d', 201));
    assert.equal(await runRegisterJob(deps, job(1)), 'registered');
    assert.deepEqual(deps.request.lastBody('signl4CreateWebhook'), { name: 'Freshservice (acme)', externalAddress: URL, extUrl: URL });
    assert.deepEqual(record(deps), { url: URL, registration: 'api', webhookId: '3f0c2a9e-1b7d', at: deps.clock.now() });
    assert.deepEqual(deps.request.calls.map((call) => call.template), ['signl4ListWebhooks', 'signl4CreateWebhook']);
  });

  it('is what onScheduledEvent runs for { job: "register" } data', async () => {
    const deps = await pending(ok('"wh-json"', 201));
    const ctx = { deps } as unknown as Parameters<typeof runScheduledJob>[0];
    assert.equal(await runScheduledJob(ctx, { job: 'register', n: 1, name: 'n' }), 'registered');
    assert.equal(record(deps)?.webhookId, 'wh-json');
  });

  it('does nothing when there is no pending registration (uninstalled, or done already)', async () => {
    const deps = fakeDeps();
    assert.equal(await runRegisterJob(deps, job(1)), 'moved on');
    await deps.store.set(INSTALL_KEY, { url: URL, registration: 'api', webhookId: 'wh-1', at: 0 });
    assert.equal(await runRegisterJob(deps, job(2)), 'moved on');
    assert.equal(deps.request.count(), 0);
  });

  it('retries what SIGNL4 may cure later (429, 5xx, timeout) in a new one-time schedule, and says so', async () => {
    for (const answer of [httpError(429), httpError(503), timeout()]) {
      const deps = await pending(answer);
      assert.equal(await runRegisterJob(deps, job(1)), 'retrying');
      const next = deps.scheduler.schedules.get('s4-reg-2');
      assert.deepEqual(next?.data, { job: 'register', n: 2, name: 'Freshservice (acme)' });
      assert.equal(next?.scheduleAt.getTime(), deps.clock.now() + 10 * 60_000);
      assert.include(record(deps), { registration: 'pending', job: 's4-reg-2' });
      assert.include(record(deps)?.detail, 'at 12:10 UTC', 'the next attempt, in hours and minutes');
    }
  });

  it('gives up on what a retry cannot cure (401, 403, 400, no id), and on the last attempt, telling the diagnostics page why', async () => {
    const cases: Array<[Route, number, RegExp]> = [
      [httpError(401), 1, /credentials/],
      [httpError(403), 1, /did not allow/],
      [httpError(400), 1, /refused/],
      [httpError(503), REGISTER_ATTEMPTS, /did not answer properly/],
    ];
    for (const [answer, n, why] of cases) {
      const deps = await pending(answer);
      assert.equal(await runRegisterJob(deps, job(n)), 'failed');
      assert.equal(record(deps)?.registration, 'failed');
      assert.match(record(deps)?.detail ?? '', why);
      assert.equal(deps.scheduler.schedules.size, 0, 'no further attempt');
      assert.lengthOf(deps.store.peek<{ errors: unknown[] }>(DIAG_KEY)?.errors ?? [], 1);
    }
  });

  it('adopts a webhook already pointing at the URL (an unanswered attempt, or one added by hand) instead of making a second', async () => {
    const deps = fakeDeps();
    await deps.store.set(INSTALL_KEY, { url: URL, registration: 'pending', at: 0, job: 's4-reg-2' });
    deps.request.on('signl4ListWebhooks', ok([{ id: 'other', externalAddress: 'https://elsewhere.example/x' }, { id: 'wh-earlier', externalAddress: URL }]));
    assert.equal(await runRegisterJob(deps, job(2)), 'registered');
    assert.equal(record(deps)?.webhookId, 'wh-earlier');
    assert.equal(deps.request.count('signl4CreateWebhook'), 0);
  });

  it('creates one when SIGNL4 has none (404 or an empty list), unless listing took too long', async () => {
    const deps = fakeDeps();
    await deps.store.set(INSTALL_KEY, { url: URL, registration: 'pending', at: 0, job: 's4-reg-2' });
    deps.request.on('signl4CreateWebhook', ok('wh-new', 201)).on('signl4ListWebhooks', httpError(404));
    assert.equal(await runRegisterJob(deps, job(2)), 'registered');
    assert.equal(record(deps)?.webhookId, 'wh-new');

    const slow = fakeDeps();
    await slow.store.set(INSTALL_KEY, { url: URL, registration: 'pending', at: 0, job: 's4-reg-2' });
    slow.request.on('signl4CreateWebhook', ok('wh-new', 201)).on('signl4ListWebhooks', () => {
      slow.clock.advance(5000);
      return { status: 200, headers: {}, body: [] };
    });
    assert.equal(await runRegisterJob(slow, job(2)), 'retrying');
    assert.equal(slow.request.count('signl4CreateWebhook'), 0, 'no create that could run past the 20 s event budget');
    assert.isTrue(slow.scheduler.schedules.has('s4-reg-3'));
  });

  it('deletes the webhook it created when it cannot record the id, so none is left behind, and tries again later', async () => {
    const deps = await pending(ok('wh-orphan', 201));
    deps.request.on('signl4DeleteWebhook', ok(undefined, 200));
    deps.store.failWhen((op, key) => (op === 'set' && key === INSTALL_KEY ? storeRateLimited() : undefined));
    assert.equal(await runRegisterJob(deps, job(1)), 'retrying');
    assert.deepEqual(deps.request.callsOf('signl4DeleteWebhook')[0]?.options, { context: { webhookId: 'wh-orphan' } });
    assert.isTrue(deps.scheduler.schedules.has('s4-reg-2'));
  });

  it('never deletes a webhook it adopted (added by hand, or an earlier attempt\'s) when it cannot record the id', async () => {
    const deps = fakeDeps();
    await deps.store.set(INSTALL_KEY, { url: URL, registration: 'pending', at: 0, job: 's4-reg-1' });
    deps.request.on('signl4ListWebhooks', ok([{ id: 'admins-by-hand', externalAddress: URL }]));
    deps.store.failWhen((op, key) => (op === 'set' && key === INSTALL_KEY ? storeRateLimited() : undefined));
    assert.equal(await runRegisterJob(deps, job(1)), 'retrying');
    assert.equal(deps.request.count('signl4DeleteWebhook'), 0);
  });

  it('a webhook SIGNL4 made without naming its id is found by its URL in the same run, or by the next attempt', async () => {
    const found = fakeDeps();
    await found.store.set(INSTALL_KEY, { url: URL, registration: 'pending', at: 0, job: 's4-reg-1' });
    found.request.on('signl4CreateWebhook', ok({ enabled: true }, 201)).on('signl4ListWebhooks', ok([]), ok([{ id: 'wh-listed', externalAddress: URL }]));
    assert.equal(await runRegisterJob(found, job(1)), 'registered');
    assert.equal(found.store.peek<InstallRecord>(INSTALL_KEY)?.webhookId, 'wh-listed');

    const later = fakeDeps();
    await later.store.set(INSTALL_KEY, { url: URL, registration: 'pending', at: 0, job: 's4-reg-1' });
    later.request.on('signl4CreateWebhook', ok({ enabled: true }, 201)).on('signl4ListWebhooks', ok([]), ok([]));
    assert.equal(await runRegisterJob(later, job(1)), 'retrying', 'not given up: the webhook exists in SIGNL4');
    assert.isTrue(later.scheduler.schedules.has('s4-reg-2'));
    assert.equal(later.request.count('signl4CreateWebhook'), 1);
  });

  it('tells the admin which webhook to remove by hand when that delete fails too', async () => {
    const deps = await pending(ok('wh-orphan', 201));
    deps.request.on('signl4DeleteWebhook', httpError(500));
    deps.store.failWhen((op, key) => (op === 'set' && key === INSTALL_KEY ? storeRateLimited() : undefined));
    await runRegisterJob(deps, job(1));
    const errors = deps.store.peek<{ errors: Array<{ message: string }> }>(DIAG_KEY)?.errors ?? [];
    assert.include(errors[0]?.message, 'wh-orphan');
    assert.include(deps.log.text(), 'remove it in SIGNL4 by hand');
  });

  it('records the failure when the next attempt cannot be scheduled', async () => {
    const deps = await pending(httpError(503));
    deps.scheduler.failing.create = new Error('Schedule could not be created');
    assert.equal(await runRegisterJob(deps, job(1)), 'failed');
    assert.equal(record(deps)?.registration, 'failed');
  });

  it('reads only well-formed register jobs', () => {
    assert.deepEqual(asRegisterJob({ job: 'register', n: 2, name: 'x' }), { job: 'register', n: 2, name: 'x' });
    for (const data of [null, 'register', { job: 'tick' }, { job: 'register', n: 0, name: 'x' }, { job: 'register', n: 1.5, name: 'x' }, { job: 'register', n: 1 }]) {
      assert.isUndefined(asRegisterJob(data), JSON.stringify(data));
    }
  });
});
