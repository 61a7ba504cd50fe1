/**
 * Log hygiene: a representative run of every handler, with secrets in the iparams and SIGNL4 and
 * Freshservice error bodies that echo them, must leave no secret in any log line, any renderData
 * message, anything stored for the sidebar or the diagnostics page, or any view.
 *
 * The logger here does NOT redact (CaptureLogger): the app itself must never hand a secret to it.
 * Request failures go through the real mapRequestFailure with the redactor the platform adapter
 * builds from the same iparams, as in production.
 */
import { assert } from 'chai';
import { createHandlers } from '../../server/src/handlers/create-handlers.js';
import { createRedactor, secretsOf } from '../../server/src/platform/redact.js';
import { makeExternalId } from '../../server/src/signl4/external-id.js';
import { QUEUE_KEY } from '../../server/src/work/delivery-queue.js';
import { CURRENT_HOST, storeState, ticketState, xidOf } from '../fakes/fake-context.js';
import { fakeDeps, httpError, ok } from '../fakes/fake-deps.js';
import { fakePort } from '../fakes/fake-port.js';
import { ticketEvent } from '../fixtures/fixtures.js';
import { acknowledged, closed, EVENT_ID } from '../fixtures/signl4-callbacks.js';

const WEBHOOK_SECRET = 'Wh00kS3cretValue9';
const FS_API_KEY = 'FsApiKeyS3cret77';
const S4_API_KEY = 'S4ApiKeyS3cret55';
const SECRETS = [WEBHOOK_SECRET, FS_API_KEY, S4_API_KEY, Buffer.from(`${FS_API_KEY}:X`).toString('base64')];

const IPARAMS = { signl4_webhook: `https://connect.signl4.com/webhook/${WEBHOOK_SECRET}`, freshservice_api_key: FS_API_KEY, signl4_api_key: S4_API_KEY };
const redact = createRedactor(secretsOf(IPARAMS));
const echoing = (status: number, body: unknown, retryAfter?: string) => httpError(status, { body, redact, ...(retryAfter === undefined ? {} : { retryAfter }) });

function assertClean(label: string, text: string): void {
  for (const secret of SECRETS) assert.notInclude(text, secret, `${label} leaks a secret`);
}

describe('log hygiene', () => {
  it('no secret reaches a log line, a rendered message, a stored record or a view', async () => {
    const deps = fakeDeps();
    const port = fakePort(deps);
    const handlers = createHandlers(port);
    const base = { currentHost: CURRENT_HOST, iparams: IPARAMS };
    deps.request
      .on('signl4Event', ok({ eventId: 'ev-17' }, 201), echoing(404, { code: 3004, message: 'Error raising event.', details: `An event source with ID ${WEBHOOK_SECRET} was not found.` }), echoing(429, { message: `throttled ${WEBHOOK_SECRET}` }, '30'), echoing(500, `upstream https://connect.signl4.com/webhook/${WEBHOOK_SECRET} failed`))
      .on('signl4CreateWebhook', echoing(401, { code: 401, message: `API key ${S4_API_KEY} is not valid` }))
      .on('signl4DeleteWebhook', echoing(403, { message: `x-s4-api-key: ${S4_API_KEY}` }))
      .on('fsFindAgent', echoing(401, { description: `Authorization: Basic ${Buffer.from(`${FS_API_KEY}:X`).toString('base64')} rejected` }))
      .on('fsCreateNote', echoing(503, { description: `key ${FS_API_KEY}` }))
      .on('fsUpdateTicket', echoing(400, { errors: [{ field: 'status', message: `refused for ${FS_API_KEY}` }] }))
      .on('fsGetTicket', echoing(403, { description: `agent with key ${FS_API_KEY} lacks access` }))
      .on('fsListTickets', echoing(429, { description: `slow down ${FS_API_KEY}` }, '60'));

    // product events: sent, refused (404 echoing the secret), queued (429), queued (500)
    for (const id of [17, 18, 19, 20]) {
      const { data } = ticketEvent('fdk-test-data.create');
      (data.ticket as Record<string, unknown>)['id'] = id;
      await handlers.onTicketCreateHandler({ ...base, data });
    }
    await handlers.onTicketUpdateHandler({ ...base, data: ticketEvent('fdk-test-data.update').data });
    await handlers.onTicketCreateHandler({ ...base, iparams: { ...IPARAMS, signl4_webhook: `https://evil.example/webhook/${WEBHOOK_SECRET}` }, data: ticketEvent('fdk-test-data.create').data });

    // callbacks: applied with failing Freshservice calls, forged, garbage
    await storeState(deps, ticketState({ id: 42, ev: [EVENT_ID] }));
    await handlers.onExternalEventHandler({ ...base, data: acknowledged({ xid: xidOf(42, 1) }) });
    await handlers.onExternalEventHandler({ ...base, data: 'not json' });
    await handlers.onExternalEventHandler({ ...base, data: { ...acknowledged({ xid: `FS-acme-42-1-${FS_API_KEY}` }) } });
    // a genuine callback under this run's key, whose Freshservice calls fail with echoing bodies
    await storeState(deps, ticketState({ id: 43, ev: [EVENT_ID], xid: makeExternalId(FS_API_KEY, 'acme', 43, 1) }));
    await handlers.onExternalEventHandler({ ...base, data: closed({ xid: makeExternalId(FS_API_KEY, 'acme', 43, 1) }) });

    // the scheduled tick with a throttled listing, install and uninstall that fail
    deps.clock.advance(10 * 60_000);
    await handlers.onScheduledEventHandler({ ...base, data: { job: 'tick' } });
    await handlers.onAppInstallHandler(base);
    await deps.store.set('install', { url: 'https://cb.example/x', registration: 'api', webhookId: 'wh-1', at: 0 });
    deps.scheduler.failing.delete = new Error('the platform refused');
    await handlers.onAppUninstallHandler(base);

    // server methods and the diagnostics page, including invalid settings
    for (const ticketId of [17, 18, 19, 42, 43]) await handlers.getSignl({ ...base, ticketId });
    await handlers.pageOnCall({ ...base, ticketId: 99 });
    await handlers.acknowledgeSignl({ ...base, ticketId: 17 });
    await handlers.getDiagnostics(base);
    await handlers.getDiagnostics({ ...base, iparams: { ...IPARAMS, freshservice_api_key: `${FS_API_KEY} with spaces` } });
    await handlers.validateSettings({ settings: { ...IPARAMS, signl4_webhook: `${WEBHOOK_SECRET}/` } });

    assert.isAbove(deps.log.lines.length, 20, 'the run logged what it did');
    assert.isAbove(deps.request.count(), 10);
    assertClean('the log', deps.log.text());
    assertClean('renderData for setup', JSON.stringify(port.setups));
    assertClean('renderData for methods', JSON.stringify(port.methods));
    assertClean('the $db records', JSON.stringify([...deps.store.data.entries()]));
    assert.isDefined(deps.store.peek(QUEUE_KEY), 'failures were queued, so their reasons were stored too');
    assert.include(JSON.stringify([...deps.store.data.entries()]), '***', 'echoed secrets were stored redacted, so the echoing paths ran');
  });
});
