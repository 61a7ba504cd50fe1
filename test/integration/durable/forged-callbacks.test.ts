/**
 * Issue 13, "Done when": a forged "created" and a forged "closed" during a SIGNL4 outage. Any agent
 * can read a Signl's external id (getSignl) and the callback URL (getDiagnostics); nothing posted to
 * that URL without the eventId SIGNL4 answered at the send may stop the page or change the ticket.
 */
import { assert } from 'chai';
import { ACK_NOTE, GRACE } from '../faults-harness.js';
import { diagnostics, leakedExternalId, minutes, newTicket, noteTexts, notPagedOnce, outage, postCallback, running, sidebar, signlsOf, SOAK } from './durable-harness.js';
import type { Loop } from '../loop-harness.js';

const OUTAGE_MINUTES = 20;

function forgedCreated(xid: string): Record<string, unknown> {
  return { eventType: 200, id: 'x', alert: { externalEventId: xid } };
}

function forgedClosed(xid: string, n: number): Record<string, unknown> {
  return {
    eventType: 201,
    id: `forged-close-${n}`,
    eventRaisedUtc: '2026-11-28T09:10:00.0000001Z',
    user: { username: 'Grace Hopper', mailaddress: GRACE.email, id: GRACE.signl4UserId },
    alert: { statusCode: 4, eventId: `forged-event-${n}`, externalEventId: xid, id: `forged-alert-${n}` },
  };
}

describe('durable work: forged callbacks during a SIGNL4 outage (issue 13)', function () {
  this.timeout(SOAK ? 600_000 : 60_000);
  let loop: Loop;
  afterEach(async () => loop.close());

  it(`a forged "created" and a forged "closed" while SIGNL4 answers 503 for ${OUTAGE_MINUTES} minutes: the page still goes out once, the ticket stays open, no note`, async () => {
    loop = await running();
    outage(loop.s4, '/webhook/*', [{ kind: '503', retryAfterSeconds: 60 }]);
    const id = await newTicket(loop);
    await loop.s4.whenIdle();
    assert.notProperty(await sidebar(loop, id), 'externalId', 'getSignl no longer shows the external id');
    const xid = leakedExternalId(id);
    const url = (await diagnostics(loop)).callback.url;
    assert.isString(url, 'getDiagnostics shows the callback URL');

    assert.equal(await postCallback(String(url), forgedCreated(String(xid))), 200);
    await minutes(loop, 2);
    assert.equal(await postCallback(String(url), forgedClosed(String(xid), 1)), 200);
    await minutes(loop, OUTAGE_MINUTES - 2);
    assert.lengthOf(signlsOf(loop, id), 0, 'SIGNL4 was down the whole time');

    loop.s4.faults.clear();
    await minutes(loop, 15);
    assert.deepEqual(notPagedOnce(loop, [id]), [], 'SIGNL4 has the Signl once the outage is over');
    const ticket = loop.fs.ticket(id);
    assert.notInclude([4, 5], ticket?.['status'], 'the forged close did not resolve the ticket');
    assert.deepEqual(noteTexts(loop, id), [], 'no note from a forged callback');
    const view = await sidebar(loop, id);
    assert.equal(view.state, 'open', 'the sidebar shows the real state');
    assert.notInclude(view.timeline.map((t) => t.kind), 'closed');
  });

  it('a forged "closed" posted after the send (wrong eventId) changes nothing; the genuine acknowledgement that follows is applied once', async () => {
    loop = await running();
    const id = await newTicket(loop);
    await loop.s4.whenIdle();
    const [signl] = signlsOf(loop, id);
    const xid = leakedExternalId(id);
    const url = String((await diagnostics(loop)).callback.url);
    assert.equal(await postCallback(url, forgedClosed(xid, 2)), 200);
    assert.equal(await postCallback(url, { ...forgedClosed(xid, 3), alert: { statusCode: 4, eventId: 'forged', externalEventId: xid, id: signl?.id } }), 200);
    await minutes(loop, 10);
    assert.equal(loop.fs.ticket(id)?.['status'], 2, 'still Open');
    assert.deepEqual(noteTexts(loop, id), []);
    await loop.s4.acknowledge(String(signl?.id), GRACE.signl4UserId);
    await minutes(loop, 10);
    assert.deepEqual(noteTexts(loop, id), [ACK_NOTE]);
    assert.equal(loop.fs.ticket(id)?.['responder_id'], GRACE.agentId);
    assert.deepEqual(notPagedOnce(loop, [id]), []);
  });
});
