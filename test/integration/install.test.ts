import { assert } from 'chai';
import { startLoop, type Loop } from './loop-harness.js';

describe('install and uninstall on the local platform (issues 5 and 7)', function () {
  this.timeout(30_000);
  let loop: Loop | undefined;

  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  it('with a SIGNL4 API key, registers the external-event URL as the outbound webhook, sets up the tick, and uninstall removes both', async () => {
    loop = await startLoop({ iparams: { signl4_api_key: 's4-api-key-0001' }, registerCallback: false });
    const hooks = [...loop.s4.webhooks.values()];
    assert.lengthOf(hooks, 1);
    assert.equal(hooks[0]?.externalAddress, loop.platform.externalEventUrl);
    assert.lengthOf(loop.platform.schedules.list(), 1);
    const diagnostics = await loop.platform.invokeMethod('getDiagnostics', {});
    assert.deepInclude((diagnostics.rendered?.data as { callback: object }).callback, { registration: 'api', url: loop.platform.externalEventUrl });
    const removed = await loop.platform.uninstall();
    assert.isTrue(removed.ok);
    assert.lengthOf([...loop.s4.webhooks.values()], 0);
    assert.lengthOf(loop.platform.schedules.list(), 0);
  });

  it('a SIGNL4 API key that SIGNL4 rejects blocks the install with a short message that says what to fix', async () => {
    const error = await startLoop({ iparams: { signl4_api_key: 'wrong-key-123' }, registerCallback: false }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    assert.instanceOf(error, Error);
    const shown = String(error?.message).replace(/^install failed: (blocked: )?/, '');
    assert.equal(shown, 'SIGNL4 API key rejected: check it or leave it empty');
    assert.isAtMost(shown.length, 60, 'the install dialog shows at most 60 characters');
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
    loop.s4.faults.next('/api/webhooks/:id', { kind: '500' }, 5);
    const removed = await loop.platform.uninstall();
    assert.isTrue(removed.ok);
    assert.isUndefined(removed.blocked);
  });
});
