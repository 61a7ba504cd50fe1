import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { methodError, runSignlMethod, ticketIdFrom } from '../../../server/src/methods/signl-methods.js';
import type { ActionResult, SignlView } from '../../../server/src/methods/view-types.js';
import type { SignlBody } from '../../../server/src/signl4/signl-body.js';
import { QUEUE_KEY } from '../../../server/src/work/delivery-queue.js';
import { stateKey, type TicketState } from '../../../server/src/signl/ticket-state.js';
import { fakeContext, storeState, ticketState, xidOf } from '../../fakes/fake-context.js';
import { httpError, ok } from '../../fakes/fake-deps.js';
import { rejects } from '../../fakes/rejects.js';
import { restTicket } from '../../fixtures/fixtures.js';

const asView = (value: SignlView | ActionResult): SignlView => value as SignlView;
const asAction = (value: SignlView | ActionResult): ActionResult => value as ActionResult;

function pageable() {
  const context = fakeContext();
  context.deps.request
    .on('fsGetTicket', ok(restTicket()))
    .on('fsListGroups', ok({ groups: [{ id: 27000112233, name: 'Payments Platform' }] }))
    .on('fsListDepartments', ok({ departments: [] }));
  return context;
}

describe('getSignl', () => {
  it('shows every state the sidebar knows', async () => {
    const { ctx, deps } = fakeContext();
    assert.equal(asView(await runSignlMethod(ctx, 'getSignl', { ticketId: 1 })).state, 'not_forwarded');
    for (const [id, st] of [[2, 'open'], [3, 'acknowledged'], [4, 'closed'], [5, 'failed']] as const) {
      await storeState(deps, ticketState({ id, st }));
      assert.equal(asView(await runSignlMethod(ctx, 'getSignl', { ticketId: String(id) })).state, st);
    }
  });

  it('answers a ticket without a Signl with one $db read and no request; asked to explain, it reads the ticket to say why', async () => {
    const { ctx, deps } = pageable();
    deps.store.resetCounts();
    const plain = asView(await runSignlMethod(ctx, 'getSignl', { ticketId: 9 }));
    assert.deepEqual([plain.state, plain.notForwarded, deps.store.ops, deps.request.count()], ['not_forwarded', undefined, 1, 0]);
    const explained = asView(await runSignlMethod(ctx, 'getSignl', { ticketId: 9, explain: true }));
    assert.equal(explained.notForwarded?.kind, 'not_seen', 'the REST ticket matches the rules: the app has not handled it yet');
    assert.equal(deps.request.count('fsGetTicket'), 1);
  });

  it('shows a queued Signl with its queue item, reading the queue only then', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ id: 6, st: 'queued', ev: [] }));
    await deps.store.set(QUEUE_KEY, { v: 1, items: { d6: { k: 'd', t: 6, n: 1, due: deps.clock.now(), since: deps.clock.now(), r: 'HTTP 503' } } });
    deps.store.resetCounts();
    const view = asView(await runSignlMethod(ctx, 'getSignl', { ticketId: 6 }));
    assert.deepInclude(view.delivery ?? {}, { reason: 'HTTP 503', attempts: 1 });
    assert.equal(deps.store.ops, 2);
    await storeState(deps, ticketState({ id: 7 }));
    await runSignlMethod(ctx, 'getSignl', { ticketId: 7 });
    assert.equal(deps.store.ops, 1, 'an open Signl needs no queue read');
  });

  it('refuses a payload without a ticket id, in plain words', async () => {
    const { ctx } = fakeContext();
    for (const payload of [undefined, null, {}, { ticketId: 0 }, { ticketId: 'abc' }, 'x']) {
      const error = (await rejects(runSignlMethod(ctx, 'getSignl', payload))) as AppError;
      assert.deepEqual(methodError(error), { status: 400, message: 'A ticket id is required. Open the sidebar from a ticket.' });
    }
    assert.equal(ticketIdFrom({ ticketId: '1050' }), 1050);
  });
});

