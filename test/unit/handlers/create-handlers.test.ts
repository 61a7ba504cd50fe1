import { assert } from 'chai';
import { createHandlers } from '../../../server/src/handlers/create-handlers.js';
import type { DiagnosticsView, SignlView } from '../../../server/src/methods/view-types.js';
import { QUEUE_KEY } from '../../../server/src/work/delivery-queue.js';
import { INSTALL_KEY, type InstallRecord } from '../../../server/src/records/install-record.js';
import { TICK_SCHEDULE } from '../../../server/src/handlers/run-tick.js';
import { stateKey, type TicketState } from '../../../server/src/signl/ticket-state.js';
import { BASE_IPARAMS, CURRENT_HOST, S4_API_KEY, storeState, ticketState, xidOf } from '../../fakes/fake-context.js';
import { ok } from '../../fakes/fake-deps.js';
import { storeUnavailable } from '../../fakes/memory-store.js';
import { fakePort, lastData } from '../../fakes/fake-port.js';
import { ticketEvent } from '../../fixtures/fixtures.js';
import { acknowledged, EVENT_ID } from '../../fixtures/signl4-callbacks.js';

const args = (extra: Record<string, unknown> = {}) => ({ currentHost: CURRENT_HOST, iparams: { ...BASE_IPARAMS }, ...extra });
const BAD_IPARAMS = { signl4_webhook: 'not a webhook', freshservice_api_key: '' };

