import { assert } from 'chai';
import { bodyObject, MAX_ANNOTATION, parseCallback, parseUtc, pick, type ParsedCallback } from '../../../server/src/signl4/parse-callback.js';
import { acknowledged, ALERT_ID, annotated, closed, created, EVENT_ID, RAISED_MS, SAM } from '../../fixtures/signl4-callbacks.js';

const XID = 'FS-acme-42-1-0123456789';

function parsedOk(result: ParsedCallback): Extract<ParsedCallback, { ok: true }>['callback'] {
  if (!result.ok) throw new Error(`expected a parsed callback, got: ${result.reason}`);
  return result.callback;
}

describe('parseCallback', () => {
  it('reads an acknowledgement in the documented shape, eventRaisedUtc with 7 fractional digits included', () => {
    const body = acknowledged({ xid: XID, id: 'n-1' });
    assert.deepEqual(parsedOk(parseCallback(body)), {
      id: 'n-1',
      type: 201,
      code: 2,
      xid: XID,
      eventId: EVENT_ID,
      alertId: ALERT_ID,
      user: SAM.username,
      email: SAM.mailaddress,
      at: RAISED_MS,
    });
  });

  it('accepts the body as a JSON string, as Freshworks samples guard for', () => {
    const body = closed({ xid: XID, id: 'n-2' });
    assert.deepEqual(parsedOk(parseCallback(JSON.stringify(body))), parsedOk(parseCallback(body)));
  });

  it('reads field names in any letter case (userName, mailAddress, ExternalEventId ...)', () => {
    const body = {
      ID: 'n-3',
      EventType: 201,
      EVENTRAISEDUTC: '2026-11-28T12:05:00Z',
      Alert: { StatusCode: 4, ExternalEventId: XID, EventID: 'e-1', Id: 'a-1' },
      User: { userName: 'Rene', mailAddress: 'rene@example.com' },
    };
    assert.deepInclude(parsedOk(parseCallback(body)), { id: 'n-3', type: 201, code: 4, xid: XID, eventId: 'e-1', alertId: 'a-1', user: 'Rene', email: 'rene@example.com' });
  });

  it('accepts numbers given as strings and ids given as numbers', () => {
    const callback = parsedOk(parseCallback({ id: 12345, eventType: '201', alert: { statusCode: '2', externalEventId: XID } }));
    assert.deepInclude(callback, { id: '12345', type: 201, code: 2 });
  });

  it('turns statusCode 0 on a 201 into code 0, which planning later ignores', () => {
    const body = acknowledged({ xid: XID });
    (body['alert'] as Record<string, unknown>)['statusCode'] = 0;
    assert.equal(parsedOk(parseCallback(body)).code, 0);
  });

  it('leaves out what is missing: alert, user, externalEventId, eventRaisedUtc', () => {
    const callback = parsedOk(parseCallback({ id: 'n-4', eventType: 202 }));
    assert.deepEqual(callback, { id: 'n-4', type: 202 });
    const noXid = parsedOk(parseCallback({ id: 'n-5', eventType: 201, alert: { statusCode: 2 }, user: {} }));
    assert.deepEqual(noXid, { id: 'n-5', type: 201, code: 2 });
  });

  it('uses the display name when there is no username', () => {
    assert.equal(parsedOk(parseCallback({ id: 'n', eventType: 201, user: { displayName: 'Rene D.' } })).user, 'Rene D.');
  });

  it('keeps unknown event types for the caller to ignore', () => {
    assert.equal(parsedOk(parseCallback({ id: 'n', eventType: 999 })).type, 999);
  });

  it('refuses bodies that are not a JSON object, with a reason and no exception', () => {
    for (const data of [undefined, null, 42, 'not json {', '[]', '"text"', [], [{ id: 'n', eventType: 201 }]]) {
      const result = parseCallback(data);
      assert.isFalse(result.ok, JSON.stringify(data));
      if (!result.ok) assert.equal(result.reason, 'the body is not a JSON object');
    }
  });

  it('refuses an object without a notification id or event type', () => {
    for (const data of [{}, { id: 'n' }, { eventType: 201 }, { id: '  ', eventType: 201 }, { id: 'n', eventType: 201.5 }, { id: 'n', eventType: 'abc' }]) {
      const result = parseCallback(data);
      assert.isFalse(result.ok, JSON.stringify(data));
      if (!result.ok) assert.equal(result.reason, 'the body has no notification id or eventType');
    }
  });

  it('trims a 50 KB annotation to the annotation cap', () => {
    const callback = parsedOk(parseCallback(annotated({ xid: XID }, `  ${'a'.repeat(50_000)}  `)));
    assert.lengthOf(Array.from(callback.text ?? ''), MAX_ANNOTATION);
    assert.isTrue(callback.text?.endsWith('…'));
    assert.notProperty(parsedOk(parseCallback(annotated({ xid: XID }, '   '))), 'text');
  });

  it('caps long string fields at 200 characters', () => {
    const callback = parsedOk(parseCallback({ id: 'n'.repeat(1000), eventType: 201, user: { username: 'u'.repeat(1000) } }));
    assert.lengthOf(callback.id, 200);
    assert.lengthOf(callback.user ?? '', 200);
  });

  it('ignores prototype-pollution keys and never pollutes Object.prototype', () => {
    const text = '{"__proto__":{"eventType":201,"polluted":true},"constructor":{"prototype":{"polluted":true}},"id":"n-6","eventType":203,"alert":{"__proto__":{"externalEventId":"FS-x"}}}';
    const callback = parsedOk(parseCallback(text));
    assert.deepEqual(callback, { id: 'n-6', type: 203 });
    assert.isUndefined(({} as Record<string, unknown>)['polluted']);
    const inherited = Object.create({ eventType: 201, id: 'inherited' }) as Record<string, unknown>;
    assert.isFalse(parseCallback(inherited).ok, 'inherited keys are not read');
  });

  it('reads a created event with its alert id to bind', () => {
    assert.deepInclude(parsedOk(parseCallback(created({ xid: XID, alertId: 'a-9' }))), { type: 200, code: 1, alertId: 'a-9' });
  });
});

