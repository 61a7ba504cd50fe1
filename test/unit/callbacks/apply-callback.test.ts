import { assert } from 'chai';
import type { CallbackRecord } from '../../../server/src/signl4/parse-callback.js';
import { applyCallback, RetryLater } from '../../../server/src/callbacks/apply-callback.js';
import { queuedItem, type QueueItem } from '../../../server/src/work/delivery-queue.js';
import { DIAG_KEY } from '../../../server/src/records/diagnostics-record.js';
import { asTicketState, echoUntil, stateKey, type CallbackPlan, type TicketState } from '../../../server/src/signl/ticket-state.js';
import { fakeContext, storeState, ticketState } from '../../fakes/fake-context.js';
import { httpError, ok, timeout, type Route, type TestDeps } from '../../fakes/fake-deps.js';
import { rejects } from '../../fakes/rejects.js';
import { ticketFormFields } from '../../fixtures/fixtures.js';

const AT = Date.UTC(2026, 10, 28, 12, 5);
const CB: CallbackRecord = { id: 'n-1', type: 201, code: 4, user: 'Sam Okafor', email: 'sam.okafor@example.com', at: AT, alertId: 'a-1' };
const CLOSE_PLAN: CallbackPlan = { note: 'Signl closed in SIGNL4 by Sam Okafor.', status: 'Resolved', assignEmail: 'sam.okafor@example.com', state: 'closed', timeline: { k: 'closed', t: 'Closed in SIGNL4 by Sam Okafor.' } };
const FIRST = { noteDone: false, replay: false };
const CLOSURE_400 = { body: { description: 'Validation failed', errors: [{ field: 'custom_fields.root_cause', message: 'It should not be blank', code: 'missing_field' }] } };
const SAM = ok({ agents: [{ id: 77, email: 'sam.okafor@example.com' }] });

const stateOf = (deps: TestDeps): TicketState => asTicketState(deps.store.peek(stateKey(42))) as TicketState;
const queued = (deps: TestDeps): Promise<QueueItem | undefined> => queuedItem(deps.store, 'c42_n-1');
const noteBodies = (deps: TestDeps): string[] => deps.request.callsOf('fsCreateNote').map((c) => (c.options.body as { body: string }).body);

function without(plan: CallbackPlan, key: 'note' | 'assignEmail'): CallbackPlan {
  const copy = { ...plan };
  delete copy[key];
  return copy;
}

interface Answers {
  agent?: Route;
  note?: Route[];
  update?: Route[];
}

async function setUp(answers: Answers = {}, settings: Record<string, unknown> = {}, state: Partial<TicketState> = { st: 'acknowledged' }) {
  const context = fakeContext(settings);
  context.deps.request
    .on('fsFindAgent', answers.agent ?? SAM)
    .on('fsCreateNote', ...(answers.note ?? [ok({}, 201)]))
    .on('fsUpdateTicket', ...(answers.update ?? [ok({})]))
    .on('fsTicketFormFields', ok(ticketFormFields()));
  return { ...context, state: await storeState(context.deps, ticketState(state)) };
}

