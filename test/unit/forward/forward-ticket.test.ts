import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import type { TicketFacts } from '../../../server/src/freshservice/ticket-facts.js';
import { QUEUE_KEY, type QueueRecord } from '../../../server/src/work/delivery-queue.js';
import { DIAG_KEY } from '../../../server/src/records/diagnostics-record.js';
import { checkForward, deliver, forwardTicket, recordParkedSent } from '../../../server/src/forward/forward-ticket.js';
import { DIAG_KEY as DIAG, evidenceKey } from '../../../server/src/records/diagnostics-record.js';
import { INSTALL_KEY } from '../../../server/src/records/install-record.js';
import { RESERVE_FLAG } from '../../../server/src/work/park.js';
import { SEND_WITHIN_MS } from '../../../server/src/context/sync-context.js';
import { asTicketState, stateKey, type TicketState } from '../../../server/src/signl/ticket-state.js';
import { fakeContext, S4_SECRET, storeState, ticketState, xidOf } from '../../fakes/fake-context.js';
import { httpError, ok, timeout, type TestDeps } from '../../fakes/fake-deps.js';
import { storeRateLimited } from '../../fakes/memory-store.js';
import { rejects } from '../../fakes/rejects.js';

const FACTS: TicketFacts = { id: 17, subject: 'Mail down', descriptionText: 'mx1 silent', priorityName: 'Urgent', typeName: 'Incident', tags: [], customFields: [], assets: [], problems: [], changes: [] };

const stateOf = (deps: TestDeps, id = 17): TicketState | undefined => asTicketState(deps.store.peek(stateKey(id)));
const queueOf = (deps: TestDeps): QueueRecord | undefined => deps.store.peek<QueueRecord>(QUEUE_KEY);

