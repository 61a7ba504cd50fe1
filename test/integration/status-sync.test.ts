import { assert } from 'chai';
import { SEED_AGENTS, UNMATCHED_SIGNL4_USER } from '../../tools/simulators/index.js';
import { startLoop, urgentIncident, type Loop } from './loop-harness.js';

const GRACE = SEED_AGENTS[1]!;
const ALAN = SEED_AGENTS[2]!;

async function forwarded(loop: Loop) {
  const ticket = await loop.fs.createTicket(urgentIncident());
  const id = Number(ticket['id']);
  await loop.s4.whenIdle();
  const signl = loop.s4.signls()[0];
  if (signl === undefined) throw new Error('no Signl raised');
  return { id, signl };
}

function notesText(loop: Loop, id: number): string {
  return loop.fs.notes(id).map((n) => String(n['body'])).join('\n');
}

function lastCallback(loop: Loop) {
  return loop.platform.metrics.invocations.filter((i) => i.event === 'onExternalEvent').at(-1);
}

function ticketPuts(loop: Loop, id: number): number {
  return loop.fs.requests.entries.filter((r) => r.method === 'PUT' && r.path === `/api/v2/tickets/${id}`).length;
}

describe('two-way status sync on the local platform (issue 5)', function () {
  this.timeout(30_000);
  let loop: Loop;

  beforeEach(async () => {
    loop = await startLoop();
    loop.fs.setRequiredForClosure('root_cause', false);
  });
  afterEach(async () => {
    await loop.close();
  });

  it('acknowledged in SIGNL4: a note, the agent and the status, in ONE ticket update, for at most three requests', async () => {
    const { id, signl } = await forwarded(loop);
    const sent = await loop.s4.acknowledge(signl.id, GRACE.signl4UserId);
    await loop.s4.whenIdle();
    assert.isTrue(sent.every((c) => c.status === 200));
    const ticket = loop.fs.ticket(id)!;
    assert.equal(ticket['responder_id'], GRACE.agentId);
    assert.equal(ticket['status'], 2, 'status_on_acknowledge defaults to Open');
    assert.include(notesText(loop, id), 'Signl acknowledged in SIGNL4 by Grace Hopper.');
    assert.equal(ticketPuts(loop, id), 1, 'status and agent travel together');
    assert.isAtMost(lastCallback(loop)?.requests ?? 99, 3);
  });

  it('resolved in Freshservice: the Signl is closed in SIGNL4, and the callback that follows is not echoed', async () => {
    const { id, signl } = await forwarded(loop);
    await loop.fs.updateTicket(id, { status: 4 }, { actorId: ALAN.agentId });
    await loop.s4.whenIdle();
    assert.equal(loop.s4.signl(signl.id)?.statusCode, 4);
    const notes = loop.fs.notes(id).length;
    assert.equal(notes, 0, 'closing from Freshservice writes no note back');
  });

  it('closed in SIGNL4: the ticket is resolved with the close note, and the app does not echo its own change', async () => {
    const { id, signl } = await forwarded(loop);
    await loop.s4.close(signl.id, GRACE.signl4UserId);
    await loop.s4.whenIdle();
    assert.equal(loop.fs.ticket(id)?.['status'], 4);
    assert.include(notesText(loop, id), 'Signl closed in SIGNL4 by Grace Hopper.');
    const s4Events = loop.s4.signl(signl.id)?.events.length;
    assert.equal(s4Events, 1, 'no resolve event was sent back for the status the app set itself');
  });

  it('annotations and escalations become notes; annotation text is escaped', async () => {
    const { id, signl } = await forwarded(loop);
    await loop.s4.annotate(signl.id, GRACE.signl4UserId, 'On it <img src=x onerror=alert(1)>');
    await loop.s4.escalate(signl.id);
    await loop.s4.whenIdle();
    const text = notesText(loop, id);
    assert.include(text, 'Grace Hopper in SIGNL4: On it &#60;img src=x onerror=alert(1)&#62;');
    assert.include(text, 'Signl escalated in SIGNL4.');
    assert.isTrue(loop.fs.notes(id).every((n) => n['private'] === true));
  });

  it('a forged callback (right external id, wrong eventId) and a duplicate change nothing', async () => {
    const { id, signl } = await forwarded(loop);
    const forged = {
      eventType: 201,
      id: 'forged-1',
      eventRaisedUtc: '2026-11-28T09:00:00.1234567Z',
      user: { username: 'Mallory', mailaddress: GRACE.email, id: 'x' },
      alert: { statusCode: 4, eventId: 'not-the-event', externalEventId: signl.externalId, id: 'not-the-alert' },
    };
    const reply = await fetch(loop.platform.externalEventUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
    assert.equal(reply.status, 200);
    assert.equal(loop.fs.ticket(id)?.['status'], 2);
    assert.lengthOf(loop.fs.notes(id), 0);
    await loop.s4.acknowledge(signl.id, GRACE.signl4UserId, { duplicate: true });
    await loop.s4.whenIdle();
    assert.lengthOf(loop.fs.notes(id), 1, 'a notification delivered twice is applied once');
  });

  it('a SIGNL4 user with no Freshservice agent: the note says so and the rest still happens', async () => {
    const { id, signl } = await forwarded(loop);
    await loop.s4.acknowledge(signl.id, UNMATCHED_SIGNL4_USER.id);
    await loop.s4.whenIdle();
    const text = notesText(loop, id);
    assert.include(text, `No Freshservice agent has the email ${UNMATCHED_SIGNL4_USER.mailaddress}`);
    assert.equal(loop.fs.ticket(id)?.['status'], 2);
  });

  it('a close refused for a required-for-closure field: the note is written, the refusal is on the timeline, no endless retry', async () => {
    loop.fs.setRequiredForClosure('root_cause', true);
    const { id, signl } = await forwarded(loop);
    await loop.s4.close(signl.id, GRACE.signl4UserId);
    await loop.s4.whenIdle();
    assert.include(notesText(loop, id), 'Signl closed in SIGNL4 by Grace Hopper.');
    assert.notEqual(loop.fs.ticket(id)?.['status'], 4);
    const view = await loop.platform.invokeMethod('getSignl', { ticketId: id });
    const timeline = (view.rendered?.data as { timeline: Array<{ kind: string; text: string }> }).timeline;
    assert.isTrue(timeline.some((t) => t.kind === 'refused' && /Root cause: /.test(t.text)), JSON.stringify(timeline));
    const putsBefore = ticketPuts(loop, id);
    await loop.platform.advance(30 * 60_000);
    assert.equal(ticketPuts(loop, id), putsBefore, 'the refused status is not retried');
  });

  it('after a close, pages again when the ticket is reopened, not on other edits, and old callbacks act on nothing', async () => {
    const { id, signl } = await forwarded(loop);
    await loop.s4.close(signl.id, GRACE.signl4UserId);
    await loop.s4.whenIdle();
    assert.equal(loop.fs.ticket(id)?.['status'], 4);
    await loop.fs.updateTicket(id, { urgency: 2 });
    assert.lengthOf(loop.s4.signls(), 1, 'an edit of a resolved ticket pages nobody');
    await loop.fs.updateTicket(id, { status: 2 }, { actorId: ALAN.agentId });
    await loop.s4.whenIdle();
    const signls = loop.s4.signls();
    assert.lengthOf(signls, 2, 'reopened: a new Signl');
    assert.match(String(signls[1]?.externalId), /-2-[0-9a-f]{10}$/, 'generation 2');
    await loop.fs.updateTicket(id, { priority: 3 });
    assert.lengthOf(loop.s4.signls(), 2, 'Urgent -> High still matches: nobody is paged twice');
    const notesBefore = loop.fs.notes(id).length;
    const late = await loop.s4.annotate(signl.id, GRACE.signl4UserId, 'late note on the old Signl');
    await loop.s4.whenIdle();
    assert.isTrue(late.length > 0 && late.every((c) => c.status === 200), 'the callback reached the app');
    assert.equal(loop.fs.notes(id).length, notesBefore, 'a callback of the closed Signl changes nothing');
  });
});
