import { assert } from 'chai';
import { makeExternalId } from '../../../server/src/signl4/external-id.js';
import { DIAG_KEY } from '../../../server/src/records/diagnostics-record.js';
import { handleCallback } from '../../../server/src/callbacks/handle-callback.js';
import { asParkedJob, RESERVE_FLAG } from '../../../server/src/work/park.js';
import { runScheduledJob } from '../../../server/src/handlers/run-scheduled-job.js';
import { asTicketState, echoUntil, stateKey, type TicketState } from '../../../server/src/signl/ticket-state.js';
import { fakeContext, FS_KEY, storeState, ticketState, xidOf } from '../../fakes/fake-context.js';
import { ok, type TestDeps } from '../../fakes/fake-deps.js';
import { storeRateLimited, type StoreOp } from '../../fakes/memory-store.js';
import { acknowledged, ALERT_ID, annotated, closed, created, dutyStarted, escalated, EVENT_ID, RAISED_MS, testEvent } from '../../fixtures/signl4-callbacks.js';

const XID = xidOf(42, 1);
const stateOf = (deps: TestDeps): TicketState | undefined => asTicketState(deps.store.peek(stateKey(42)));
const diag = (deps: TestDeps): Record<string, unknown> => deps.store.peek<Record<string, unknown>>(DIAG_KEY) ?? {};

function freshservice(deps: TestDeps): TestDeps {
  deps.request
    .on('fsFindAgent', ok({ agents: [{ id: 77, email: 'sam.okafor@example.com' }] }))
    .on('fsCreateNote', ok({ conversation: { id: 1 } }, 201))
    .on('fsUpdateTicket', ok({ ticket: { id: 42 } }));
  return deps;
}

async function forwarded(overrides: Partial<TicketState> = {}, settings: Record<string, unknown> = {}): Promise<ReturnType<typeof fakeContext>> {
  const context = fakeContext(settings);
  freshservice(context.deps);
  await storeState(context.deps, ticketState({ ev: [EVENT_ID], ...overrides }));
  return context;
}