describe('forwardTicket', () => {
  it('raises the Signl with one request and two $db operations, and records it as open', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
    assert.equal(await forwardTicket(ctx, FACTS, 'create'), 'sent');
    assert.equal(deps.request.count(), 1);
    assert.deepEqual(deps.store.opLog, [
      { op: 'set', key: 't:17' },
      { op: 'update', key: 't:17' },
    ]);
    const call = deps.request.calls[0];
    assert.deepEqual(call?.options.context, { secret: S4_SECRET });
    assert.deepInclude(call?.options.body as Record<string, string>, { 'X-S4-ExternalID': xidOf(17, 1), 'X-S4-Status': 'new', Title: '#17: Mail down' });
    const state = stateOf(deps);
    assert.deepInclude(state, { st: 'open', gen: 1, xid: xidOf(17, 1), ev: ['ev-1'], fwdAt: deps.clock.now(), body: null, del: null });
    assert.deepEqual(state?.tl.map((e) => e.k), ['queued', 'forwarded']);
    assert.include(state?.tl[0]?.t, 'new ticket matched the filter');
  });

  it('sends nothing late in the invocation (a send may take 15 s of the 20 s): the claim is queued for the next minute', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
    deps.clock.advance(SEND_WITHIN_MS + 1);
    assert.equal(await forwardTicket(ctx, FACTS, 'create'), 'queued');
    assert.equal(deps.request.count(), 0);
    assert.deepInclude(queueOf(deps)?.items['d17'] ?? {}, { k: 'd', n: 0, due: deps.clock.now() + 1000 });
    assert.equal(stateOf(deps)?.st, 'queued');
  });

  it('sends nothing twice: a replayed or duplicate event finds the claim', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
    await forwardTicket(ctx, FACTS, 'create');
    assert.equal(await forwardTicket(ctx, FACTS, 'create'), 'duplicate');
    assert.equal(await forwardTicket(ctx, FACTS, 'update'), 'duplicate');
    assert.equal(await forwardTicket(ctx, FACTS, 'manual'), 'duplicate');
    assert.equal(await forwardTicket(ctx, FACTS, 'sweep'), 'duplicate');
    assert.equal(deps.request.count(), 1);
    assert.include(deps.log.text(), 'ticket already forwarded; nothing sent');
  });

  it('does not page twice while the first Signl waits in the queue', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ id: 17, st: 'queued', ev: [] }));
    assert.equal(await forwardTicket(ctx, FACTS, 'manual'), 'duplicate');
    assert.equal(deps.request.count(), 0);
  });

  it('forwards again after the Signl was closed when allowed, as generation 2 with a new external id, keeping history', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-2' }, 201));
    await storeState(deps, ticketState({ id: 17, st: 'closed', cb: ['n-1'], tl: [{ at: 1, k: 'closed', t: 'Closed.' }] }));
    assert.equal(await forwardTicket(ctx, FACTS, 'update'), 'duplicate', 'an update may page again only when told so');
    assert.equal(deps.request.count(), 0);
    assert.equal(await forwardTicket(ctx, FACTS, 'update', true), 'sent');
    const state = stateOf(deps);
    assert.deepInclude(state, { gen: 2, xid: xidOf(17, 2), st: 'open', ev: ['ev-2'], cb: ['n-1'] });
    assert.deepEqual(state?.tl.map((e) => e.k), ['closed', 'queued', 'forwarded']);
    assert.equal(deps.request.lastBody('signl4Event')['X-S4-ExternalID'], xidOf(17, 2));
  });

  it('pages again after a failed delivery when asked from the sidebar', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-2' }, 201));
    await storeState(deps, ticketState({ id: 17, st: 'failed', gen: 3 }));
    assert.equal(await forwardTicket(ctx, FACTS, 'manual'), 'sent');
    assert.equal(stateOf(deps)?.gen, 4);
    assert.include(stateOf(deps)?.tl[0]?.t, 'paged from the ticket sidebar');
  });

  it('never re-forwards a closed Signl from a replayed create or the sweep', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ id: 17, st: 'closed' }));
    assert.equal(await forwardTicket(ctx, FACTS, 'create'), 'duplicate');
    assert.equal(await forwardTicket(ctx, FACTS, 'sweep'), 'duplicate');
    assert.equal(deps.request.count(), 0);
  });

  it('records an open Signl without eventIds when SIGNL4 answers without one', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok(undefined, 200));
    assert.equal(await forwardTicket(ctx, FACTS, 'create'), 'sent');
    assert.deepEqual(stateOf(deps)?.ev, []);
  });

  it('queues the Signl on 429 and waits exactly Retry-After', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(429, { retryAfter: '30' }));
    assert.equal(await forwardTicket(ctx, FACTS, 'create'), 'queued');
    const state = stateOf(deps);
    assert.equal(state?.st, 'queued');
    assert.equal(state?.body?.['X-S4-ExternalID'], xidOf(17, 1), 'the Signl body waits with the claim');
    assert.deepInclude(queueOf(deps)?.items['d17'] ?? {}, { k: 'd', t: 17, n: 0, due: deps.clock.now() + 30_000, since: deps.clock.now() });
    assert.include(deps.log.text(), 'the Signl is queued and retried');
  });

  it('queues on 429 without Retry-After, on 500 and on a timeout, with the first backoff', async () => {
    for (const answer of [httpError(429), httpError(500), httpError(503), timeout()]) {
      const { ctx, deps } = fakeContext();
      deps.request.on('signl4Event', answer);
      assert.equal(await forwardTicket(ctx, FACTS, 'create'), 'queued');
      assert.equal(queueOf(deps)?.items['d17']?.due, deps.clock.now() + 60_000);
    }
  });

  it('marks the ticket failed with the reason and what to fix on 400, records the error and counts it', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(400, { body: { code: 1001, message: 'The body is invalid.' } }));
    assert.equal(await forwardTicket(ctx, FACTS, 'create'), 'failed');
    const state = stateOf(deps);
    assert.equal(state?.st, 'failed');
    assert.deepInclude(state?.del ?? {}, { attempts: 1 });
    assert.include(state?.del?.reason, 'HTTP 400');
    assert.include(state?.del?.reason, 'The body is invalid.');
    assert.isNotEmpty(state?.del?.fix);
    assert.equal(state?.tl[state.tl.length - 1]?.k, 'failed');
    const diag = deps.store.peek<{ fail: number; errors: Array<{ code: string }> }>(DIAG_KEY);
    assert.equal(diag?.fail, 1);
    assert.equal(diag?.errors[0]?.code, 'rejected');
    assert.isUndefined(queueOf(deps), 'a refused body is not retried');
  });

  it('tells the admin to fix the webhook URL on 404 with SIGNL4 code 3004', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(404, { body: { code: 3004, message: 'Error raising event.', details: 'An event source with ID x was not found.' } }));
    assert.equal(await forwardTicket(ctx, FACTS, 'create'), 'failed');
    assert.match(stateOf(deps)?.del?.fix ?? '', /webhook URL/);
    assert.include(stateOf(deps)?.del?.reason, '3004');
  });
});

