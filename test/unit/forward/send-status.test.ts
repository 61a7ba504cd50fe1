import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { QUEUE_KEY, queuedItem } from '../../../server/src/work/delivery-queue.js';
import { DIAG_KEY } from '../../../server/src/records/diagnostics-record.js';
import { sendStatus } from '../../../server/src/forward/send-status.js';
import { asTicketState, stateKey, type TicketState } from '../../../server/src/signl/ticket-state.js';
import { fakeContext, S4_SECRET, storeState, ticketState } from '../../fakes/fake-context.js';
import { httpError, ok, timeout } from '../../fakes/fake-deps.js';
import { rejects } from '../../fakes/rejects.js';

describe('sendStatus', () => {
  it('sends X-S4-Status with the external id and a note, and records who and when', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-ack' }, 201));
    const state = await storeState(deps, ticketState());
    assert.equal(await sendStatus(ctx, state, 'acknowledged', 'ticket sidebar'), 'sent');
    assert.deepEqual(deps.request.calls[0]?.options, {
      context: { secret: S4_SECRET },
      body: { 'X-S4-ExternalID': state.xid, 'X-S4-Status': 'acknowledged', 'X-S4-SourceSystem': 'Freshservice', Text: 'Ticket 42 acknowledged in Freshservice (ticket sidebar).' },
    });
    const after = asTicketState(deps.store.peek(stateKey(42)));
    assert.deepInclude(after ?? {}, { st: 'acknowledged', ackBy: 'ticket sidebar', ackAt: deps.clock.now(), ev: ['ev-1', 'ev-ack'] });
    assert.equal(after?.tl[0]?.t, 'Signl acknowledged from Freshservice (ticket sidebar).');
  });

  it('keeps the last ten eventIds and the old list when SIGNL4 returns none', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-new' }, 201), ok(undefined, 201));
    const many = await storeState(deps, ticketState({ ev: Array.from({ length: 10 }, (_, i) => `ev-${i}`) }));
    await sendStatus(ctx, many, 'acknowledged', 'x');
    const ev = asTicketState(deps.store.peek(stateKey(42)))?.ev ?? [];
    assert.lengthOf(ev, 10);
    assert.equal(ev[9], 'ev-new');
    const other = await storeState(deps, ticketState({ id: 43, ev: ['a'] }));
    await sendStatus(ctx, other, 'resolved', 'x');
    assert.deepEqual(asTicketState(deps.store.peek(stateKey(43)))?.ev, ['a']);
    assert.equal(asTicketState(deps.store.peek(stateKey(43)))?.st, 'closed');
  });

  it('queues on SIGNL4 5xx, 429 and timeouts, keeping the target and the external id', async () => {
    for (const answer of [httpError(500), httpError(429, { retryAfter: '15' }), timeout()]) {
      const { ctx, deps } = fakeContext();
      deps.request.on('signl4Event', answer);
      const state = await storeState(deps, ticketState());
      assert.equal(await sendStatus(ctx, state, 'resolved', 'status Resolved'), 'queued');
      assert.deepInclude((await queuedItem(deps.store, 's42')) ?? {}, { k: 's', t: 42, st: 'resolved', xid: state.xid, note: 'status Resolved', n: 0 });
      assert.equal(asTicketState(deps.store.peek(stateKey(42)))?.st, 'open', 'the Signl state moves only when SIGNL4 took it');
    }
  });

  it('records a refusal on the timeline and in diagnostics, without queueing', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(400, { body: { code: 1, message: 'bad' } }));
    const state = await storeState(deps, ticketState());
    assert.equal(await sendStatus(ctx, state, 'acknowledged', 'x'), 'failed');
    const after = asTicketState(deps.store.peek(stateKey(42)));
    assert.equal(after?.st, 'open');
    assert.match(after?.tl[0]?.t ?? '', /^Could not update the Signl: SIGNL4 refused the request \(HTTP 400\)/);
    assert.lengthOf(deps.store.peek<{ errors: unknown[] }>(DIAG_KEY)?.errors ?? [], 1);
    assert.isUndefined(deps.store.peek(QUEUE_KEY));
  });

  it('throws retryable failures to the queue drain when asked to', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(502));
    const state = await storeState(deps, ticketState());
    assert.equal(((await rejects(sendStatus(ctx, state, 'resolved', 'x', 'throw'))) as AppError).code, 'unavailable');
    assert.isUndefined(deps.store.peek(QUEUE_KEY));
  });

  it('remembers, once, a status asked of SIGNL4 whose answer was lost, and forgets it when one is recorded', async () => {
    const { ctx, deps } = fakeContext();
    const state = await storeState(deps, ticketState({ id: 5, st: 'open' }));
    deps.request.on('signl4Event', timeout(), timeout(), ok({ eventId: 'e' }, 201));
    await sendStatus(ctx, state, 'resolved', 'Ann');
    const asked = asTicketState(deps.store.peek(stateKey(5)))?.asked;
    assert.deepEqual(asked, { st: 'resolved', at: deps.clock.now() });
    deps.store.resetCounts();
    const again = asTicketState(deps.store.peek(stateKey(5))) as TicketState;
    await rejects(sendStatus(ctx, again, 'resolved', 'Ann', 'throw'));
    assert.equal(deps.store.count('update'), 0, 'already remembered: no write');
    await sendStatus(ctx, again, 'resolved', 'Ann');
    assert.isNull(asTicketState(deps.store.peek(stateKey(5)))?.asked);
  });
});
