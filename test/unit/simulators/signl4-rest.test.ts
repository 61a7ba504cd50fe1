import { assert } from 'chai';
import { createSignl4Simulator, type Signl4Simulator } from '../../../tools/simulators/index.js';
import { CallbackReceiver } from './callback-receiver.js';
import { call, type CallOptions } from './http-call.js';

const GRACE = '5f2b7c1e-0001-4a51-9c3e-000000000102';
const KEY = { 'X-S4-Api-Key': 's4-api-key-0001' };

describe('simulated SIGNL4: REST API', () => {
  let s4: Signl4Simulator;
  let url: string;
  let alertId: string;
  const api = (path: string, options: CallOptions = {}) => call(url, path, { ...options, headers: { ...KEY, ...options.headers } });

  beforeEach(async () => {
    s4 = createSignl4Simulator();
    url = await s4.listen();
    await call(url, '/webhook/team-secret-0001', { method: 'POST', body: { Title: 'VPN down', Message: 'Berlin', 'X-S4-ExternalID': 'fs:acme:101' } });
    alertId = s4.signls()[0]?.id as string;
  });
  afterEach(() => s4.close());

  it('answers GET /api/v2/alerts/{id} with 401 without a key and the alert with one', async () => {
    const anonymous = await call(url, `/api/v2/alerts/${alertId}`);
    assert.equal(anonymous.status, 401);
    assert.include(anonymous.json, { message: 'Unauthorized.' });
    assert.equal((await call(url, `/api/v2/alerts/${alertId}`, { headers: { 'X-S4-Api-Key': 'wrong' } })).status, 401);
    const res = await api(`/api/v2/alerts/${alertId}`);
    assert.equal(res.status, 200);
    assert.include(res.json, { id: alertId, title: 'VPN down', text: 'Berlin', status: 1, externalId: 'fs:acme:101', teamId: s4.teamId });
    assert.equal((await api('/api/v2/alerts/unknown')).status, 404);
  });

  it('answers /details with title, status, external id, event id and history', async () => {
    await s4.acknowledge(alertId, GRACE);
    const res = await api(`/api/v2/alerts/${alertId}/details`);
    assert.include(res.json, { title: 'VPN down', status: 2, externalId: 'fs:acme:101', eventId: s4.signls()[0]?.eventId });
    assert.equal(res.json.history.acknowledgements[0].userId, GRACE);
  });

  it('acknowledges and closes with { uid } or { userId }, answering 409 against the lifecycle and 400 for an unknown user', async () => {
    const ack = await api(`/api/v2/alerts/${alertId}/acknowledge`, { method: 'POST', body: { uid: GRACE } });
    assert.equal(ack.status, 200);
    assert.equal(ack.json.status, 2);
    assert.equal((await api(`/api/v2/alerts/${alertId}/acknowledge`, { method: 'POST', body: { uid: GRACE } })).status, 409);
    assert.equal((await api(`/api/v2/alerts/${alertId}/close`, { method: 'POST', body: { userId: 'ghost' } })).status, 400);
    const close = await api(`/api/alerts/${alertId}/close`, { method: 'POST', body: { userId: GRACE } });
    assert.equal(close.json.status, 4);
    assert.equal((await api(`/api/v2/alerts/${alertId}/close`, { method: 'POST', body: { uid: GRACE } })).status, 409);
  });

  it('annotates and fires the same callbacks as the phone', async () => {
    const receiver = new CallbackReceiver();
    s4.registerWebhook(`${await receiver.start()}/cb`);
    const res = await api(`/api/v2/alerts/${alertId}/annotate`, { method: 'POST', body: { type: 1, text: 'on my way', userId: GRACE } });
    assert.equal(res.status, 200);
    assert.equal((await api(`/api/v2/alerts/${alertId}/annotate`, { method: 'POST', body: { userId: GRACE } })).status, 400);
    await s4.whenIdle();
    assert.deepEqual(receiver.received.map((r) => r.body['eventType']), [203]);
    await receiver.stop();
  });

  it('searches alerts by external id with POST /api/v2/alerts/paged (userId required)', async () => {
    assert.equal((await api('/api/v2/alerts/paged', { method: 'POST', body: { externalId: 'fs:acme:101' } })).status, 400);
    const res = await api(`/api/v2/alerts/paged?userId=${GRACE}`, { method: 'POST', body: { externalId: 'fs:acme:101' } });
    assert.deepEqual(res.json.items.map((a: { id: string }) => a.id), [alertId]);
  });

  it('registers outbound webhooks with either body form (201 with the id as plain text), lists, shows and deletes them (200, then 404)', async () => {
    const current = await api('/api/webhooks', { method: 'POST', body: { name: 'Freshservice app', externalAddress: 'http://127.0.0.1:1/cb?t=1' } });
    assert.equal(current.status, 201);
    assert.match(String(current.headers['content-type']), /^text\/plain/);
    const id = current.text;
    assert.include(s4.webhooks.get(id), { name: 'Freshservice app', externalAddress: 'http://127.0.0.1:1/cb?t=1', enabled: true, subscriptionId: s4.subscriptionId });
    const legacy = await api('/api/webhooks', { method: 'POST', body: { extUrl: 'http://127.0.0.1:1/legacy' } });
    assert.equal(legacy.status, 201);
    assert.lengthOf((await api('/api/webhooks')).json, 2);
    assert.include((await api(`/api/webhooks/${id}`)).json, { id, externalAddress: 'http://127.0.0.1:1/cb?t=1' });
    const removed = await api(`/api/webhooks/${id}`, { method: 'DELETE' });
    assert.equal(removed.status, 200);
    assert.equal(removed.text, '');
    assert.equal((await api(`/api/webhooks/${id}`, { method: 'DELETE' })).status, 404);
    assert.equal((await call(url, '/api/webhooks')).status, 401);
  });

  it('can answer the new webhook id as a JSON string or as the WebhookInfo object instead', async () => {
    s4.webhookIdAnswer = 'json';
    const json = await api('/api/webhooks', { method: 'POST', body: { externalAddress: 'http://127.0.0.1:1/a' } });
    assert.equal(json.status, 201);
    assert.isString(json.json);
    assert.equal(s4.webhooks.get(json.json as string)?.externalAddress, 'http://127.0.0.1:1/a');
    s4.webhookIdAnswer = 'object';
    const object = await api('/api/webhooks', { method: 'POST', body: { externalAddress: 'http://127.0.0.1:1/b' } });
    assert.include(object.json, { externalAddress: 'http://127.0.0.1:1/b', enabled: true });
    assert.isTrue(s4.webhooks.has((object.json as { id: string }).id));
  });

  it('refuses a webhook without a usable URL, or pointing at its own inbound webhook', async () => {
    assert.equal((await api('/api/webhooks', { method: 'POST', body: { name: 'x' } })).status, 400);
    assert.equal((await api('/api/webhooks', { method: 'POST', body: { externalAddress: 'not a url' } })).status, 400);
    assert.equal((await api('/api/webhooks', { method: 'POST', body: { externalAddress: `${url}/webhook/team-secret-0001` } })).status, 400);
  });
});