describe('deliver (from the queue drain)', () => {
  it('throws retryable failures to the drain instead of queueing them', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(503));
    const state = await storeState(deps, ticketState({ id: 17, st: 'queued', ev: [], body: { Title: 't' } }));
    const error = (await rejects(deliver(ctx, state, { Title: 't' }, 3, 'throw'))) as AppError;
    assert.equal(error.code, 'unavailable');
    assert.isUndefined(queueOf(deps));
  });

  it('counts the attempts of a failure that is not retryable', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(400));
    const state = await storeState(deps, ticketState({ id: 17, st: 'queued', ev: [] }));
    assert.equal(await deliver(ctx, state, { Title: 't' }, 3, 'throw'), 'failed');
    assert.equal(stateOf(deps)?.del?.attempts, 4);
  });

  describe('when the $db budget is spent after SIGNL4 accepted the Signl', () => {
    const sentJob = (deps: TestDeps) => deps.scheduler.schedules.get('s4-sent-17-0')?.data;

    it('never queues it again: the record of the send is parked instead', async () => {
      const { ctx, deps } = fakeContext();
      deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
      deps.store.failWhen((op) => (op === 'update' ? storeRateLimited() : undefined));
      assert.equal(await forwardTicket(ctx, FACTS, 'create'), 'sent');
      assert.equal(deps.request.count('signl4Event'), 1);
      assert.isUndefined(queueOf(deps), 'no delivery queued');
      assert.deepEqual(sentJob(deps), { job: 'sent', t: 17, xid: xidOf(17, 1), ev: 'ev-1', at: deps.clock.now(), since: deps.clock.now(), k: 0 });
      assert.isTrue(deps.scheduler.schedules.has(RESERVE_FLAG), 'room is reserved for it: until it is written, the sweep cannot tell it from a forward whose handler was stopped');
    });

    it('does not throw to the drain either (which would send it again next minute)', async () => {
      const { ctx, deps } = fakeContext();
      const state = await storeState(deps, ticketState({ id: 17, st: 'queued', ev: [], body: { Title: '#17' } }));
      deps.request.on('signl4Event', ok({ eventId: 'ev-2' }, 201));
      deps.store.failWhen((op) => (op === 'update' ? storeRateLimited() : undefined));
      assert.equal(await deliver(ctx, state, { Title: '#17' }, 1, 'throw'), 'sent');
      assert.equal((sentJob(deps) as { ev?: string } | undefined)?.ev, 'ev-2');
    });

    it('when the parked record comes back, the claim becomes the open Signl, even one the sweep marked as failed', async () => {
      for (const st of ['queued', 'failed'] as const) {
        const { ctx, deps } = fakeContext();
        await storeState(deps, ticketState({ id: 17, st, ev: [] }));
        assert.equal(await recordParkedSent(ctx, { job: 'sent', t: 17, xid: xidOf(17, 1), ev: 'ev-1', at: 5, since: 5, k: 0 }), 'recorded');
        assert.deepInclude(stateOf(deps), { st: 'open', ev: ['ev-1'], fwdAt: 5 });
      }
    });

    it('a parked record that comes back to a ticket that moved on (new generation, already open) changes nothing', async () => {
      const { ctx, deps } = fakeContext();
      await storeState(deps, ticketState({ id: 17, st: 'acknowledged', ev: ['ev-1'] }));
      assert.equal(await recordParkedSent(ctx, { job: 'sent', t: 17, xid: xidOf(17, 1), at: 5, since: 5, k: 0 }), 'moved on');
      await storeState(deps, ticketState({ id: 17, st: 'queued', gen: 2, xid: xidOf(17, 2) }));
      assert.equal(await recordParkedSent(ctx, { job: 'sent', t: 17, xid: xidOf(17, 1), at: 5, since: 5, k: 0 }), 'moved on');
      assert.equal(stateOf(deps)?.st, 'queued');
    });

    it('a parked record that meets a spent budget again is parked again under a new name', async () => {
      const { ctx, deps } = fakeContext();
      deps.store.failWhen(() => storeRateLimited());
      const since = deps.clock.now() - 5 * 60_000;
      assert.equal(await recordParkedSent(ctx, { job: 'sent', t: 17, xid: xidOf(17, 1), at: since, since, k: 0 }), 'parked');
      assert.deepInclude(deps.scheduler.schedules.get('s4-sent-17-1')?.data ?? {}, { since, k: 1 });
    });
  });
});