describe('pageOnCall', () => {
  it('forwards the ticket from the API, even when it does not match the filter, and says so', async () => {
    const { ctx, deps } = pageable();
    deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
    const result = asAction(await runSignlMethod(ctx, 'pageOnCall', { ticketId: 1050 }));
    assert.equal(result.message, 'On-call has been paged: the Signl is on its way to the team.');
    assert.equal(result.view.state, 'open');
    assert.deepInclude(deps.request.lastBody<Record<string, string>>('signl4Event'), { Title: '#1050: Database replica lagging', Group: 'Payments Platform', 'X-S4-ExternalID': xidOf(1050) });
  });

  it('does not page twice while the Signl is open', async () => {
    const { ctx, deps } = pageable();
    await storeState(deps, ticketState({ id: 1050 }));
    const result = asAction(await runSignlMethod(ctx, 'pageOnCall', { ticketId: 1050 }));
    assert.equal(result.message, 'This ticket already has an open Signl; nobody was paged twice.');
    assert.equal(deps.request.count('signl4Event'), 0);
  });

  it('says when the Signl is queued or could not be sent', async () => {
    const queued = pageable();
    queued.deps.request.on('signl4Event', httpError(503));
    assert.equal(asAction(await runSignlMethod(queued.ctx, 'pageOnCall', { ticketId: 1050 })).message, 'SIGNL4 is not reachable right now; the Signl is queued and will be sent automatically.');
    const failed = pageable();
    failed.deps.request.on('signl4Event', httpError(400));
    const result = asAction(await runSignlMethod(failed.ctx, 'pageOnCall', { ticketId: 1050 }));
    assert.equal(result.message, 'The Signl could not be sent; the sidebar says why.');
    assert.equal(result.view.state, 'failed');
  });

  it('uses the requested id when the API ticket lacks one', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsGetTicket', ok({ ticket: { subject: 'No id here', priority: 1 } })).on('signl4Event', ok({ eventId: 'e' }, 201));
    await runSignlMethod(ctx, 'pageOnCall', { ticketId: 77 });
    assert.equal(deps.request.lastBody<Record<string, string>>('signl4Event')['Title'], '#77: No id here');
  });

  it('passes a Freshservice failure on as a coded error with what to fix', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsGetTicket', httpError(404));
    const rendered = methodError(await rejects(runSignlMethod(ctx, 'pageOnCall', { ticketId: 5 })));
    assert.equal(rendered.status, 404);
    assert.include(rendered.message, 'The record does not exist');
  });
});

describe('acknowledgeSignl and resolveSignl', () => {
  it('acknowledge an open Signl and resolve an acknowledged one', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201)).on('fsCreateNote', ok({}, 201));
    await storeState(deps, ticketState());
    const agent = { name: 'Ada Lovelace', email: 'ada@example.com' };
    const ack = asAction(await runSignlMethod(ctx, 'acknowledgeSignl', { ticketId: 42, agent }));
    assert.equal(ack.message, 'The Signl was acknowledged in SIGNL4, and a note on the ticket says so.');
    assert.equal(ack.outcome, 'done');
    assert.deepInclude(ack.view, { state: 'acknowledged', acknowledgedBy: 'Ada Lovelace' });
    const note = deps.request.lastBody<{ body: string; private: boolean }>('fsCreateNote');
    assert.match(note.body, /^Signl acknowledged in SIGNL4 by Ada Lovelace\.<br>From the Freshservice ticket sidebar, \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
    assert.isTrue(note.private);
    const res = asAction(await runSignlMethod(ctx, 'resolveSignl', { ticketId: 42, agent: { name: '<b>Bob</b>' } }));
    assert.equal(res.view.state, 'closed');
    assert.include(deps.request.lastBody<{ body: string }>('fsCreateNote').body, 'Signl closed in SIGNL4 by &#60;b&#62;Bob&#60;/b&#62;.');
    assert.equal(deps.request.count('fsCreateNote'), 2);
  });

  it('name "an agent in Freshservice" when the page sends no agent, and say when the note could not be written', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201)).on('fsCreateNote', httpError(429));
    await storeState(deps, ticketState());
    const ack = asAction(await runSignlMethod(ctx, 'acknowledgeSignl', { ticketId: 42 }));
    assert.equal(ack.view.acknowledgedBy, 'an agent in Freshservice');
    assert.equal(ack.message, 'The Signl was acknowledged in SIGNL4. The note on the ticket could not be written now.');
  });

  it('resolve an open Signl directly', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201));
    await storeState(deps, ticketState());
    assert.equal(asAction(await runSignlMethod(ctx, 'resolveSignl', { ticketId: 42 })).view.state, 'closed');
  });

  it('say when the change is queued', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(502));
    await storeState(deps, ticketState());
    assert.equal(asAction(await runSignlMethod(ctx, 'resolveSignl', { ticketId: 42 })).message, 'SIGNL4 is not reachable right now; the Signl will be resolved automatically.');
    assert.equal(asAction(await runSignlMethod(ctx, 'acknowledgeSignl', { ticketId: 42 })).message, 'SIGNL4 is not reachable right now; the Signl will be acknowledged automatically.');
  });

  it('report a failure when SIGNL4 refuses the change, and write no note', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(400));
    await storeState(deps, ticketState());
    const result = asAction(await runSignlMethod(ctx, 'acknowledgeSignl', { ticketId: 42 }));
    assert.deepInclude(result, { outcome: 'failed', message: 'SIGNL4 refused to mark the Signl acknowledged; the timeline says why.' });
    assert.equal(result.view.state, 'open');
    assert.equal(deps.request.count('fsCreateNote'), 0);
  });

  it('refuse with 409 when there is nothing to change', async () => {
    const { ctx, deps } = fakeContext();
    assert.deepEqual(methodError(await rejects(runSignlMethod(ctx, 'acknowledgeSignl', { ticketId: 42 }))), { status: 409, message: 'This ticket has no Signl yet. Refresh the sidebar.' });
    await storeState(deps, ticketState({ st: 'acknowledged' }));
    assert.deepEqual(methodError(await rejects(runSignlMethod(ctx, 'acknowledgeSignl', { ticketId: 42 }))), { status: 409, message: 'The Signl is acknowledged; there is nothing to change. Refresh the sidebar.' });
    await storeState(deps, ticketState({ st: 'closed' }));
    assert.equal(methodError(await rejects(runSignlMethod(ctx, 'resolveSignl', { ticketId: 42 }))).status, 409);
    assert.equal(deps.request.count(), 0);
  });
});

