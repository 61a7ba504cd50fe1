import { assert } from 'chai';
import { syncTicketStatus, targetFor } from '../../../server/src/forward/sync-ticket-status.js';
import { asTicketState, echoUntil, stateKey, type TicketState } from '../../../server/src/signl/ticket-state.js';
import { fakeContext, storeState, ticketState } from '../../fakes/fake-context.js';
import { ok } from '../../fakes/fake-deps.js';

describe('syncTicketStatus', () => {
  it('maps ticket statuses to Signl targets by name, case-insensitively, custom statuses included', () => {
    const { ctx } = fakeContext({ acknowledge_on_statuses: ['Pending', 'In progress'], close_on_statuses: ['Resolved', 'Closed', 'Cancelled'] });
    const open = ticketState({ st: 'open' });
    const acked = ticketState({ st: 'acknowledged' });
    assert.equal(targetFor(open, 'pending', ctx), 'acknowledged');
    assert.equal(targetFor(open, ' In Progress ', ctx), 'acknowledged');
    assert.equal(targetFor(open, 'CANCELLED', ctx), 'resolved');
    assert.equal(targetFor(acked, 'Resolved', ctx), 'resolved');
    assert.isUndefined(targetFor(acked, 'Pending', ctx), 'an acknowledged Signl is not acknowledged again');
    assert.isUndefined(targetFor(open, 'Open', ctx));
  });

  it('acknowledges and then resolves the Signl with the same external id', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-ack' }, 201), ok({ eventId: 'ev-res' }, 201));
    const state = await storeState(deps, ticketState());
    assert.equal(await syncTicketStatus(ctx, state, 3, 'Pending'), 'sent');
    const acked = asTicketState(deps.store.peek(stateKey(42))) as TicketState;
    assert.equal(await syncTicketStatus(ctx, acked, 4, 'Resolved'), 'sent');
    const bodies = deps.request.callsOf('signl4Event').map((c) => c.options.body as Record<string, string>);
    assert.deepEqual(bodies.map((b) => b['X-S4-Status']), ['acknowledged', 'resolved']);
    assert.deepEqual(bodies.map((b) => b['X-S4-ExternalID']), [state.xid, state.xid]);
    assert.deepInclude(asTicketState(deps.store.peek(stateKey(42))) ?? {}, { st: 'closed', ev: ['ev-1', 'ev-ack', 'ev-res'], ackBy: 'status Pending', clsBy: 'status Resolved' });
  });

  it('does not echo a status the app itself set, however often it is seen within the window (the sweep, then the event)', async () => {
    const { ctx, deps } = fakeContext();
    const until = Date.UTC(2026, 10, 28, 12, 10);
    for (const state of [ticketState({ st: 'acknowledged', echo: { status: 4, until } }), ticketState({ id: 43, st: 'acknowledged', ...({ echo4: until } as object) })]) {
      await storeState(deps, state);
      assert.equal(await syncTicketStatus(ctx, state, 4, 'Resolved'), 'echo');
      const again = asTicketState(deps.store.peek(stateKey(state.id))) as TicketState;
      assert.equal(await syncTicketStatus(ctx, again, 4, 'Resolved'), 'echo', 'the second sighting is still the app\'s own change');
    }
    assert.equal(deps.request.count(), 0);
  });

  it('forgets its markers once the ticket is seen in another status: a later return to it is a person\'s change', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201));
    const state = await storeState(deps, ticketState({ st: 'acknowledged', ...({ echo4: deps.clock.now() + 60_000 } as object) }));
    assert.equal(await syncTicketStatus(ctx, state, 3, 'Pending'), 'ignored');
    const after = asTicketState(deps.store.peek(stateKey(42))) as TicketState;
    assert.isUndefined(echoUntil(after, 4) ?? undefined);
    assert.equal(await syncTicketStatus(ctx, after, 4, 'Resolved'), 'sent');
  });

  it('syncs the same status once the echo window has passed, or when it is another status', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201));
    const state = await storeState(deps, ticketState({ st: 'acknowledged', echo: { status: 4, until: deps.clock.now() } }));
    assert.equal(await syncTicketStatus(ctx, state, 4, 'Resolved'), 'sent');
    const other = await storeState(deps, ticketState({ id: 43, st: 'acknowledged', echo: { status: 4, until: deps.clock.now() + 60_000 } }));
    assert.equal(await syncTicketStatus(ctx, other, 5, 'Closed'), 'sent');
  });

  it('leaves Signls that are not open alone', async () => {
    const { ctx, deps } = fakeContext();
    for (const st of ['queued', 'closed', 'failed'] as const) assert.equal(await syncTicketStatus(ctx, ticketState({ st }), 4, 'Resolved'), 'ignored');
    assert.equal(await syncTicketStatus(ctx, ticketState(), 2, 'Open'), 'ignored');
    assert.equal(deps.request.count(), 0);
  });
});
