import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { parseSettings } from '../../../server/src/settings/parse-settings.js';
import { DIAG_KEY } from '../../../server/src/records/diagnostics-record.js';
import { blockMessage, FIRST_TICK_DELAY_MS, installApp, uninstallApp } from '../../../server/src/handlers/install-app.js';
import { INSTALL_KEY, type InstallRecord } from '../../../server/src/records/install-record.js';
import { registerScheduleName } from '../../../server/src/handlers/register-webhook.js';
import { TICK_MINUTES, TICK_SCHEDULE } from '../../../server/src/handlers/run-tick.js';
import { BASE_IPARAMS, S4_API_KEY } from '../../fakes/fake-context.js';
import { fakeDeps, httpError, ok } from '../../fakes/fake-deps.js';
import { storeUnavailable } from '../../fakes/memory-store.js';

const URL = 'https://example.freshworks.test/external/abc';
const manual = parseSettings({ ...BASE_IPARAMS });
const withApiKey = parseSettings({ ...BASE_IPARAMS, signl4_api_key: S4_API_KEY });

describe('installApp', () => {
  it('without an API key records the URL for manual registration and schedules the tick', async () => {
    const deps = fakeDeps();
    assert.isUndefined(await installApp(deps, manual, URL, 'acme'));
    assert.equal(deps.request.count(), 0);
    assert.deepEqual(deps.store.peek<InstallRecord>(INSTALL_KEY), { url: URL, registration: 'manual', at: deps.clock.now() });
    assert.deepEqual(deps.scheduler.schedules.get(TICK_SCHEDULE), {
      name: TICK_SCHEDULE,
      data: { job: 'tick' },
      scheduleAt: new Date(deps.clock.now() + FIRST_TICK_DELAY_MS),
      repeatEveryMinutes: TICK_MINUTES,
    });
  });

  it('with an API key calls no outside service: it records the URL as pending and schedules the registration 6 minutes on', async () => {
    const deps = fakeDeps();
    assert.isUndefined(await installApp(deps, withApiKey, URL, 'acme'));
    assert.equal(deps.request.count(), 0, 'SIGNL4 is not called during install');
    const due = deps.clock.now() + 6 * 60_000;
    assert.deepEqual(deps.scheduler.schedules.get(registerScheduleName(1)), {
      name: 's4-reg-1',
      data: { job: 'register', n: 1, name: 'Freshservice (acme)' },
      scheduleAt: new Date(due),
    });
    assert.deepEqual(deps.store.peek<InstallRecord>(INSTALL_KEY), {
      url: URL,
      registration: 'pending',
      at: deps.clock.now(),
      job: 's4-reg-1',
      detail: `The app registers it with your SIGNL4 API key at ${new Date(due).toISOString().slice(11, 16)} UTC.`,
    });
    assert.isTrue(deps.scheduler.schedules.has(TICK_SCHEDULE));
    assert.include(deps.log.text(), 'installed');
  });

  it('replaces a recurring schedule left from an earlier install', async () => {
    const deps = fakeDeps();
    await deps.scheduler.create({ name: TICK_SCHEDULE, data: {}, scheduleAt: new Date(0), repeatEveryMinutes: 5 });
    deps.scheduler.calls.length = 0;
    await installApp(deps, manual, URL, 'acme');
    assert.deepEqual(deps.scheduler.calls, [`exists ${TICK_SCHEDULE}`, `delete ${TICK_SCHEDULE}`, `create ${TICK_SCHEDULE}`]);
  });

  it('blocks an install with invalid settings, sending nothing', async () => {
    const deps = fakeDeps();
    const message = await installApp(deps, parseSettings({ signl4_webhook: 'nope nope' }), URL, 'acme');
    assert.equal(message, 'Settings invalid: open the app settings to fix');
    assert.equal(deps.request.count(), 0);
    assert.equal(deps.store.ops, 0);
    assert.equal(deps.scheduler.calls.length, 0);
  });

  it('does not blame SIGNL4 or the API key when the app could not store its record or schedule its tick', async () => {
    const storeFails = fakeDeps();
    storeFails.store.failWhen((op, key) => (op === 'set' && key === INSTALL_KEY ? storeUnavailable(INSTALL_KEY) : undefined));
    const scheduleFails = fakeDeps();
    scheduleFails.scheduler.failing.create = new Error('Schedule could not be created');
    for (const deps of [storeFails, scheduleFails]) {
      for (const settings of [manual, withApiKey]) {
        const message = await installApp(deps, settings, URL, 'acme');
        assert.isDefined(message);
        assert.isAtMost(message?.length ?? 99, 60);
        assert.notMatch(message ?? '', /SIGNL4|API key/, message);
        assert.match(message ?? '', /try installing again/);
        assert.equal(deps.scheduler.schedules.size, 0, 'a blocked install leaves no schedule behind');
        assert.equal(deps.request.count(), 0);
      }
    }
  });

  it('keeps every block message within 60 characters', () => {
    const codes: Array<AppError['code']> = ['settings_invalid', 'rate_limited', 'unavailable', 'timeout', 'unauthorized', 'forbidden', 'not_found', 'rejected', 'conflict', 'store_failed', 'bad_input', 'forged', 'internal'];
    for (const code of codes) {
      for (const operation of ['signl4CreateWebhook', 'set install', 'install']) {
        assert.isAtMost(blockMessage(new AppError({ code, operation, message: 'm' })).length, 60, `${code} ${operation}`);
      }
    }
  });
});