describe('handleCallback', () => {
  it('applies an acknowledgement: one note, one ticket update with status and agent, the Signl state, the alert id bound', async () => {
    const { ctx, deps } = await forwarded();
    assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, id: 'n-1' })), 'applied');
    assert.deepEqual(deps.request.calls.map((c) => c.template), ['fsFindAgent', 'fsCreateNote', 'fsUpdateTicket']);
    assert.deepEqual(deps.request.lastBody('fsCreateNote'), { body: 'Signl acknowledged in SIGNL4 by Sam Okafor.', private: true });
    assert.deepEqual(deps.request.lastBody('fsUpdateTicket'), { responder_id: 77, status: 2 });
    assert.deepInclude(stateOf(deps) ?? {}, { st: 'acknowledged', ackBy: 'Sam Okafor', ackAt: RAISED_MS, cb: ['n-1'], alert: ALERT_ID });
    assert.equal(echoUntil(stateOf(deps) as TicketState, 2), deps.clock.now() + 15 * 60_000, 'its own Open is not echoed for 15 minutes');
    assert.equal(diag(deps)['cbOk'], 1);
  });

  describe('an acknowledgement and a close of one Signl delivered at the same moment', () => {
    for (const order of ['acknowledgement first', 'close first'] as const) {
      it(`${order}: the Signl and the ticket end closed, both are on the timeline, nothing goes back to SIGNL4`, async () => {
        const { ctx, deps } = await forwarded();
        const ack = acknowledged({ xid: XID, id: 'n-ack' });
        const close = closed({ xid: XID, id: 'n-close' });
        const outcomes = await Promise.all(order === 'close first' ? [handleCallback(ctx, close), handleCallback(ctx, ack)] : [handleCallback(ctx, ack), handleCallback(ctx, close)]);
        assert.deepEqual(outcomes, ['applied', 'applied']);
        const state = stateOf(deps) as TicketState;
        assert.equal(state.st, 'closed');
        assert.includeMembers(state.cb, ['n-ack', 'n-close']);
        assert.includeMembers(state.tl.map((e) => e.k), ['acknowledged', 'closed']);
        const statuses = deps.request.callsOf('fsUpdateTicket').map((c) => (c.options.body as { status?: number }).status);
        assert.equal(statuses.at(-1), 4, `the last status set is the close's (Resolved, 4): ${statuses.join(', ')}`);
        for (const status of [2, 4]) assert.isAbove(echoUntil(state, status) ?? 0, deps.clock.now(), `status ${status} the app set is not echoed back`);
        assert.equal(deps.request.count('signl4Event'), 0, 'no resolve sent to SIGNL4');
      });
    }
  });

  describe('a Signl SIGNL4 refused to create (its send answered 503 or 429)', () => {
    it('a "closed" callback for it is rejected: nothing can have been closed, and the page still goes out', async () => {
      const { ctx, deps } = await forwarded({ st: 'queued', ev: [], sendOutcome: 'refused' });
      assert.equal(await handleCallback(ctx, closed({ xid: XID, id: 'forged', eventId: 'x', alertId: 'x' })), 'rejected');
      assert.equal(deps.request.count('fsUpdateTicket'), 0);
      assert.equal(stateOf(deps)?.st, 'queued');
    });

    it('while a send that got no answer (it may have arrived) still lets SIGNL4\'s callback stand for it', async () => {
      const { ctx, deps } = await forwarded({ st: 'queued', ev: [], sendOutcome: 'maybe' });
      assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, id: 'n-1' })), 'applied');
      assert.equal(stateOf(deps)?.st, 'acknowledged');
    });
  });

  it('accepts the body as a JSON string', async () => {
    const { ctx } = await forwarded();
    assert.equal(await handleCallback(ctx, JSON.stringify(closed({ xid: XID }))), 'applied');
  });

  it('applies each notification once: a redelivered id changes nothing', async () => {
    const { ctx, deps } = await forwarded();
    const body = acknowledged({ xid: XID, id: 'n-1' });
    await handleCallback(ctx, body);
    const requests = deps.request.count();
    assert.equal(await handleCallback(ctx, body), 'duplicate');
    assert.equal(deps.request.count(), requests);
  });

  it('remembers past the 40 ids it keeps: once 61 annotations were applied, a replay of the first is still a replay; a parked one coming back is not', async () => {
    const { ctx, deps } = await forwarded();
    const raised = (i: number): string => new Date(Date.UTC(2026, 10, 28, 9, 0, i)).toISOString();
    const bodies = Array.from({ length: 62 }, (_, i) => annotated({ xid: XID, id: `a-${i}`, eventRaisedUtc: raised(i) }, `Update ${i}`));
    for (const body of bodies.slice(0, 61)) assert.equal(await handleCallback(ctx, body), 'applied');
    const notes = deps.request.count('fsCreateNote');
    assert.equal(notes, 61);
    assert.equal(await handleCallback(ctx, bodies[0]), 'duplicate', 'the oldest id was pruned, the watermark keeps it out');
    assert.equal(await handleCallback(ctx, bodies[61]), 'applied', 'a newer one is applied');
    assert.equal(deps.request.count('fsCreateNote'), notes + 1);
    assert.isAtMost(Object.keys(stateOf(deps)?.seen ?? {}).length, 60, 'the ids stay bounded');
  });

  it('never moves the ticket backwards: a late acknowledgement after close only records the id', async () => {
    const { ctx, deps } = await forwarded({ st: 'closed' });
    assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, id: 'late' })), 'stale');
    assert.equal(deps.request.count(), 0);
    assert.deepInclude(stateOf(deps) ?? {}, { st: 'closed', cb: ['late'] });
  });

  it('applies a close after an acknowledgement, with the close note and status', async () => {
    const { ctx, deps } = await forwarded({ st: 'acknowledged' });
    assert.equal(await handleCallback(ctx, closed({ xid: XID })), 'applied');
    assert.deepEqual(deps.request.lastBody('fsUpdateTicket'), { status: 4 });
    assert.deepInclude(stateOf(deps) ?? {}, { st: 'closed', clsBy: 'Sam Okafor' });
  });

  it('notes escalations and annotations without touching the ticket fields', async () => {
    const { ctx, deps } = await forwarded();
    assert.equal(await handleCallback(ctx, escalated({ xid: XID })), 'applied');
    assert.equal(await handleCallback(ctx, annotated({ xid: XID }, 'On my way <b>now</b>')), 'applied');
    assert.deepEqual(deps.request.callsOf('fsCreateNote').map((c) => (c.options.body as { body: string }).body), [
      'Signl escalated in SIGNL4.',
      'Sam Okafor in SIGNL4: On my way &#60;b&#62;now&#60;/b&#62;',
    ]);
    assert.equal(deps.request.count('fsUpdateTicket'), 0);
    assert.deepEqual(stateOf(deps)?.tl.map((e) => e.k), ['escalated', 'annotated']);
  });

  it('accepts a callback by the bound alert id when its eventId is new', async () => {
    const { ctx } = await forwarded({ ev: ['ev-other'], alert: 'alert-9' });
    assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, eventId: 'ev-unknown', alertId: 'alert-9' })), 'applied');
  });

  it('rejects a wrong eventId when no alert id is bound, or when the alert id differs', async () => {
    for (const overrides of [{}, { alert: 'alert-9' }]) {
      const { ctx, deps } = await forwarded(overrides);
      assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, eventId: 'ev-forged', alertId: 'alert-forged' })), 'rejected');
      assert.equal(deps.request.count(), 0);
      assert.equal(stateOf(deps)?.st, 'open');
      assert.equal(diag(deps)['cbRej'], 1);
      assert.include(deps.log.text(), 'the eventId and alert id do not match');
    }
  });

  it('rejects and counts an external id in this account\'s form with a wrong tag (a forgery), before any read', async () => {
    const { ctx, deps } = await forwarded();
    for (const xid of [makeExternalId('another-installation-key', 'acme', 42, 1), XID.replace('-42-', '-43-')]) {
      deps.store.resetCounts();
      assert.equal(await handleCallback(ctx, acknowledged({ xid })), 'rejected', xid);
      assert.deepEqual(deps.store.opLog, [{ op: 'update', key: DIAG_KEY }], 'only the rejection is counted');
    }
    assert.include(deps.log.text(), 'the external id was not issued by this installation');
  });

  it('ignores another integration\'s alert (SIGNL4\'s webhook is team-wide) at no $db or request cost', async () => {
    const { ctx, deps } = await forwarded();
    for (const xid of ['fs-1042', 'INC0012345', makeExternalId(FS_KEY, 'globex', 42, 1), undefined]) {
      for (const body of [acknowledged({ xid: xid as string }), created({ xid: xid as string })]) {
        deps.store.resetCounts();
        const requests = deps.request.calls.length;
        assert.equal(await handleCallback(ctx, body), 'foreign', String(xid));
        assert.deepEqual(deps.store.opLog, [], `no $db operation for ${String(xid)}`);
        assert.equal(deps.request.calls.length, requests, 'no request');
      }
    }
    assert.include(deps.log.text(), 'callback for an alert of another integration; ignored');
  });

  it('rejects a genuine-looking id for a ticket this installation never forwarded', async () => {
    const { ctx, deps } = fakeContext();
    assert.equal(await handleCallback(ctx, acknowledged({ xid: xidOf(99, 1) })), 'rejected');
    assert.include(deps.log.text(), 'ticket 99 was never forwarded');
  });

  it('rejects a generation this installation never raised, and ignores an earlier one as stale', async () => {
    const { ctx, deps } = await forwarded({ gen: 2, xid: xidOf(42, 2) });
    assert.equal(await handleCallback(ctx, acknowledged({ xid: xidOf(42, 3) })), 'rejected');
    assert.equal(await handleCallback(ctx, acknowledged({ xid: xidOf(42, 1) })), 'stale');
    assert.equal(deps.request.count(), 0);
    assert.equal(diag(deps)['cbRej'], 1, 'a stale callback is not a forgery');
  });

  it('confirms "created" by its tag alone, with no $db read', async () => {
    const { ctx, deps } = await forwarded();
    assert.equal(await handleCallback(ctx, created({ xid: XID })), 'applied');
    assert.deepEqual(deps.store.opLog, [{ op: 'update', key: DIAG_KEY }]);
    assert.equal(diag(deps)['fwd'], 1);
    assert.equal(await handleCallback(ctx, created({ xid: 'FS-acme-42-1-ffffffffff' })), 'rejected');
  });

  it('ignores test and duty events and unknown event types without reading anything', async () => {
    const { ctx, deps } = fakeContext();
    for (const body of [testEvent(), dutyStarted(), { id: 'n', eventType: 303 }, { id: 'n', eventType: 999 }]) assert.equal(await handleCallback(ctx, body), 'ignored');
    assert.equal(deps.store.ops, 0);
  });

  it('rejects and counts bodies that cannot be read', async () => {
    const { ctx, deps } = fakeContext();
    for (const body of ['not json', [], {}, { eventType: 201 }]) assert.equal(await handleCallback(ctx, body), 'rejected');
    assert.equal(diag(deps)['cbRej'], 4);
  });

  it('records a callback whose status code means nothing (0 on a 201) as seen, changing nothing', async () => {
    const { ctx, deps } = await forwarded();
    const body = acknowledged({ xid: XID, id: 'zero' });
    (body['alert'] as Record<string, unknown>)['statusCode'] = 0;
    assert.equal(await handleCallback(ctx, body), 'stale');
    assert.deepInclude(stateOf(deps) ?? {}, { st: 'open', cb: ['zero'] });
  });

  it('records a Signl whose send the app could not record (stopped handler) when SIGNL4’s callback for it arrives, and applies it', async () => {
    for (const st of ['queued', 'failed'] as const) {
      const { ctx, deps } = await forwarded({ st, ev: [], body: { Title: '#42' } });
      assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, id: `n-${st}` })), 'applied', st);
      assert.deepInclude(stateOf(deps) ?? {}, { st: 'acknowledged', alert: ALERT_ID, body: null, del: null });
      assert.deepEqual(stateOf(deps)?.tl.slice(-2).map((e) => e.k), ['forwarded', 'acknowledged']);
      assert.equal(deps.request.count('fsCreateNote'), 1);
    }
  });

  it('still rejects a callback whose eventId and alert id do not match a recorded Signl', async () => {
    const { ctx } = await forwarded({ st: 'open', ev: [], alert: 'other-alert' });
    assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, id: 'n-x' })), 'rejected');
  });

  describe('guarded against a stopped handler (its 20 s limit)', () => {
    it('places a guard before its first $db call and removes it when done', async () => {
      const { ctx, deps } = await forwarded();
      deps.store.resetCounts();
      deps.scheduler.probe = () => deps.store.ops;
      assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, id: 'n-1' })), 'applied');
      assert.deepEqual(deps.scheduler.calls, ['create s4-g-cb-n-1-0', 'delete s4-g-cb-n-1-0']);
      assert.deepEqual(deps.scheduler.probedAtCreate, [0], 'the guard came before any $db operation');
      assert.equal(deps.scheduler.schedules.size, 0);
    });

    it('places no guard for a forged callback, test events or created confirmations', async () => {
      const { ctx, deps } = await forwarded();
      await handleCallback(ctx, acknowledged({ xid: 'FS-acme-42-1-ffffffffff', id: 'f' }));
      await handleCallback(ctx, testEvent());
      await handleCallback(ctx, created({ xid: XID }));
      assert.deepEqual(deps.scheduler.calls, []);
    });

    it('when its handler was stopped after the state write, the guard coming back writes the note and updates the ticket from the kept plan', async () => {
      const { ctx, deps } = await forwarded();
      const plan = { note: 'Signl acknowledged in SIGNL4 by Sam Okafor.', status: 'Open', assignEmail: 'sam.okafor@example.com', state: 'acknowledged' as const, timeline: { k: 'acknowledged' as const, t: 'x' } };
      await storeState(deps, ticketState({ ev: [EVENT_ID], st: 'acknowledged', cb: ['n-7'], pend: { id: 'n-7', plan } }));
      deps.request.on('fsListConversations', ok({ conversations: [] }));
      const since = deps.clock.now() - 5 * 60_000;
      const outcome = await runScheduledJob(ctx, { job: 'callback', cb: { id: 'n-7', type: 201, code: 2, xid: XID, eventId: EVENT_ID, user: 'Sam Okafor', email: 'sam.okafor@example.com' }, since, k: 0 });
      assert.equal(outcome, 'applied');
      assert.deepEqual(deps.request.calls.map((c) => c.template), ['fsFindAgent', 'fsListConversations', 'fsCreateNote', 'fsUpdateTicket']);
      assert.deepEqual(deps.request.lastBody('fsUpdateTicket'), { responder_id: 77, status: 2 });
      assert.include(deps.log.text(), 'finished after its handler had been stopped');
      assert.deepEqual(deps.scheduler.calls, ['create s4-g-cb-n-7-1', 'delete s4-g-cb-n-7-1'], 'guarded again, under a new name');
    });

    it('applies the callback unguarded, saying so, when the guard cannot be placed', async () => {
      const { ctx, deps } = await forwarded();
      deps.scheduler.failing.create = new Error('schedule limit reached');
      assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, id: 'n-1' })), 'applied');
      assert.include(deps.log.text(), 'could not guard the callback');
      assert.notInclude(deps.scheduler.calls, 'delete s4-g-cb-n-1-0');
    });
  });

  describe('when the minute’s $db budget is spent', () => {
    /** The store refuses `op` calls (or all) while `spent.value` is true. */
    function spendBudget(deps: TestDeps, op?: StoreOp): { value: boolean } {
      const spent = { value: true };
      deps.store.failWhen((o) => (spent.value && (op === undefined || o === op) ? storeRateLimited() : undefined));
      return spent;
    }
    const parkedNames = (deps: TestDeps): string[] => [...deps.scheduler.schedules.keys()];

    it('parks an acknowledgement it cannot read against its ticket, then applies it once when it comes back', async () => {
      const { ctx, deps } = await forwarded();
      const spent = spendBudget(deps);
      assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, id: 'n-1' })), 'parked');
      assert.deepEqual(parkedNames(deps), ['s4-cb-n-1-0', RESERVE_FLAG]);
      assert.equal(deps.request.count(), 0, 'nothing done on the ticket');
      spent.value = false;
      const parked = deps.scheduler.schedules.get('s4-cb-n-1-0')?.data;
      assert.isDefined(asParkedJob(parked));
      assert.equal(await runScheduledJob(ctx, parked), 'applied');
      assert.deepEqual(deps.request.calls.map((c) => c.template), ['fsFindAgent', 'fsCreateNote', 'fsUpdateTicket']);
      assert.deepInclude(stateOf(deps) ?? {}, { st: 'acknowledged', cb: ['n-1'] });
      assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, id: 'n-1' })), 'duplicate', 'SIGNL4 redelivering it is a duplicate');
      deps.request.on('fsListConversations', ok({ conversations: [{ body_text: 'Signl acknowledged in SIGNL4 by Sam Okafor.', created_at: new Date(deps.clock.now()).toISOString() }] }));
      assert.equal(await runScheduledJob(ctx, parked), 'applied', 'a second comeback finishes what the state records, finding the note on the ticket');
      assert.equal(deps.request.count('fsCreateNote'), 1);
    });

    it('parks a callback whose state write is refused before anything reached the ticket', async () => {
      const { ctx, deps } = await forwarded();
      spendBudget(deps, 'update');
      assert.equal(await handleCallback(ctx, closed({ xid: XID, id: 'n-2' })), 'parked');
      assert.equal(deps.request.count(), 0, 'no note, no ticket update');
      assert.deepInclude(stateOf(deps) ?? {}, { st: 'open', cb: [] });
      assert.isTrue(deps.scheduler.schedules.has('s4-cb-n-2-0'));
    });

    it('a comeback that meets a spent budget again is parked again, under a new name, with its first parking time', async () => {
      const { ctx, deps } = await forwarded();
      spendBudget(deps);
      const since = deps.clock.now() - 5 * 60_000;
      assert.equal(await runScheduledJob(ctx, { job: 'callback', cb: { id: 'n-3', type: 201, code: 2, xid: XID, eventId: EVENT_ID }, since, k: 0 }), 'parked');
      assert.deepInclude(deps.scheduler.schedules.get('s4-cb-n-3-1')?.data ?? {}, { since, k: 1 });
    });

    it('once applied to the ticket, a refused record afterwards is said in the log and not parked (the note would repeat)', async () => {
      const { ctx, deps } = await forwarded();
      let updates = 0;
      deps.store.failWhen((op, key) => (op === 'set' && key === 'ref' ? storeRateLimited() : undefined));
      deps.store.failWhen((op) => (op === 'update' && (updates += 1) > 1 ? storeRateLimited() : undefined));
      assert.equal(await handleCallback(ctx, acknowledged({ xid: XID, id: 'n-4' })), 'applied');
      assert.equal(deps.request.count('fsCreateNote'), 1);
      assert.isFalse(deps.scheduler.schedules.has('s4-cb-n-4-0'));
      assert.include(deps.log.text(), 'the reference cache not recorded');
    });

    it('does not park forged callbacks: they fail on their tag before any $db call', async () => {
      const { ctx, deps } = await forwarded();
      spendBudget(deps);
      assert.equal(await handleCallback(ctx, acknowledged({ xid: 'FS-acme-42-1-ffffffffff', id: 'f' })), 'rejected');
      assert.equal(deps.scheduler.schedules.size, 0);
    });
  });
});
