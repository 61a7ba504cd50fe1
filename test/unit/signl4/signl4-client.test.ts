import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { deleteOutboundWebhook, registerOutboundWebhook, sendSignl4Event } from '../../../server/src/signl4/signl4-client.js';
import { FakeRequest, httpError, ok } from '../../fakes/fake-deps.js';
import { rejects } from '../../fakes/rejects.js';

describe('signl4 client', () => {
  it('sends an event with the secret in the template context and returns the eventId of a 201', async () => {
    const request = new FakeRequest().on('signl4Event', ok({ eventId: 'ev-1' }, 201));
    const result = await sendSignl4Event(request, 'team-secret', { Title: 't' });
    assert.deepEqual(result, { eventId: 'ev-1' });
    assert.deepEqual(request.calls[0]?.options, { context: { secret: 'team-secret' }, body: { Title: 't' } });
  });

  it('accepts any 2xx, with the eventId in any letter case, as a number, or absent', async () => {
    const request = new FakeRequest().on('signl4Event', ok({ EventID: 123 }, 200), ok(undefined, 202), ok('accepted', 204), ok({ eventId: { nested: true } }, 201));
    assert.deepEqual(await sendSignl4Event(request, 's', {}), { eventId: '123' });
    assert.deepEqual(await sendSignl4Event(request, 's', {}), { eventId: undefined });
    assert.deepEqual(await sendSignl4Event(request, 's', {}), { eventId: undefined });
    assert.deepEqual(await sendSignl4Event(request, 's', {}), { eventId: undefined });
  });

  it('passes coded failures through (404 with SIGNL4 code 3004 = unknown secret)', async () => {
    const request = new FakeRequest().on('signl4Event', httpError(404, { body: { code: 3004, message: 'Error raising event.', details: 'An event source with ID x was not found.' } }));
    const error = await rejects(sendSignl4Event(request, 'x', {}));
    assert.instanceOf(error, AppError);
    assert.equal((error as AppError).code, 'not_found');
    assert.include((error as AppError).details[0], '3004');
  });

  it('registers the outbound webhook by name and URL and returns its id', async () => {
    const request = new FakeRequest().on('signl4CreateWebhook', ok({ id: 'wh-1', enabled: true }, 201));
    assert.equal(await registerOutboundWebhook(request, 'https://cb.example/x', 'Freshservice (acme)'), 'wh-1');
    assert.deepEqual(request.lastBody('signl4CreateWebhook'), { name: 'Freshservice (acme)', externalAddress: 'https://cb.example/x', extUrl: 'https://cb.example/x' });
  });

  it('accepts the id as a plain string (the v1 spec), a JSON string or an object', async () => {
    const request = new FakeRequest().on('signl4CreateWebhook', ok('wh-plain', 201), ok('"wh-json"', 201), ok({ id: 'wh-obj' }, 201));
    assert.equal(await registerOutboundWebhook(request, 'u', 'n'), 'wh-plain');
    assert.equal(await registerOutboundWebhook(request, 'u', 'n'), 'wh-json');
    assert.equal(await registerOutboundWebhook(request, 'u', 'n'), 'wh-obj');
  });

  it('resolves no id for a registration answer that names none (SIGNL4 still made the webhook)', async () => {
    const request = new FakeRequest().on('signl4CreateWebhook', ok({ enabled: true }, 201));
    assert.isUndefined(await registerOutboundWebhook(request, 'u', 'n'));
  });

  it('deletes the outbound webhook by id', async () => {
    const request = new FakeRequest().on('signl4DeleteWebhook', ok(undefined, 204));
    await deleteOutboundWebhook(request, 'wh-1');
    assert.deepEqual(request.calls[0]?.options, { context: { webhookId: 'wh-1' } });
  });
});
