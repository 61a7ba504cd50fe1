import { assert } from 'chai';
import { createSignl4Simulator, type Signl4Simulator } from '../../../tools/simulators/index.js';
import { CallbackReceiver } from './callback-receiver.js';
import { call, ManualClock } from './http-call.js';

const GRACE = '5f2b7c1e-0001-4a51-9c3e-000000000102';
const UTC7 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;

describe('simulated SIGNL4: outbound callbacks', () => {
  let s4: Signl4Simulator;
  let url: string;
  let receiver: CallbackReceiver;
  let clock: ManualClock;

  async function raise(externalId = 'fs:acme:101'): Promise<string> {
    const res = await call(url, '/webhook/team-secret-0001', { method: 'POST', body: { Title: 'VPN down', 'X-S4-ExternalID': externalId } });
    await s4.whenIdle();
    return res.json.eventId as string;
  }

  const bodies = () => receiver.received.map((r) => r.body);

  beforeEach(async () => {
    clock = new ManualClock();
    receiver = new CallbackReceiver();
    await receiver.start();
    s4 = createSignl4Simulator({ clock });
    url = await s4.listen();
    s4.registerWebhook(`${receiver.url}/hook?token=abc`);
  });
  afterEach(async () => {
    await s4.close();
    await receiver.stop();
  });

  it('posts 200 (created, statusCode 1) with the exact keys, the first event id and the external id', async () => {
    const eventId = await raise();
    const [created] = bodies();
    assert.deepEqual(Object.keys(created ?? {}), ['eventType', 'eventRaisedUtc', 'subscription', 'id', 'alert']);
    assert.equal(created?.['eventType'], 200);
    assert.match(String(created?.['eventRaisedUtc']), UTC7);
    assert.deepEqual(created?.['subscription'], { id: s4.subscriptionId });
    assert.deepEqual(created?.['alert'], { statusCode: 1, eventId, externalEventId: 'fs:acme:101', id: s4.signls()[0]?.id });
    assert.equal(receiver.received[0]?.path, '/hook?token=abc');
    assert.match(String(receiver.received[0]?.headers['content-type']), /^application\/json/);
  });

  it('posts 201 with statusCode 2 and the user on acknowledge, and 201 with statusCode 4 on close; eventId stays the first event', async () => {
    const eventId = await raise();
    const alertId = s4.signls()[0]?.id as string;
    await s4.acknowledge(alertId, GRACE);
    await s4.close(alertId, GRACE);
    const [, acked, closed] = bodies();
    assert.equal(acked?.['eventType'], 201);
    assert.deepEqual(acked?.['user'], { username: 'Grace Hopper', mailaddress: 'grace.hopper@acme.example', id: GRACE });
    assert.deepEqual(acked?.['alert'], { statusCode: 2, eventId, externalEventId: 'fs:acme:101', acknowledgedUserIds: [GRACE], id: alertId });
    assert.equal(closed?.['eventType'], 201);
    assert.include(closed?.['alert'] as object, { statusCode: 4, eventId });
    assert.notEqual(acked?.['id'], closed?.['id']);
  });

  it('posts a 201 without a user when an inbound event acknowledges or resolves', async () => {
    await raise();
    await call(url, '/webhook/team-secret-0001', { method: 'POST', body: { 'X-S4-ExternalID': 'fs:acme:101', 'X-S4-Status': 'acknowledged' } });
    await call(url, '/webhook/team-secret-0001', { method: 'POST', body: { 'X-S4-ExternalID': 'fs:acme:101', 'X-S4-Status': 'resolved' } });
    await s4.whenIdle();
    const [, acked, resolved] = bodies();
    assert.notProperty(acked, 'user');
    assert.deepEqual([(acked?.['alert'] as Record<string, unknown>)['statusCode'], (resolved?.['alert'] as Record<string, unknown>)['statusCode']], [2, 4]);
  });

  it('posts 202 on escalation (team, no user) and 203 on annotation (statusCode 0, annotation.message)', async () => {
    await raise();
    const alertId = s4.signls()[0]?.id as string;
    await s4.escalate(alertId);
    await s4.annotate(alertId, GRACE, "OK, I'll take care about it.");
    const [, escalated, annotated] = bodies();
    assert.equal(escalated?.['eventType'], 202);
    assert.deepEqual(escalated?.['team'], { id: s4.teamId });
    assert.notProperty(escalated, 'user');
    assert.include(escalated?.['alert'] as object, { statusCode: 1 });
    assert.equal(annotated?.['eventType'], 203);
    assert.include(annotated?.['alert'] as object, { statusCode: 0 });
    assert.include(annotated?.['annotation'] as object, { message: "OK, I'll take care about it." });
    assert.isString((annotated?.['annotation'] as Record<string, unknown>)['id']);
  });

  it('posts the test event (1) and the duty events 300-303', async () => {
    await s4.sendTestEvent();
    await s4.dutyEvent(300);
    await s4.dutyEvent(302, GRACE);
    const [test, duty, punch] = bodies();
    assert.equal(test?.['eventType'], 1);
    assert.deepEqual(duty?.['team'], { id: s4.teamId });
    assert.notProperty(duty, 'alert');
    assert.deepEqual(punch?.['user'], { id: GRACE });
    assert.match(String(punch?.['eventRaisedUtc']), UTC7);
  });

  it('refuses phone actions against the lifecycle (409), for unknown alerts (404) and unknown users (400)', async () => {
    await raise();
    const alertId = s4.signls()[0]?.id as string;
    await s4.close(alertId, GRACE);
    const errors = await Promise.all([
      s4.acknowledge(alertId, GRACE).then(() => undefined, (e: { status: number }) => e.status),
      s4.close(alertId, GRACE).then(() => undefined, (e: { status: number }) => e.status),
      s4.acknowledge('nope', GRACE).then(() => undefined, (e: { status: number }) => e.status),
      s4.annotate(alertId, 'stranger', 'x').then(() => undefined, (e: { status: number }) => e.status),
    ]);
    assert.deepEqual(errors, [409, 409, 404, 400]);
  });

  it('delivers a notification twice with the same id when asked (duplicate: true)', async () => {
    await raise();
    await s4.acknowledge(s4.signls()[0]?.id as string, GRACE, { duplicate: true });
    const acks = bodies().filter((b) => b['eventType'] === 201);
    assert.lengthOf(acks, 2);
    assert.equal(acks[0]?.['id'], acks[1]?.['id']);
    assert.deepEqual(s4.callbacks.filter((c) => c.eventType === 201).map((c) => c.duplicate), [false, true]);
  });

  it('holds callbacks in manual mode and releases them in the order asked for', async () => {
    s4.callbackDelivery = 'manual';
    await raise();
    const alertId = s4.signls()[0]?.id as string;
    await s4.acknowledge(alertId, GRACE);
    await s4.close(alertId, GRACE);
    assert.lengthOf(receiver.received, 0);
    assert.deepEqual(s4.pendingCallbacks().map((p) => p.body['eventType']), [200, 201, 201]);
    await s4.releaseCallbacks([2]);
    assert.deepEqual(bodies().map((b) => (b['alert'] as Record<string, unknown>)['statusCode']), [4]);
    await s4.releaseCallbacks('reverse');
    assert.deepEqual(bodies().map((b) => (b['alert'] as Record<string, unknown>)['statusCode']), [4, 2, 1]);
    assert.lengthOf(s4.pendingCallbacks(), 0);
  });

  it('releases held callbacks together: every POST is sent before any is answered, in the order asked for', async () => {
    s4.callbackDelivery = 'manual';
    await raise();
    const alertId = s4.signls()[0]?.id as string;
    await s4.acknowledge(alertId, GRACE);
    await s4.close(alertId, GRACE);
    await s4.releaseCallbacks([0]);
    receiver.holdUntil = 3;
    const sent = await s4.releaseCallbacks('reverse', { together: true });
    await s4.whenIdle();
    assert.deepEqual(sent.map((c) => (c.body['alert'] as Record<string, unknown>)['statusCode']), [4, 2]);
    assert.deepEqual(sent.map((c) => c.status), [200, 200]);
    assert.deepEqual(receiver.arrivedAtAnswer.slice(1), [3, 3], 'both were in flight at once');
  });

  it('releases held callbacks one after another by default (each waits for the answer before)', async () => {
    s4.callbackDelivery = 'manual';
    await raise();
    await s4.acknowledge(s4.signls()[0]?.id as string, GRACE);
    await s4.releaseCallbacks();
    assert.deepEqual(receiver.arrivedAtAnswer, [1, 2]);
  });

  it('records the status each receiver answered with, and the error when it cannot be reached', async () => {
    receiver.status = 500;
    s4.registerWebhook('http://127.0.0.1:9/unreachable');
    await raise();
    const records = s4.callbacks.filter((c) => c.eventType === 200);
    assert.equal(records.find((r) => r.url.startsWith(receiver.url))?.status, 500);
    const failed = records.find((r) => r.url.includes(':9/'));
    assert.isUndefined(failed?.status);
    assert.isString(failed?.error);
  });
});
