/**
 * Generated hostile input for the fuzz suite (fast-check): JSON written as text, so keys such as
 * `__proto__` and `constructor` arrive as own properties after parsing (as they would from the
 * wire); values of every JSON type in the wrong places; huge strings; ticket-shaped and
 * callback-shaped objects whose fields are random; truncated bodies; forged callbacks.
 */
import fc from 'fast-check';

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'] as const;

const TICKET_KEYS = [
  'id', 'subject', 'description', 'description_text', 'status', 'status_name', 'priority', 'priority_name', 'urgency', 'impact', 'source',
  'type', 'type_name', 'group_id', 'group_name', 'department_id', 'department_name', 'responder_id', 'requester_id', 'workspace_id', 'tags',
  'custom_fields', 'assets', 'problem', 'changes', 'category', 'due_by', 'created_at', 'updated_at',
] as const;

const CALLBACK_KEYS = ['eventType', 'id', 'eventRaisedUtc', 'user', 'alert', 'annotation', 'team', 'subscription', 'statusCode', 'eventId', 'externalEventId', 'message', 'username', 'mailaddress'] as const;

/** Strings that have broken parsers before: entities, markup, control and astral characters, number look-alikes. */
const NASTY = ['', ' ', '\u0000', '\uFFFF', '\uD83D', '😀', '&#99999999;', '&#x110000;', '<script>alert(1)</script>', '{{7*7}}', '${x}', 'NaN', 'Infinity', '-0', '1e309', '00104', '104.5', ' 104 ', 'null', 'true', '[object Object]'];

/** A very long string: 10 K, 60 K or 120 K characters of one of a few patterns. */
export const hugeString = fc
  .tuple(fc.constantFrom(10_000, 60_000, 120_000), fc.constantFrom('x', '<b>', '&amp;', '"', '\\', 'é', '\n'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

const leafValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
);

const anyKey = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.constantFrom(...TICKET_KEYS), fc.constantFrom(...CALLBACK_KEYS), fc.string({ maxLength: 10 }));

function objectText(entries: ReadonlyArray<readonly [string, string]>): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

/** Any JSON value as text, nested a few levels, with prototype keys as plain keys. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafValue.map((v) => JSON.stringify(v)),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(anyKey, tie('value')), { maxLength: 5 }).map(objectText),
  ),
})).value;

/** A field value that is wrong more often than right: any JSON, or a huge string now and then. */
const fieldText = fc.oneof({ weight: 8, arbitrary: jsonText }, { weight: 1, arbitrary: hugeString.map((s) => JSON.stringify(s)) });

/** A ticket-event `data` whose fields are random: keys from the payload vocabulary and prototype keys. */
export const ticketEventText = fc
  .tuple(
    fc.option(fc.integer({ min: 1000, max: 2 ** 40 }), { nil: undefined }),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...TICKET_KEYS), fc.constantFrom(...PROTO_KEYS)), fieldText), { maxLength: 8 }),
    fc.option(jsonText, { nil: undefined }),
    fc.option(jsonText, { nil: undefined }),
  )
  .map(([id, fields, requester, changes]) => {
    // Half the tickets carry a plausible id, so the handlers get past it to the fields.
    const ticket = objectText([...(id === undefined ? [] : [['id', String(id)] as const]), ...fields]);
    return objectText([['ticket', ticket], ...(requester === undefined ? [] : [['requester', requester] as const]), ...(changes === undefined ? [] : [['changes', changes] as const])]);
  });

/** Product-event data: random JSON of any shape, or ticket-shaped with random fields. */
export const productEventData = fc.oneof(jsonText, ticketEventText).map((text) => JSON.parse(text) as unknown);

export interface KnownSignl {
  ticketId: number;
  externalId: string;
  eventId: string;
  alertId: string;
}

const randomHex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));

/** External ids that look right but were not issued (or not for this ticket and generation). */
export function forgedExternalId(known: KnownSignl): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 9 }), randomHex(10)).map(([t, g, tag]) => `FS-acme-${t}-${g}-${tag}`),
    randomHex(10).map((tag) => `FS-acme-${known.ticketId}-1-${tag}`),
    fc.constantFrom(known.externalId.replace(/-1-/, '-2-'), known.externalId.toUpperCase(), `${known.externalId} `, known.externalId.replace('acme', 'other')),
    fc.string({ maxLength: 60 }),
  );
}