describe('retryDelivery', () => {
  it('pages again for a failed delivery, as a new generation', async () => {
    const { ctx, deps } = pageable();
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201));
    await storeState(deps, ticketState({ id: 1050, st: 'failed', del: { attempts: 8, reason: 'r', fix: 'f' } }));
    const result = asAction(await runSignlMethod(ctx, 'retryDelivery', { ticketId: 1050 }));
    assert.equal(result.view.state, 'open');
    assert.equal(deps.store.peek<TicketState>(stateKey(1050))?.gen, 2);
  });

  it('sends the same Signl again as the next attempt: a still-wrong secret shows failure and attempts 2, the timeline names the retry', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(404));
    const body = { Title: '#42: Mail down', 'X-S4-ExternalID': xidOf(42) };
    await storeState(deps, ticketState({ st: 'failed', ev: [], body: body as unknown as SignlBody, del: { attempts: 1, reason: 'r', fix: 'f' } }));
    const result = asAction(await runSignlMethod(ctx, 'retryDelivery', { ticketId: 42, agent: { name: 'Ada Lovelace' } }));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.message, 'The retry failed: SIGNL4 still does not take the Signl. The sidebar says why.');
    assert.equal(result.view.state, 'failed');
    assert.equal(result.view.delivery?.attempts, 2);
    assert.deepEqual(result.view.timeline.map((e) => e.kind), ['retry', 'failed']);
    assert.equal(result.view.timeline[0]?.text, 'Retry from the ticket sidebar by Ada Lovelace (attempt 2).');
    assert.deepEqual(deps.request.lastBody('signl4Event'), body, 'the same Signl, same external id');
    assert.equal(deps.store.peek<TicketState>(stateKey(42))?.gen, 1);
  });

  it('says the retry worked when SIGNL4 takes it', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'e2' }, 201));
    await storeState(deps, ticketState({ st: 'failed', ev: [], body: { Title: 't' } as unknown as SignlBody, del: { attempts: 3, reason: 'r', fix: 'f' } }));
    const result = asAction(await runSignlMethod(ctx, 'retryDelivery', { ticketId: 42 }));
    assert.deepInclude(result, { outcome: 'done', message: 'The retry worked: the Signl is in SIGNL4 and the on-call team is alerted.' });
    assert.equal(result.view.state, 'open');
  });

  it('refuses when the delivery did not fail', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ st: 'open' }));
    assert.equal(methodError(await rejects(runSignlMethod(ctx, 'retryDelivery', { ticketId: 42 }))).status, 409);
  });
});

describe('methodError', () => {
  it('never leaks internals: programming errors become one plain sentence', () => {
    const rendered = methodError(new TypeError("Cannot read properties of undefined (reading 'fs-key-0001-abcdef')"));
    assert.deepEqual(rendered, { status: 500, message: 'Something went wrong in the app. Try again; if it keeps failing, tell your admin.' });
    assert.deepEqual(methodError('a string'), rendered);
  });

  it('keeps HTTP error statuses and turns others into 502', () => {
    assert.equal(methodError(new AppError({ code: 'rate_limited', operation: 'o', status: 429, message: 'm' })).status, 429);
    assert.equal(methodError(new AppError({ code: 'rejected', operation: 'o', status: 201, message: 'm' })).status, 502);
    assert.equal(methodError(new AppError({ code: 'timeout', operation: 'o', message: 'm' })).status, 502);
    assert.equal(methodError(new AppError({ code: 'timeout', operation: 'o', status: 600, message: 'm' })).status, 502);
    assert.deepEqual(methodError(new AppError({ code: 'timeout', operation: 'signl4Event', message: 'SIGNL4 signl4Event: no answer', fix: '' })).message, 'SIGNL4 did not answer in time.');
  });

  it('says "busy" for a spent $db or $request budget, never the platform\'s text', () => {
    const db = new AppError({ code: 'rate_limited', operation: '$db get', status: 429, message: '$db get t:107 failed: You have exceeded the limit of 50 requests per minute' });
    const request = new AppError({ code: 'rate_limited', operation: 'fsGetTicket', status: 429, message: 'Freshservice fsGetTicket: HTTP 429 (platform)' });
    for (const error of [db, request]) assert.deepEqual(methodError(error), { status: 429, message: 'The app is busy right now. It tries again by itself in a moment.' });
    const other = methodError(new AppError({ code: 'store_failed', operation: '$db set', status: 500, message: '$db set t:1 failed: boom' }));
    assert.notInclude(other.message, '$db');
  });
});