describe('applyCallback', () => {
  it('writes the note, then one update with status and agent, then the state in one $db update', async () => {
    const { ctx, deps, state } = await setUp();
    assert.equal(await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST), 'applied');
    assert.deepEqual(deps.request.calls.map((c) => c.template), ['fsFindAgent', 'fsCreateNote', 'fsUpdateTicket']);
    assert.deepEqual(deps.request.lastBody('fsUpdateTicket'), { responder_id: 77, status: 4 });
    assert.deepInclude(stateOf(deps), { st: 'closed', clsBy: 'Sam Okafor', clsAt: AT, alert: 'a-1', cb: ['n-1'] });
    assert.equal(echoUntil(stateOf(deps), 4), deps.clock.now() + 15 * 60_000, 'its own Resolved is not echoed for 15 minutes');
    assert.deepEqual(deps.store.opLog.filter((o) => o.key === stateKey(42)), [{ op: 'update', key: stateKey(42) }]);
  });

  it('writes public notes when private notes are off', async () => {
    const { ctx, deps, state } = await setUp({}, { private_notes: false });
    await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST);
    assert.isFalse(deps.request.lastBody<{ private: boolean }>('fsCreateNote').private);
  });

  it('keeps an alert id already bound', async () => {
    const { ctx, deps, state } = await setUp({}, {}, { st: 'acknowledged', alert: 'a-0' });
    await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST);
    assert.equal(stateOf(deps).alert, 'a-0');
  });

  it("says in the note when no Freshservice agent has the SIGNL4 user's email, and still sets the status", async () => {
    const { ctx, deps, state } = await setUp({ agent: ok({ agents: [] }) });
    assert.equal(await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST), 'applied');
    assert.deepEqual(noteBodies(deps), ['Signl closed in SIGNL4 by Sam Okafor.<br>No Freshservice agent has the email sam.okafor@example.com, so the ticket was not assigned.']);
    assert.deepEqual(deps.request.lastBody('fsUpdateTicket'), { status: 4 });
  });

  it('writes the unknown-agent sentence as the whole note when no note is configured', async () => {
    const { ctx, deps, state } = await setUp({ agent: ok({ agents: [] }) });
    await applyCallback(ctx, state, CB, without(CLOSE_PLAN, 'note'), FIRST);
    assert.deepEqual(noteBodies(deps), ['No Freshservice agent has the email sam.okafor@example.com, so the ticket was not assigned.']);
  });

  it('looks the agent up once and serves the next callback from the cache', async () => {
    const { ctx, deps, state } = await setUp();
    await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST);
    await applyCallback(ctx, stateOf(deps), { ...CB, id: 'n-2' }, CLOSE_PLAN, FIRST);
    assert.equal(deps.request.count('fsFindAgent'), 1);
  });

  it('resolves a custom status by name, and records a status name that does not exist without setting it', async () => {
    const custom = await setUp();
    await applyCallback(custom.ctx, custom.state, CB, { ...CLOSE_PLAN, status: 'awaiting vendor' }, FIRST);
    assert.deepEqual(custom.deps.request.lastBody('fsUpdateTicket'), { responder_id: 77, status: 6 });

    const { ctx, deps, state } = await setUp();
    assert.equal(await applyCallback(ctx, state, CB, { ...CLOSE_PLAN, status: 'Escalated to vendor' }, FIRST), 'applied');
    assert.deepEqual(deps.request.lastBody('fsUpdateTicket'), { responder_id: 77 });
    const refused = stateOf(deps).tl.find((e) => e.k === 'refused');
    assert.equal(refused?.t, 'Status "Escalated to vendor" does not exist in Freshservice; the status was left unchanged.');
    assert.isNotOk(echoUntil(stateOf(deps), 4), 'no status was set, so no echo marker');
  });

  it('makes no ticket update when there is nothing to set', async () => {
    const { ctx, deps, state } = await setUp();
    await applyCallback(ctx, state, { id: 'n-3', type: 202 }, { note: 'Escalated.', timeline: { k: 'escalated', t: 'Escalated in SIGNL4.' } }, FIRST);
    assert.equal(deps.request.count('fsUpdateTicket'), 0);
    assert.equal(stateOf(deps).st, 'acknowledged');
  });

  it('on a refused status (400, required for closure) keeps the note, still assigns the responder, records why, and does not retry', async () => {
    const { ctx, deps, state } = await setUp({ update: [httpError(400, CLOSURE_400), ok({})] });
    assert.equal(await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST), 'applied');
    assert.deepEqual(deps.request.callsOf('fsUpdateTicket').map((c) => c.options.body), [{ responder_id: 77, status: 4 }, { responder_id: 77 }]);
    assert.lengthOf(noteBodies(deps), 1);
    const after = stateOf(deps);
    assert.equal(after.st, 'closed', 'the Signl is closed in SIGNL4 whatever Freshservice says');
    assert.equal(after.tl.find((e) => e.k === 'refused')?.t, 'Freshservice refused the status change: For custom_fields.root_cause: It should not be blank');
    assert.isNotOk(echoUntil(after, 4), 'no status was set, so there is nothing to suppress');
    assert.isUndefined(await queued(deps));
    assert.equal(deps.store.peek<{ errors: Array<{ code: string }> }>(DIAG_KEY)?.errors[0]?.code, 'rejected');
  });

  it('on a refused status without an agent to assign makes no second update', async () => {
    const { ctx, deps, state } = await setUp({ update: [httpError(400, CLOSURE_400)] });
    await applyCallback(ctx, state, CB, without(CLOSE_PLAN, 'assignEmail'), FIRST);
    assert.equal(deps.request.count('fsUpdateTicket'), 1);
    assert.include(stateOf(deps).tl.find((e) => e.k === 'refused')?.t, 'Freshservice refused the status change');
  });

  it('queues what is left on Freshservice 429 before the note, recording the Signl state now', async () => {
    const { ctx, deps, state } = await setUp({ note: [httpError(429, { retryAfter: '40' })] });
    assert.equal(await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST), 'queued');
    assert.deepInclude((await queued(deps)) ?? {}, { k: 'c', t: 42, noteDone: false, n: 0, due: deps.clock.now() + 40_000 });
    assert.deepEqual(((await queued(deps)) as Extract<QueueItem, { k: 'c' }>).plan, CLOSE_PLAN);
    assert.deepInclude(stateOf(deps), { st: 'closed', cb: ['n-1'] });
    assert.include(deps.log.text(), 'the callback is queued and applied later');
  });

  it('queues with noteDone when the note was written and the update failed with 5xx or a timeout', async () => {
    for (const failure of [httpError(503), timeout()]) {
      const { ctx, deps, state } = await setUp({ update: [failure] });
      assert.equal(await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST), 'queued');
      assert.isTrue(((await queued(deps)) as Extract<QueueItem, { k: 'c' }>).noteDone);
    }
  });

  it('queues when the agent look-up is throttled', async () => {
    const { ctx, deps, state } = await setUp({ agent: httpError(429) });
    assert.equal(await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST), 'queued');
    assert.equal(deps.request.count('fsCreateNote'), 0);
  });

  it('gives up on a failure no retry can cure (ticket deleted), recording it', async () => {
    const { ctx, deps, state } = await setUp({ note: [httpError(404)] });
    assert.equal(await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST), 'applied');
    assert.isUndefined((await queued(deps)));
    assert.equal(deps.store.peek<{ errors: Array<{ code: string }> }>(DIAG_KEY)?.errors[0]?.code, 'not_found');
    assert.include(deps.log.text(), 'callback could not be applied to the ticket');
  });

  it('on replay skips a note already written and writes only the echo and refusals', async () => {
    const { ctx, deps, state } = await setUp({ update: [httpError(400, CLOSURE_400), ok({})] });
    const before = stateOf(deps);
    assert.equal(await applyCallback(ctx, state, CB, CLOSE_PLAN, { noteDone: true, replay: true }), 'applied');
    assert.equal(deps.request.count('fsCreateNote'), 0);
    const after = stateOf(deps);
    assert.equal(after.st, before.st, 'the Signl state was recorded the first time');
    assert.deepEqual(after.cb, before.cb);
    assert.deepEqual(after.tl.map((e) => e.k), ['refused']);
  });

  it('on replay records the echo of the status it set, and writes nothing when there is nothing new', async () => {
    const set = await setUp();
    await applyCallback(set.ctx, set.state, CB, CLOSE_PLAN, { noteDone: true, replay: true });
    assert.equal(echoUntil(stateOf(set.deps), 4), set.deps.clock.now() + 15 * 60_000);

    const { ctx, deps, state } = await setUp();
    deps.store.resetCounts();
    await applyCallback(ctx, state, { id: 'n-3', type: 202 }, { note: 'Escalated.', timeline: { k: 'escalated', t: 'x' } }, { noteDone: false, replay: true });
    assert.deepEqual(noteBodies(deps), ['Escalated.']);
    assert.notInclude(deps.store.opLog.map((o) => o.key), stateKey(42));
  });

  it('on replay throws RetryLater with the progress when Freshservice is still unreachable', async () => {
    const { ctx, deps, state } = await setUp({ update: [httpError(502)] });
    const error = await rejects(applyCallback(ctx, state, CB, CLOSE_PLAN, { noteDone: false, replay: true }));
    assert.instanceOf(error, RetryLater);
    assert.isTrue((error as RetryLater).noteDone);
    assert.equal((error as RetryLater).error.code, 'unavailable');
    assert.isUndefined((await queued(deps)), 'the drain owns the retry');
  });

  it('on replay gives up on a failure no retry can cure', async () => {
    const { ctx, deps, state } = await setUp({ note: [httpError(403)] });
    assert.equal(await applyCallback(ctx, state, CB, CLOSE_PLAN, { noteDone: false, replay: true }), 'applied');
    assert.equal(deps.store.peek<{ errors: Array<{ code: string }> }>(DIAG_KEY)?.errors[0]?.code, 'forbidden');
  });
});

