import { assert } from 'chai';
import { createSignl4Simulator, type Signl4Simulator } from '../../../tools/simulators/index.js';
import { call, ManualClock, type CallOptions } from './http-call.js';

describe('simulated SIGNL4: inbound webhook and events API', () => {
  let s4: Signl4Simulator;
  let url: string;
  const send = (body: unknown, options: CallOptions = {}, path = '/webhook/team-secret-0001') => call(url, path, { method: 'POST', body, ...options });

  beforeEach(async () => {
    s4 = createSignl4Simulator({ clock: new ManualClock() });
    url = await s4.listen();
  });
  afterEach(() => s4.close());

  it('answers 201 {"eventId"} and raises an open Signl from Title and Message', async () => {
    const res = await send({ Title: 'VPN down', Message: 'Berlin has no VPN', 'X-S4-ExternalID': 'fs:acme:101' });
    assert.equal(res.status, 201);
    assert.match(res.json.eventId, /^[0-9a-f-]{36}$/);
    const [signl] = s4.signls();
    assert.include(signl, { title: 'VPN down', text: 'Berlin has no VPN', statusCode: 1, externalId: 'fs:acme:101', eventId: res.json.eventId });
    assert.equal(s4.events[0]?.action, 'created');
  });

  it('answers an unknown secret with 404 code 3004 and the documented body', async () => {
    const res = await send({ Title: 'x' }, {}, '/webhook/wrong-secret');
    assert.equal(res.status, 404);
    assert.include(res.json, { code: 3004, message: 'Error raising event.', details: 'An event source with ID wrong-secret was not found.' });
    assert.isString(res.json.requestId);
    assert.lengthOf(s4.signls(), 0);
  });

  it('answers 400 to invalid JSON or a non-object body and 405 to a method other than POST', async () => {
    assert.equal((await send('{"Title":', { headers: { 'Content-Type': 'application/json' } })).status, 400);
    assert.equal((await send('[1,2]', { headers: { 'Content-Type': 'application/json' } })).status, 400);
    assert.equal((await send('', { headers: { 'Content-Type': 'application/json' } })).status, 400);
    assert.equal((await call(url, '/webhook/team-secret-0001')).status, 405);
    assert.equal((await call(url, '/webhook/team-secret-0001', { method: 'PUT', body: {} })).status, 405);
  });

  it('accepts form-urlencoded and plain-text bodies', async () => {
    const form = await send('Subject=Disk+full&Description=%2Fvar+at+99%25&X-S4-ExternalID=fs%3Aacme%3A7', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 201);
    assert.include(s4.signls()[0], { title: 'Disk full', text: '/var at 99%', externalId: 'fs:acme:7' });
    const text = await send('Printer on fire', { headers: { 'Content-Type': 'text/plain' } });
    assert.equal(text.status, 201);
    assert.include(s4.signls()[1], { text: 'Printer on fire' });
  });

  it('takes Title and Text from the first documented names (any case), else from the first string values, and flattens nested objects', async () => {
    await send({ incident: 'Core switch', body: 'flapping', Subject: 'Subject outranks Incident', 'Business Details': { Impact: 'High', Users: 120 } });
    assert.include(s4.signls()[0], { title: 'Subject outranks Incident', text: 'flapping' });
    assert.deepInclude(s4.signls()[0]?.parameters, { 'Business Details.Impact': 'High', 'Business Details.Users': 120 });
    await send({ host: 'sw-01', state: 'down', 'X-S4-Service': 'Network' });
    assert.include(s4.signls()[1], { title: 'sw-01', text: 'down', service: 'Network' });
  });

  it('records X-S4-Service, X-S4-AlertingScenario and X-S4-SourceSystem', async () => {
    await send({ Title: 't', 'X-S4-Service': 'Network Ops', 'X-S4-AlertingScenario': 'multi_ack', 'X-S4-SourceSystem': 'Freshservice' });
    assert.include(s4.events[0], { service: 'Network Ops', scenario: 'multi_ack', sourceSystem: 'Freshservice' });
    assert.include(s4.signls()[0], { service: 'Network Ops', scenario: 'multi_ack', sourceSystem: 'Freshservice' });
  });

  describe('X-S4-Status semantics', () => {
    it('acknowledges and then resolves the open Signl first raised with that external id, recording the status as sent', async () => {
      await send({ Title: 'a', 'X-S4-ExternalID': 'fs:acme:1', 'X-S4-Status': 'new' });
      await send({ Title: 'b', 'X-S4-ExternalID': 'fs:acme:2' });
      const ack = await send({ 'X-S4-ExternalID': 'fs:acme:1', 'X-S4-Status': 'Acknowledged' });
      assert.equal(ack.status, 201);
      assert.deepEqual(s4.signls().map((s) => s.statusCode), [2, 1]);
      assert.include(s4.events[2], { statusSent: 'Acknowledged', action: 'acknowledged' });
      await send({ 'x-s4-externalid': 'fs:acme:1', 'x-s4-status': 'resolved' });
      assert.equal(s4.signls()[0]?.statusCode, 4);
      assert.equal(s4.signls()[1]?.statusCode, 1);
      assert.deepEqual(s4.signls()[0]?.events, s4.events.filter((e) => e.externalId === 'fs:acme:1').map((e) => e.eventId));
    });

    it('does nothing for an acknowledge on a closed Signl, nor for a Signl whose first event lacked the external id', async () => {
      await send({ Title: 'a', 'X-S4-ExternalID': 'fs:acme:1' });
      await send({ 'X-S4-ExternalID': 'fs:acme:1', 'X-S4-Status': 'resolved' });
      const late = await send({ 'X-S4-ExternalID': 'fs:acme:1', 'X-S4-Status': 'acknowledged' });
      assert.equal(late.status, 201);
      assert.equal(s4.signls()[0]?.statusCode, 4);
      assert.equal(s4.events.at(-1)?.action, 'no-match');
      await send({ Title: 'no id' });
      await send({ 'X-S4-ExternalID': 'fs:acme:9', 'X-S4-Status': 'acknowledged' });
      assert.equal(s4.signls()[1]?.statusCode, 1);
    });

    it('resolves every still-open Signl raised with the same external id', async () => {
      await send({ Title: 'a', 'X-S4-ExternalID': 'dup' });
      await send({ Title: 'b', 'X-S4-ExternalID': 'dup' });
      await send({ 'X-S4-ExternalID': 'dup', 'X-S4-Status': 'acknowledged' });
      await send({ 'X-S4-ExternalID': 'dup', 'X-S4-Status': 'resolved' });
      assert.deepEqual(s4.signls().map((s) => s.statusCode), [4, 4]);
    });

    it('discards other statuses (still 201 with an eventId) and treats an empty status as new', async () => {
      const other = await send({ Title: 'x', 'X-S4-ExternalID': 'e', 'X-S4-Status': 'pending' });
      assert.equal(other.status, 201);
      assert.isString(other.json.eventId);
      assert.lengthOf(s4.signls(), 0);
      assert.equal(s4.events[0]?.action, 'discarded');
      await send({ Title: 'x', 'X-S4-Status': '' });
      assert.lengthOf(s4.signls(), 1);
    });

    it('maps statuses from payload fields named in the URL (ExtIDParam, ExtStatusParam, AckStatus, ResolvedStatus)', async () => {
      const path = '/webhook/team-secret-0001?ExtIDParam=Id&ExtStatusParam=State&AckStatus=PENDING&ResolvedStatus=UP';
      await send({ Title: 'down', Id: 'mon-1', State: 'DOWN' }, {}, path);
      await send({ Id: 'mon-1', State: 'PENDING' }, {}, path);
      assert.equal(s4.signls()[0]?.statusCode, 2);
      await send({ Id: 'mon-1', State: 'UP' }, {}, path);
      assert.equal(s4.signls()[0]?.statusCode, 4);
    });
  });

  describe('POST /api/v2/events/{id}', () => {
    it('requires X-S4-Api-Key (401 without) and accepts a secret or the team id', async () => {
      const noKey = await send({ Title: 'x' }, {}, '/api/v2/events/team-secret-0001');
      assert.equal(noKey.status, 401);
      const bySecret = await send({ Title: 'x' }, { headers: { 'X-S4-Api-Key': 's4-api-key-0001' } }, '/api/v2/events/team-secret-0001');
      assert.equal(bySecret.status, 201);
      const byTeam = await send({ Title: 'y' }, { headers: { 'X-S4-Api-Key': 's4-api-key-0001' } }, `/api/v2/events/${s4.teamId}`);
      assert.equal(byTeam.status, 201);
      const unknown = await send({ Title: 'z' }, { headers: { 'X-S4-Api-Key': 's4-api-key-0001' } }, '/api/v2/events/other');
      assert.include(unknown.json, { code: 3004 });
      assert.deepEqual(s4.events.map((e) => e.via), ['events-api', 'events-api']);
    });
  });

  it('keeps the secret and the API key out of its request log', async () => {
    await send({ Title: 'x' });
    await send({ Title: 'x' }, { headers: { 'X-S4-Api-Key': 's4-api-key-0001' } }, '/api/v2/events/team-secret-0001?x-s4-api-key=s4-api-key-0001');
    const logged = JSON.stringify(s4.requests.entries);
    assert.notInclude(logged, 'team-secret-0001');
    assert.notInclude(logged, 's4-api-key-0001');
    assert.equal(s4.requests.entries[0]?.path, '/webhook/***');
    assert.equal(s4.requests.count('POST', '/webhook/:secret'), 1);
  });
});