/** A SIGNL4-shaped callback whose proof is wrong: a forged external id, or the real one with a wrong eventId and alert id. */
export function forgedCallback(known: KnownSignl): fc.Arbitrary<Record<string, unknown>> {
  const wrongProof = fc.record({ eventId: fc.uuid(), alertId: fc.uuid() });
  return fc
    .record({
      eventType: fc.constantFrom(201, 202, 203),
      statusCode: fc.constantFrom(0, 1, 2, 4, 16),
      id: fc.uuid(),
      xid: fc.oneof(forgedExternalId(known), fc.constant(known.externalId)),
      proof: wrongProof,
      text: fc.oneof(fc.string({ maxLength: 40 }), hugeString.map((s) => s.slice(0, 30_000))),
    })
    .map((c) => ({
      eventType: c.eventType,
      id: c.id,
      eventRaisedUtc: '2026-11-28T09:30:00.1234567Z',
      user: { username: 'Mallory', mailaddress: 'grace.hopper@acme.example', id: 'x' },
      annotation: { message: c.text, id: 'a1' },
      alert: { statusCode: c.statusCode, eventId: c.proof.eventId, externalEventId: c.xid, id: c.proof.alertId },
    }));
}

/** Callback JSON cut short at a random point (never the whole text). */
export function truncatedCallback(known: KnownSignl): fc.Arbitrary<string> {
  const whole = JSON.stringify({
    eventType: 201,
    id: 'truncated-notification',
    eventRaisedUtc: '2026-11-28T09:30:00.1234567Z',
    user: { username: 'Grace Hopper', mailaddress: 'grace.hopper@acme.example', id: 'u1' },
    alert: { statusCode: 4, eventId: known.eventId, externalEventId: known.externalId, id: known.alertId },
  });
  return fc.integer({ min: 0, max: whole.length - 1 }).map((cut) => whole.slice(0, cut));
}

export interface ExternalBody {
  body: string;
  contentType?: string;
}

/** Bodies for the external-event URL: random JSON, forged and truncated callbacks, huge bodies, other media types. */
export function externalBody(known: KnownSignl): fc.Arbitrary<ExternalBody> {
  return fc.oneof(
    jsonText.map((body) => ({ body, contentType: 'application/json' })),
    forgedCallback(known).map((cb) => ({ body: JSON.stringify(cb), contentType: 'application/json' })),
    forgedCallback(known).map((cb) => ({ body: JSON.stringify(cb).replace(/"(\w+)":/g, (_m, key: string) => `"${key.toUpperCase()}":`), contentType: 'application/json' })),
    truncatedCallback(known).map((body) => ({ body, contentType: 'application/json' })),
    truncatedCallback(known).map((body) => ({ body, contentType: 'text/plain' })),
    fc.string({ maxLength: 200 }).map((body) => ({ body, contentType: 'application/x-www-form-urlencoded' })),
    fc.string({ maxLength: 200 }).map((body) => ({ body })),
    hugeString.map((s) => ({ body: JSON.stringify({ eventType: 203, alert: { externalEventId: known.externalId }, annotation: { message: s } }), contentType: 'application/json' })),
    fc.constant({ body: JSON.stringify({ eventType: 203, pad: 'x'.repeat(110_000) }), contentType: 'application/json' }),
  );
}

export const SERVER_METHODS = ['getSignl', 'pageOnCall', 'acknowledgeSignl', 'resolveSignl', 'retryDelivery', 'getDiagnostics', 'validateSettings'] as const;

/** A server-method payload: random JSON, or an object whose ticketId (and settings) are of any type. */
export const methodPayload = fc.oneof(
  jsonText,
  fc.tuple(fieldText, fc.array(fc.tuple(anyKey, jsonText), { maxLength: 4 })).map(([ticketId, rest]) => objectText([['ticketId', ticketId], ...rest])),
  fc.array(fc.tuple(fc.oneof(fc.constantFrom('settings', 'iparams', 'signl4_webhook', 'freshservice_api_key', 'filter_priorities'), anyKey), fieldText), { maxLength: 6 }).map(objectText),
);