describe('applyCallback ordering', () => {
  it('records the Signl state and the echo marker before it updates the ticket', async () => {
    const context = fakeContext();
    const { ctx, deps } = context;
    const state = await storeState(deps, ticketState({ st: 'acknowledged' }));
    let seenAtUpdate: TicketState | undefined;
    deps.request
      .on('fsFindAgent', SAM)
      .on('fsCreateNote', ok({}, 201))
      .on('fsUpdateTicket', () => {
        seenAtUpdate = asTicketState(deps.store.peek(stateKey(42)));
        return { status: 200, headers: {}, body: {} };
      });
    await applyCallback(ctx, state, CB, CLOSE_PLAN, FIRST);
    assert.deepInclude(seenAtUpdate ?? {}, { st: 'closed', cb: ['n-1'] });
    assert.equal(echoUntil(seenAtUpdate as TicketState, 4), deps.clock.now() + 15 * 60_000);
  });
});

describe('applyCallback edge cases', () => {
  it('words a refusal without vendor details by the error message', async () => {
    const { ctx, deps, state } = await setUp({ update: [httpError(400)] });
    await applyCallback(ctx, state, CB, without(CLOSE_PLAN, 'assignEmail'), FIRST);
    assert.equal(stateOf(deps).tl.find((e) => e.k === 'refused')?.t, 'Freshservice refused the status change: Freshservice fsUpdateTicket: HTTP 400');
  });

  it('on replay records a status name that no longer exists on the timeline', async () => {
    const { ctx, deps, state } = await setUp();
    await applyCallback(ctx, state, CB, { ...CLOSE_PLAN, status: 'Gone' }, { noteDone: true, replay: true });
    assert.deepEqual(stateOf(deps).tl.map((e) => e.k), ['refused']);
  });
});