describe('a forward and stopped handlers', () => {
  it('places no schedule for an event or the sweep: a stopped handler’s claim is the sweep’s to find (sweep-missed.ts)', async () => {
    for (const reason of ['create', 'update', 'sweep'] as const) {
      const { ctx, deps } = fakeContext();
      deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
      assert.equal(await forwardTicket(ctx, FACTS, reason), 'sent', reason);
      assert.deepEqual(deps.scheduler.calls, [], reason);
      assert.equal(deps.store.ops, 2, `${reason}: the claim and the state`);
    }
  });

  it('guards a page from the sidebar before its claim, and removes the guard when done: the sweep may never list that ticket', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
    deps.scheduler.probe = () => deps.store.ops;
    assert.equal(await forwardTicket(ctx, FACTS, 'manual'), 'sent');
    assert.deepEqual(deps.scheduler.calls, ['create s4-g-t17-0', 'delete s4-g-t17-0']);
    assert.deepEqual(deps.scheduler.probedAtCreate, [0], 'before the claim');
  });

  it('a claim refused (a spent $db budget) claims nothing and sends nothing: the sweep finds the ticket', async () => {
    const { ctx, deps } = fakeContext();
    deps.store.failWhen(() => storeRateLimited());
    await rejects(forwardTicket(ctx, FACTS, 'create'));
    assert.equal(deps.request.count('signl4Event'), 0);
    assert.deepEqual(deps.scheduler.calls, []);
  });

  // Guards placed by an earlier version may still be waiting when it is upgraded.
  describe('when the guard comes back', () => {
    const guard = (since: number) => ({ job: 'forward' as const, t: 17, since, k: 0 });
    const unsent = (deps: TestDeps) => storeState(deps, ticketState({ id: 17, st: 'queued', ev: [], body: { Title: '#17' } }));

    it('records the Signl SIGNL4 confirmed', async () => {
      const { ctx, deps } = fakeContext();
      await unsent(deps);
      await deps.store.set(DIAG, { fwd: 3, [evidenceKey(17, 1)]: 1 });
      assert.equal(await checkForward(ctx, guard(deps.clock.now())), 'recorded');
      assert.equal(stateOf(deps)?.st, 'open');
      assert.equal(deps.request.count(), 0);
    });

    it('queues for the drain a Signl SIGNL4 did not confirm, when confirmations do arrive (or install registered the webhook)', async () => {
      for (const seed of [{ key: DIAG, value: { fwd: 3 } }, { key: INSTALL_KEY, value: { url: 'u', registration: 'api', at: 1 } }]) {
        const { ctx, deps } = fakeContext();
        await unsent(deps);
        await deps.store.set(seed.key, seed.value);
        assert.equal(await checkForward(ctx, guard(deps.clock.now())), 'queued', seed.key);
        assert.deepInclude(queueOf(deps)?.items['d17'] ?? {}, { k: 'd', n: 0 });
        assert.equal(await checkForward(ctx, guard(deps.clock.now())), 'moved on', 'already queued: the drain owns it');
      }
    });

    it('says it cannot tell when no confirmation ever arrived, and pages nobody twice', async () => {
      const { ctx, deps } = fakeContext();
      await unsent(deps);
      assert.equal(await checkForward(ctx, guard(deps.clock.now())), 'failed');
      assert.match(stateOf(deps)?.del?.fix ?? '', /Retry/);
      assert.equal(deps.request.count(), 0);
    });

    it('leaves a claim the retry queue holds to the drain, confirmations or not (its send failed, it did not go out)', async () => {
      const { ctx, deps } = fakeContext();
      await unsent(deps);
      await deps.store.set(QUEUE_KEY, { v: 1, items: { d17: { k: 'd', t: 17, n: 1, due: 0, since: 0, r: 'SIGNL4 answered 503' } } });
      assert.equal(await checkForward(ctx, guard(deps.clock.now())), 'moved on');
      assert.equal(stateOf(deps)?.st, 'queued');
    });

    it('leaves a ticket that moved on alone, and parks itself again when the budget is spent', async () => {
      const { ctx, deps } = fakeContext();
      await storeState(deps, ticketState({ id: 17, st: 'open' }));
      assert.equal(await checkForward(ctx, guard(deps.clock.now())), 'moved on');
      deps.store.failWhen(() => storeRateLimited());
      assert.equal(await checkForward(ctx, guard(deps.clock.now())), 'parked');
      assert.isTrue(deps.scheduler.schedules.has('s4-t17-1'));
    });
  });
});