describe('parseUtc', () => {
  it('reads ISO times with 0, 3 or 7 fractional digits, with Z, an offset or no zone (UTC)', () => {
    assert.equal(parseUtc('2017-09-01T08:11:37.4815663Z'), Date.UTC(2017, 8, 1, 8, 11, 37, 481));
    assert.equal(parseUtc('2017-09-01T08:11:37Z'), Date.UTC(2017, 8, 1, 8, 11, 37));
    assert.equal(parseUtc('2017-09-01T08:11:37.5'), Date.UTC(2017, 8, 1, 8, 11, 37, 500));
    assert.equal(parseUtc('2017-09-01T10:11:37.000+02:00'), Date.UTC(2017, 8, 1, 8, 11, 37));
  });

  it('returns undefined for anything else', () => {
    for (const bad of [undefined, 1504253497, '', 'yesterday', '2017-09-01', '2017-13-45T99:99:99Z']) assert.isUndefined(parseUtc(bad), String(bad));
  });
});

describe('pick and bodyObject', () => {
  it('reads own keys case-insensitively from objects only', () => {
    assert.equal(pick({ AbC: 1 }, 'abc'), 1);
    assert.isUndefined(pick([1], '0'));
    assert.isUndefined(pick('str', 'length'));
    assert.isUndefined(pick({}, 'toString'));
  });

  it('parses strings, passes objects and refuses the rest', () => {
    assert.deepEqual(bodyObject('{"a":1}'), { a: 1 });
    assert.isUndefined(bodyObject('null'));
    assert.isUndefined(bodyObject(7));
  });
});
