import { assert } from 'chai';
import { startLoop, type Loop } from './loop-harness.js';

describe('install and uninstall on the local platform (issues 5 and 7)', function () {
  this.timeout(30_000);
  let loop: Loop | undefined;

  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  const callbackOf = async (platform: Loop['platform']): Promise<{ registration: string; url: string; webhookId?: string; detail?: string }> =>
    ((await platform.invokeMethod('getDiagnostics', {})).rendered?.data as { callback: { registration: string; url: string } }).callback;

  for (const answer of ['text', 'json', 'object'] as const) {
    it(`with a SIGNL4 API key, install answers at once and the URL is registered minutes later (SIGNL4 answering the id as ${answer}); uninstall removes it`, async () => {
      loop = await startLoop({ iparams: { signl4_api_key: 's4-api-key-0001' }, registerCallback: false, s4: { webhookIdAnswer: answer } });
      assert.lengthOf([...loop.s4.webhooks.values()], 0, 'install itself calls no outside service');
      assert.deepInclude(await callbackOf(loop.platform), { registration: 'pending', url: loop.platform.externalEventUrl });
      await loop.platform.advance(7 * 60_000);
      const hooks = [...loop.s4.webhooks.values()];
      assert.lengthOf(hooks, 1);
      assert.equal(hooks[0]?.externalAddress, loop.platform.externalEventUrl);
      assert.deepInclude(await callbackOf(loop.platform), { registration: 'api', webhookId: hooks[0]?.id ?? 'none' });
      assert.deepEqual(loop.platform.schedules.list().map((schedule) => schedule.name), ['signl4-sync-tick']);
      const removed = await loop.platform.uninstall();
      assert.isTrue(removed.ok);
      assert.lengthOf([...loop.s4.webhooks.values()], 0);
      assert.lengthOf(loop.platform.schedules.list(), 0);
    });
  }

  it('install completes well inside the 10 s set-up budget while SIGNL4 is slower than the request timeout, and the registration retries without leaving a second webhook', async () => {
    loop = await startLoop({ iparams: { signl4_api_key: 's4-api-key-0001' }, registerCallback: false, requestTimeoutMs: 200 });
    assert.equal(loop.platform.limits.setupTimeoutMs, 10_000);
    const installed = loop.platform.metrics.invocations.find((result) => result.event === 'onAppInstall');
    assert.isTrue(installed?.ok);
    assert.equal(installed?.requests, 0);
    assert.isBelow(installed?.durationMs ?? Infinity, 1000);
    loop.s4.faults.next('POST /api/webhooks', { kind: 'delay', delayMs: 400 });
    await loop.platform.advance(7 * 60_000);
    assert.deepInclude(await callbackOf(loop.platform), { registration: 'pending' });
    assert.isDefined(loop.platform.schedules.get('s4-reg-2'), 'the timed-out attempt is retried');
    // The simulator's delay holds the request before reading it, so the aborted call creates nothing
    // there; a real SIGNL4 may well have created the webhook and only the answer was lost:
    const lost = loop.s4.registerWebhook(loop.platform.externalEventUrl, 'Freshservice (acme)');
    await loop.platform.advance(11 * 60_000);
    const hooks = [...loop.s4.webhooks.values()];
    assert.lengthOf(hooks, 1, 'the retry adopted that webhook instead of creating a second');
    assert.deepInclude(await callbackOf(loop.platform), { registration: 'api', webhookId: lost.id });
  });

  it('a blocked install leaves no webhook and no schedule behind', async () => {
    loop = await startLoop({ registerCallback: false });
    await loop.platform.uninstall();
    loop.platform.updateIparams({ ...loop.platform.iparams, signl4_api_key: 's4-api-key-0001' });
    loop.platform.faults.killNextHandlerAfterOps(1);
    const blocked = await loop.platform.install();
    assert.isFalse(blocked.ok);
    assert.isFalse(loop.platform.installed);
    await loop.platform.advance(30 * 60_000);
    assert.lengthOf([...loop.s4.webhooks.values()], 0);
    assert.lengthOf(loop.platform.schedules.list(), 0);
    assert.isFalse(loop.s4.requests.entries.some((entry) => entry.path.startsWith('/api/webhooks')), 'SIGNL4 was never asked');
  });

  it('a SIGNL4 API key that SIGNL4 rejects does not block the install; the diagnostics page says the registration failed and why', async () => {
    loop = await startLoop({ iparams: { signl4_api_key: 'wrong-key-123' }, registerCallback: false });
    await loop.platform.advance(7 * 60_000);
    const callback = await callbackOf(loop.platform);
    assert.equal(callback.registration, 'failed');
    assert.match(callback.detail ?? '', /SIGNL4 did not accept the app's credentials/);
    assert.lengthOf([...loop.s4.webhooks.values()], 0);
    assert.deepEqual(loop.platform.schedules.list().map((schedule) => schedule.name), ['signl4-sync-tick'], 'no further attempt');
  });

  it('without an API key, the diagnostics page shows the callback URL for manual registration', async () => {
    loop = await startLoop();
    const diagnostics = await loop.platform.invokeMethod('getDiagnostics', {});
    const view = diagnostics.rendered?.data as { callback: { registration: string; url: string }; health: { ok: boolean } };
    assert.equal(view.callback.registration, 'manual');
    assert.equal(view.callback.url, loop.platform.externalEventUrl);
    assert.isTrue(view.health.ok);
  });

  it('uninstall completes even when SIGNL4 cannot be reached', async () => {
    loop = await startLoop({ iparams: { signl4_api_key: 's4-api-key-0001' }, registerCallback: false });
    await loop.platform.advance(7 * 60_000);
    assert.lengthOf([...loop.s4.webhooks.values()], 1);
    loop.s4.faults.next('/api/webhooks/:id', { kind: '500' }, 5);
    const removed = await loop.platform.uninstall();
    assert.isTrue(removed.ok);
    assert.isUndefined(removed.blocked);
  });
});