describe('createHandlers', () => {
  it('exports a handler for every name in the manifest', () => {
    assert.sameMembers(Object.keys(createHandlers(fakePort())), [
      'onTicketCreateHandler',
      'onTicketUpdateHandler',
      'onExternalEventHandler',
      'onScheduledEventHandler',
      'onAppInstallHandler',
      'onAppUninstallHandler',
      'getSignl',
      'pageOnCall',
      'acknowledgeSignl',
      'resolveSignl',
      'retryDelivery',
      'getDiagnostics',
      'validateSettings',
    ]);
  });

  it('onTicketCreate forwards a matching ticket with deps made from the invocation args', async () => {
    const port = fakePort();
    port.deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
    const event = { ...args(), data: ticketEvent('fdk-test-data.create').data };
    await createHandlers(port).onTicketCreateHandler(event);
    assert.strictEqual(port.created[0], event);
    assert.equal(port.deps.request.count('signl4Event'), 1);
    assert.equal(port.deps.store.peek<TicketState>(stateKey(17))?.xid, xidOf(17));
    assert.deepInclude(port.deps.log.lines.find((l) => l.message === 'onTicketCreate done')?.fields ?? {}, { outcome: 'sent' });
  });

  it('sends nothing on invalid settings and logs every problem', async () => {
    const port = fakePort();
    await createHandlers(port).onTicketCreateHandler({ ...args(), iparams: BAD_IPARAMS, data: ticketEvent('fdk-test-data.create').data });
    assert.equal(port.deps.request.count(), 0);
    assert.equal(port.deps.store.ops, 0);
    const line = port.deps.log.lines.find((l) => l.level === 'error');
    assert.equal(line?.message, 'onTicketCreate: nothing done, the settings are invalid');
    assert.lengthOf(line?.fields?.['problems'] as string[], 2);
  });

  it('logs a failed use case with its code and what to fix, and never throws', async () => {
    const port = fakePort();
    port.deps.store.failWhen(() => storeUnavailable());
    await createHandlers(port).onTicketCreateHandler({ ...args(), data: ticketEvent('fdk-test-data.create').data });
    assert.deepInclude(port.deps.log.lines.find((l) => l.message === 'onTicketCreate failed')?.fields ?? {}, { code: 'store_failed' });
  });

  it('onTicketUpdate syncs a status change of a forwarded ticket', async () => {
    const port = fakePort();
    port.deps.request.on('signl4Event', ok({ eventId: 'ev-ack' }, 201));
    await storeState(port.deps, ticketState({ id: 17 }));
    await createHandlers(port).onTicketUpdateHandler({ ...args(), data: ticketEvent('fdk-test-data.update').data });
    assert.equal(port.deps.store.peek<TicketState>(stateKey(17))?.st, 'acknowledged');
  });

  it('onExternalEvent applies a SIGNL4 callback', async () => {
    const port = fakePort();
    port.deps.request.on('fsFindAgent', ok({ agents: [] })).on('fsCreateNote', ok({}, 201)).on('fsUpdateTicket', ok({}));
    await storeState(port.deps, ticketState({ ev: [EVENT_ID] }));
    await createHandlers(port).onExternalEventHandler({ ...args(), data: acknowledged({ xid: xidOf(42) }), headers: { 'content-type': 'application/json' } });
    assert.equal(port.deps.store.peek<TicketState>(stateKey(42))?.st, 'acknowledged');
    assert.deepInclude(port.deps.log.lines.find((l) => l.message === 'onExternalEvent done')?.fields ?? {}, { outcome: 'applied' });
  });

  it('onScheduledEvent runs the tick', async () => {
    const port = fakePort();
    port.deps.request.on('fsListTickets', ok({ tickets: [] }));
    await createHandlers(port).onScheduledEventHandler({ ...args(), data: { job: 'tick' } });
    assert.equal(port.deps.request.count('fsListTickets'), 1);
    assert.isDefined(port.deps.store.peek(QUEUE_KEY), 'the sweep cursor was saved');
  });

  it('onAppInstall records the URL, schedules the tick and the SIGNL4 registration, and lets the install complete', async () => {
    const port = fakePort();
    await createHandlers(port).onAppInstallHandler({ ...args(), iparams: { ...BASE_IPARAMS, signl4_api_key: S4_API_KEY } });
    assert.deepEqual(port.setups, [undefined]);
    assert.deepInclude(port.deps.store.peek<InstallRecord>(INSTALL_KEY) ?? {}, { url: port.url as string, registration: 'pending' });
    assert.equal(port.deps.request.count(), 0, 'install calls no outside service');
    assert.equal(port.deps.scheduler.schedules.get('s4-reg-1')?.data['name'], 'Freshservice (acme)');
    assert.isTrue(port.deps.scheduler.schedules.has(TICK_SCHEDULE));
  });

  it('onAppInstall blocks with a short message when the URL cannot be made, the settings are invalid or setup fails', async () => {
    const noUrl = fakePort();
    noUrl.url = new Error('generateTargetUrl failed');
    await createHandlers(noUrl).onAppInstallHandler(args());
    assert.deepEqual(noUrl.setups, ['Could not create the callback URL: try again']);
    const invalid = fakePort();
    await createHandlers(invalid).onAppInstallHandler({ ...args(), iparams: BAD_IPARAMS });
    assert.deepEqual(invalid.setups, ['Settings invalid: open the app settings to fix']);
    const refused = fakePort();
    refused.deps.scheduler.failing.create = new Error('Schedule could not be created');
    await createHandlers(refused).onAppInstallHandler({ ...args(), iparams: { ...BASE_IPARAMS, signl4_api_key: S4_API_KEY } });
    assert.deepEqual(refused.setups, ['Setup could not finish: try installing again']);
  });

  it('onAppUninstall always lets the uninstall complete', async () => {
    const port = fakePort();
    port.deps.scheduler.failing.delete = new Error('x');
    port.deps.store.failWhen(() => storeUnavailable());
    await createHandlers(port).onAppUninstallHandler(args());
    assert.deepEqual(port.setups, [undefined]);
  });

  it('server methods answer with data, or with a status and plain words', async () => {
    const port = fakePort();
    const handlers = createHandlers(port);
    await handlers.getSignl({ ...args(), ticketId: 9 });
    assert.equal(lastData<SignlView>(port).state, 'not_forwarded');
    await handlers.acknowledgeSignl({ ...args(), ticketId: 9 });
    assert.deepEqual(port.methods.at(-1), { status: 409, message: 'This ticket has no Signl yet. Refresh the sidebar.' });
    assert.include(port.deps.log.text(), 'acknowledgeSignl failed');
  });

  it('server methods refuse with 503 when the app is not configured', async () => {
    const port = fakePort();
    const handlers = createHandlers(port);
    for (const name of ['getSignl', 'pageOnCall', 'acknowledgeSignl', 'resolveSignl', 'retryDelivery'] as const) {
      await handlers[name]({ ...args(), iparams: BAD_IPARAMS, ticketId: 9 });
    }
    assert.lengthOf(port.methods, 5);
    for (const rendered of port.methods) assert.deepEqual(rendered, { status: 503, message: 'The SIGNL4 app is not configured correctly. Ask your admin to open its settings.' });
  });

  it('pageOnCall, resolveSignl and retryDelivery reach their use cases', async () => {
    const port = fakePort();
    port.deps.request.on('fsGetTicket', ok({ ticket: { id: 9, subject: 'x' } })).on('signl4Event', ok({ eventId: 'e' }, 201));
    const handlers = createHandlers(port);
    await handlers.pageOnCall({ ...args(), ticketId: 9 });
    assert.equal(lastData<{ view: SignlView }>(port).view.state, 'open');
    await handlers.resolveSignl({ ...args(), ticketId: 9 });
    assert.equal(lastData<{ view: SignlView }>(port).view.state, 'closed');
    await handlers.retryDelivery({ ...args(), ticketId: 9 });
    assert.equal((port.methods.at(-1) as { status: number }).status, 409);
  });

  it('validateSettings checks the page settings without deps or settings of its own', async () => {
    const port = fakePort();
    await createHandlers(port).validateSettings({ settings: { ...BASE_IPARAMS } });
    assert.deepEqual(lastData(port), { ok: true, problems: [] });
    assert.lengthOf(port.created, 0);
  });

  it('getDiagnostics answers with the view, even for invalid settings, and with plain words on failure', async () => {
    const port = fakePort();
    const handlers = createHandlers(port);
    await handlers.getDiagnostics({ ...args(), iparams: BAD_IPARAMS });
    assert.isFalse(lastData<DiagnosticsView>(port).health.ok);
    port.deps.store.failWhen(() => storeUnavailable());
    await handlers.getDiagnostics(args());
    assert.equal((port.methods.at(-1) as { status: number }).status, 500);
  });
});