describe('uninstallApp', () => {
  it('removes the schedule and the outbound webhook the app registered', async () => {
    const deps = fakeDeps();
    deps.request.on('signl4DeleteWebhook', ok(undefined, 200));
    await installApp(deps, manual, URL, 'acme');
    await deps.store.set(INSTALL_KEY, { url: URL, registration: 'api', webhookId: 'wh-1', at: 0 });
    await uninstallApp(deps);
    assert.equal(deps.scheduler.schedules.size, 0);
    assert.deepEqual(deps.request.callsOf('signl4DeleteWebhook')[0]?.options, { context: { webhookId: 'wh-1' } });
  });

  it('removes a registration attempt still waiting, calling SIGNL4 not at all', async () => {
    const deps = fakeDeps();
    await installApp(deps, withApiKey, URL, 'acme');
    await uninstallApp(deps);
    assert.equal(deps.scheduler.schedules.size, 0);
    assert.equal(deps.request.count(), 0);
  });

  it('calls SIGNL4 only when a webhook was registered', async () => {
    const deps = fakeDeps();
    await installApp(deps, manual, URL, 'acme');
    await uninstallApp(deps);
    assert.equal(deps.request.count(), 0);
  });

  it('always completes, even when SIGNL4, the scheduler and the store all fail', async () => {
    const deps = fakeDeps();
    deps.request.on('signl4DeleteWebhook', httpError(500));
    deps.scheduler.failing.delete = new Error('platform says no');
    await deps.store.set(INSTALL_KEY, { url: URL, registration: 'api', webhookId: 'wh-1', at: 0 });
    await uninstallApp(deps);
    assert.include(deps.log.text(), 'could not delete a schedule');
    assert.include(deps.log.text(), 'remove it in SIGNL4 by hand');
    assert.equal(deps.store.peek<{ errors: Array<{ code: string }> }>(DIAG_KEY)?.errors[0]?.code, 'unavailable');

    const broken = fakeDeps();
    broken.scheduler.failing.delete = new Error('x');
    broken.store.failWhen(() => storeUnavailable());
    await uninstallApp(broken);
    const warnings = broken.log.lines.filter((l) => l.level === 'warn');
    assert.lengthOf(warnings.filter((l) => l.message.includes('could not delete a schedule')), 6, 'the tick and the five registration attempts');
    assert.lengthOf(warnings, 8);
  });
});
