import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { noteHtml } from '../../../server/src/callbacks/callback-plan.js';
import { MAX_AGE_MS, MAX_ATTEMPTS, QUEUE_KEY, type QueueEntry, type QueueItem, type QueueRecord } from '../../../server/src/work/delivery-queue.js';
import { DIAG_KEY, evidenceKey } from '../../../server/src/records/diagnostics-record.js';
import { drainQueue } from '../../../server/src/handlers/drain-queue.js';
import { asTicketState, stateKey, type CallbackPlan, type TicketState } from '../../../server/src/signl/ticket-state.js';
import { fakeContext, storeState, ticketState, xidOf } from '../../fakes/fake-context.js';
import { httpError, ok, type TestDeps } from '../../fakes/fake-deps.js';
import { storeRateLimited } from '../../fakes/memory-store.js';
import { annotation, emojiText } from '../../fakes/queue-items.js';
import { enqueueOrPark } from '../../../server/src/work/park.js';
import { runScheduledJob } from '../../../server/src/handlers/run-scheduled-job.js';
import type { SyncContext } from '../../../server/src/context/sync-context.js';

type Items = Record<string, QueueItem>;
type Entries = Record<string, QueueEntry>;

const stateOf = (deps: TestDeps, id: number): TicketState | undefined => asTicketState(deps.store.peek(stateKey(id)));
const itemsOf = (deps: TestDeps): Entries => deps.store.peek<QueueRecord>(QUEUE_KEY)?.items ?? {};
const sentTo = (deps: TestDeps): string[] => deps.request.callsOf('signl4Event').map((c) => (c.options.body as Record<string, string>)['X-S4-ExternalID'] ?? '');

async function queue(deps: TestDeps, items: Items, cursor?: number): Promise<void> {
  await deps.store.set(QUEUE_KEY, { v: 1, items, ...(cursor === undefined ? {} : { cursor }) });
  deps.store.resetCounts();
}

/** A ticket whose first delivery was queued: its claim holds the Signl body. */
async function queuedTicket(deps: TestDeps, id: number): Promise<TicketState> {
  return storeState(deps, ticketState({ id, st: 'queued', ev: [], body: { Title: `#${id}`, 'X-S4-ExternalID': xidOf(id), 'X-S4-Status': 'new' } }));
}

function d(t: number, since: number, extra: Partial<QueueItem> = {}): QueueItem {
  return { k: 'd', t, n: 0, due: since, since, r: 'SIGNL4 signl4Event: HTTP 503', ...extra } as QueueItem;
}

describe('drainQueue', () => {
  it('delivers due items oldest first, empties the queue and counts the deliveries', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    deps.request.on('signl4Event', ok({ eventId: 'ev' }, 201));
    for (const id of [1, 2, 3]) await queuedTicket(deps, id);
    await queue(deps, { d1: d(1, now - 60_000), d2: d(2, now - 180_000), d3: d(3, now - 120_000) });
    const report = await drainQueue(ctx);
    assert.deepEqual(sentTo(deps), [xidOf(2), xidOf(3), xidOf(1)]);
    assert.deepInclude(report, { done: 3, retried: 0, failed: 0 });
    assert.deepEqual(report.queue.items, {});
    assert.deepEqual(itemsOf(deps), {});
    for (const id of [1, 2, 3]) assert.equal(stateOf(deps, id)?.st, 'open');
    assert.equal(deps.store.peek<{ dlv: number }>(DIAG_KEY)?.dlv, 3);
  });

  it('spends one read and at most two updates of the queue record on bookkeeping', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    deps.request.on('signl4Event', ok({ eventId: 'ev' }, 201), httpError(503), ok({ eventId: 'ev' }, 201));
    for (const id of [1, 2, 3]) await queuedTicket(deps, id);
    await queue(deps, { d1: d(1, now - 3000), d2: d(2, now - 2000), d3: d(3, now - 1000) });
    await drainQueue(ctx);
    const onQueue = deps.store.opLog.filter((o) => o.key === QUEUE_KEY).map((o) => o.op);
    assert.deepEqual(onQueue, ['get', 'remove', 'update']);
  });

  it('leaves items that are not due yet', async () => {
    const { ctx, deps } = fakeContext();
    await queuedTicket(deps, 1);
    await queue(deps, { d1: { ...d(1, deps.clock.now()), due: deps.clock.now() + 1 } });
    const report = await drainQueue(ctx);
    assert.equal(report.done, 0);
    assert.equal(deps.request.count(), 0);
    assert.property(itemsOf(deps), 'd1');
  });

  it('stops at a throttled answer, honours Retry-After and does not count the attempt', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    deps.request.on('signl4Event', httpError(429, { retryAfter: '45' }));
    for (const id of [1, 2]) await queuedTicket(deps, id);
    await queue(deps, { d1: d(1, now - 2000, { n: 3 }), d2: d(2, now - 1000) });
    const report = await drainQueue(ctx);
    assert.equal(deps.request.count(), 1, 'the second item is not tried this minute');
    assert.deepInclude(report, { done: 0, retried: 1, failed: 0 });
    assert.match(report.stoppedBy ?? '', /HTTP 429/);
    assert.deepInclude(itemsOf(deps)['d1'] ?? {}, { n: 3, due: now + 45_000 });
    assert.deepEqual(itemsOf(deps)['d2'], d(2, now - 1000));
    assert.equal(stateOf(deps, 1)?.st, 'queued');
  });

  it('stops when the platform $db budget is spent, without costing an attempt', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    await queuedTicket(deps, 1);
    await queue(deps, { d1: d(1, now - 1000, { n: 2 }) });
    deps.store.failWhen((op, key) => (op === 'get' && key === stateKey(1) ? storeRateLimited() : undefined));
    const report = await drainQueue(ctx);
    assert.isDefined(report.stoppedBy);
    assert.equal(itemsOf(deps)['d1']?.n, 2);
  });

  it('backs off after a 5xx, counting the attempt, and goes on with the next item', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    deps.request.on('signl4Event', httpError(500), ok({ eventId: 'ev' }, 201));
    for (const id of [1, 2]) await queuedTicket(deps, id);
    await queue(deps, { d1: d(1, now - 2000, { n: 2 }), d2: d(2, now - 1000) });
    const report = await drainQueue(ctx);
    assert.deepInclude(report, { done: 1, retried: 1 });
    assert.isUndefined(report.stoppedBy);
    assert.deepInclude(itemsOf(deps)['d1'] ?? {}, { n: 3, due: now + 8 * 60_000 });
    assert.match(itemsOf(deps)['d1']?.r ?? '', /HTTP 500/);
    assert.equal(stateOf(deps, 2)?.st, 'open');
  });

  it('marks the ticket failed with the reason after the attempt cap', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(503));
    await queuedTicket(deps, 1);
    await queue(deps, { d1: d(1, deps.clock.now() - 1000, { n: MAX_ATTEMPTS - 1 }) });
    const report = await drainQueue(ctx);
    assert.equal(report.failed, 1);
    assert.deepEqual(itemsOf(deps), {});
    const state = stateOf(deps, 1);
    assert.equal(state?.st, 'failed');
    assert.deepInclude(state?.del ?? {}, { attempts: MAX_ATTEMPTS });
    assert.match(state?.del?.reason ?? '', /^Gave up after 8 attempts: SIGNL4 did not answer properly/, 'in words an agent understands');
    assert.match(state?.del?.fix ?? '', /Retry/);
    assert.equal(deps.store.peek<{ fail: number }>(DIAG_KEY)?.fail, 1);
  });

  it('gives up on an item older than a day, even when only throttled', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(429));
    await queuedTicket(deps, 1);
    await queue(deps, { d1: d(1, deps.clock.now() - MAX_AGE_MS - 1) });
    assert.equal((await drainQueue(ctx)).failed, 1);
    assert.equal(stateOf(deps, 1)?.st, 'failed');
  });

  it('drops items whose ticket is gone or no longer waits, without sending', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    await storeState(deps, ticketState({ id: 2, st: 'open' }));
    await storeState(deps, ticketState({ id: 3, st: 'queued', body: null }));
    await queue(deps, { d1: d(1, now - 3000), d2: d(2, now - 2000), d3: d(3, now - 1000) });
    assert.equal((await drainQueue(ctx)).done, 3);
    assert.equal(deps.request.count(), 0);
    assert.deepEqual(itemsOf(deps), {});
  });

  it('drains while its $db budget lasts: 4 operations a delivery', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev' }, 201));
    const items: Items = {};
    for (const id of [1, 2, 3, 4]) {
      await queuedTicket(deps, id);
      items[`d${id}`] = d(id, deps.clock.now() - 10_000 + id);
    }
    await queue(deps, items);
    assert.equal((await drainQueue(ctx, 11)).done, 2, 'a third would need 12');
    assert.deepEqual(Object.keys(itemsOf(deps)), ['d3', 'd4']);
  });

  it('sends a queued status change for the same Signl, and drops it for a newer one', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-ack' }, 201));
    const now = deps.clock.now();
    await storeState(deps, ticketState({ id: 1 }));
    await storeState(deps, ticketState({ id: 2, gen: 2 }));
    await queue(deps, {
      s1: { k: 's', t: 1, st: 'acknowledged', xid: xidOf(1), note: 'status Pending', n: 0, due: now, since: now - 2000, r: 'x' },
      s2: { k: 's', t: 2, st: 'resolved', xid: xidOf(2, 1), note: 'status Resolved', n: 0, due: now, since: now - 1000, r: 'x' },
    });
    assert.equal((await drainQueue(ctx)).done, 2);
    assert.deepEqual(sentTo(deps), [xidOf(1)]);
    assert.deepInclude(stateOf(deps, 1) ?? {}, { st: 'acknowledged', ackBy: 'status Pending' });
  });

  it('never moves a Signl backwards: a queued acknowledgement is dropped once the Signl was closed', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-ack' }, 201));
    const now = deps.clock.now();
    await storeState(deps, ticketState({ id: 1, st: 'closed', clsBy: 'Sam Okafor', clsAt: now - 5000 }));
    await queue(deps, { s1: { k: 's', t: 1, st: 'acknowledged', xid: xidOf(1), note: 'status Pending', n: 0, due: now, since: now - 60_000, r: 'x' } });
    assert.equal((await drainQueue(ctx)).done, 1);
    assert.equal(deps.request.count(), 0, 'SIGNL4 is not asked to acknowledge a closed Signl');
    assert.deepInclude(stateOf(deps, 1) ?? {}, { st: 'closed', clsBy: 'Sam Okafor' });
    assert.deepEqual(itemsOf(deps), {});
  });

  it('replays a queued callback without writing its note twice, and keeps its progress when still failing', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsUpdateTicket', httpError(503), ok({}));
    const now = deps.clock.now();
    await storeState(deps, ticketState({ id: 1, st: 'closed' }));
    const plan: CallbackPlan = { note: 'Closed.', status: 'Resolved', state: 'closed', timeline: { k: 'closed', t: 'Closed.' } };
    await queue(deps, { c1_n: { k: 'c', t: 1, cb: { id: 'n', type: 201, code: 4 }, plan, noteDone: true, n: 0, due: now, since: now - 1000, r: 'x' } });
    const first = await drainQueue(ctx);
    assert.equal(first.retried, 1);
    assert.deepInclude(itemsOf(deps)['c1_n'] ?? {}, { n: 1, noteDone: true });
    deps.clock.advance(2 * 60_000);
    const second = await drainQueue(fakeContext({}, deps).ctx);
    assert.equal(second.done, 1);
    assert.equal(deps.request.count('fsCreateNote'), 0);
    assert.deepEqual(deps.request.lastBody('fsUpdateTicket'), { status: 4 });
    assert.deepEqual(itemsOf(deps), {});
  });

  it('looks on the ticket before replaying a note whose first attempt may have reached Freshservice (a timeout, a dropped answer)', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    deps.request.on('fsListConversations', ok({ conversations: [{ body_text: 'Older  note', created_at: iso(now - 3_600_000) }, { body_text: ' Signl closed\nby Sam. ', created_at: iso(now - 30_000) }] }));
    deps.request.on('fsCreateNote', ok({}, 201)).on('fsUpdateTicket', ok({}));
    await storeState(deps, ticketState({ id: 1, st: 'closed' }));
    const plan: CallbackPlan = { note: 'Signl closed by Sam.', status: 'Resolved', state: 'closed', timeline: { k: 'closed', t: 'Closed.' } };
    await queue(deps, { c1_n: { k: 'c', t: 1, cb: { id: 'n', type: 201, code: 4 }, plan, noteDone: false, n: 0, due: now, since: now - 20_000, r: 'x' } });
    assert.equal((await drainQueue(ctx)).done, 1);
    assert.equal(deps.request.count('fsCreateNote'), 0, 'the note is there (same words, since the first attempt)');
    assert.deepEqual(deps.request.lastBody('fsUpdateTicket'), { status: 4 });
    assert.deepEqual(deps.request.callsOf('fsListConversations')[0]?.options.query, { per_page: '100', page: '1' });
  });

  it('writes the note on a replay when the ticket does not have it (an older note with the same words does not count)', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    deps.request.on('fsListConversations', ok({ conversations: [{ body_text: 'Closed.', created_at: new Date(now - 3_600_000).toISOString() }] }, 200, { link: '<https://x/api/v2/tickets/1/conversations?page=2>; rel="next"' }), ok({ conversations: [] }));
    deps.request.on('fsCreateNote', ok({}, 201)).on('fsUpdateTicket', ok({}));
    await storeState(deps, ticketState({ id: 1, st: 'closed' }));
    const plan: CallbackPlan = { note: 'Closed.', status: 'Resolved', state: 'closed', timeline: { k: 'closed', t: 'Closed.' } };
    await queue(deps, { c1_n: { k: 'c', t: 1, cb: { id: 'n', type: 201, code: 4 }, plan, noteDone: false, n: 0, due: now, since: now - 20_000, r: 'x' } });
    await drainQueue(ctx);
    assert.equal(deps.request.count('fsListConversations'), 2, 'both pages read');
    assert.equal(deps.request.count('fsCreateNote'), 1);
  });

  it('records a note written during a failed replay so the next try does not repeat it', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsCreateNote', ok({}, 201)).on('fsUpdateTicket', httpError(502)).on('fsListConversations', ok({ conversations: [] }));
    const now = deps.clock.now();
    await storeState(deps, ticketState({ id: 1, st: 'closed' }));
    const plan: CallbackPlan = { note: 'Closed.', status: 'Resolved', state: 'closed', timeline: { k: 'closed', t: 'Closed.' } };
    await queue(deps, { c1_n: { k: 'c', t: 1, cb: { id: 'n', type: 201, code: 4 }, plan, noteDone: false, n: 0, due: now, since: now - 1000, r: 'x' } });
    await drainQueue(ctx);
    assert.isTrue((itemsOf(deps)['c1_n'] as Extract<QueueItem, { k: 'c' }>).noteDone);
  });

  it('keeps an open Signl open when a queued status change or callback gives up, recording why', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', httpError(503)).on('fsCreateNote', httpError(503)).on('fsListConversations', ok({ conversations: [] }));
    const now = deps.clock.now();
    await storeState(deps, ticketState({ id: 1, st: 'open' }));
    await storeState(deps, ticketState({ id: 2, st: 'acknowledged' }));
    const plan: CallbackPlan = { note: 'Escalated.', timeline: { k: 'escalated', t: 'Escalated.' } };
    await queue(deps, {
      s1: { k: 's', t: 1, st: 'acknowledged', xid: xidOf(1), note: 'status Pending', n: MAX_ATTEMPTS - 1, due: now, since: now - 2000, r: 'x' },
      c2_n: { k: 'c', t: 2, cb: { id: 'n', type: 202 }, plan, noteDone: false, n: MAX_ATTEMPTS - 1, due: now, since: now - 1000, r: 'x' },
    });
    assert.equal((await drainQueue(ctx)).failed, 2);
    assert.equal(stateOf(deps, 1)?.st, 'open', 'the Signl is still open in SIGNL4; only the status change failed');
    assert.equal(stateOf(deps, 2)?.st, 'acknowledged');
    for (const id of [1, 2]) {
      const last = stateOf(deps, id)?.tl.at(-1);
      assert.equal(last?.k, 'failed');
      assert.match(last?.t ?? '', /Gave up after 8 attempts/);
    }
    assert.lengthOf(deps.store.peek<{ errors: unknown[] }>(DIAG_KEY)?.errors ?? [], 2);
  });

  it('drops an item it cannot read the ticket for, when the failure is not one a retry cures', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    await queue(deps, { d1: d(1, now - 1000) });
    let reads = 0;
    deps.store.failWhen((op, key) => {
      if (op !== 'get' || key !== stateKey(1)) return undefined;
      reads += 1;
      return reads === 1 ? new AppError({ code: 'internal', operation: 'get t:1', message: 'unreadable record' }) : undefined;
    });
    const report = await drainQueue(ctx);
    assert.equal(report.failed, 1);
    assert.deepEqual(itemsOf(deps), {});
    assert.equal(deps.request.count(), 0);
  });

  it('does not send again a queued Signl that SIGNL4 confirmed (an earlier answer was lost): it is recorded as raised', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    await storeState(deps, ticketState({ id: 3, st: 'queued', ev: [], body: { Title: '#3' } }));
    await deps.store.set(DIAG_KEY, { fwd: 5, [evidenceKey(3, 1)]: 1 });
    await queue(deps, { d3: { k: 'd', t: 3, n: 1, due: now, since: now - 60_000, r: 'x' } });
    assert.equal((await drainQueue(ctx)).done, 1);
    assert.equal(deps.request.count('signl4Event'), 0);
    assert.deepInclude(stateOf(deps, 3), { st: 'open', body: null });
  });
});

describe('drainQueue over the split queue (index, payload records, parking)', () => {
  /** Runs the parked items whose time has come, as the platform would. */
  async function comebacks(deps: TestDeps, ctx: SyncContext): Promise<number> {
    let ran = 0;
    for (const [name, spec] of deps.scheduler.schedules) {
      if (spec.data['job'] !== 'item' || spec.scheduleAt.getTime() > deps.clock.now()) continue;
      await deps.scheduler.delete(name);
      await runScheduledJob(ctx, spec.data);
      ran += 1;
    }
    return ran;
  }

  const indexSize = (deps: TestDeps): number => Buffer.byteLength(JSON.stringify(deps.store.peek(QUEUE_KEY) ?? {})) + 1;

  it('keeps 90 callbacks with 3,300-character emoji annotations queued during an outage (34 in the index, the rest parked, none refused) and writes each note once', async () => {
    const { deps } = fakeContext();
    deps.request.on('fsCreateNote', ok({}, 201)).on('fsListConversations', ok({ conversations: [] }));
    const now = deps.clock.now();
    const items = [];
    for (let t = 1; t <= 30; t += 1) {
      await storeState(deps, ticketState({ id: t, st: 'closed' }));
      for (const j of [1, 2, 3]) items.push(annotation(t, `n-${t}-${j}`, `${t}.${j} ${emojiText(3300)}`, now));
    }
    deps.store.resetCounts();
    const outcomes: string[] = [];
    for (const item of items) outcomes.push(await enqueueOrPark(deps, item));
    assert.equal(outcomes.filter((o) => o === 'queued').length, 31, 'what the index holds');
    assert.equal(outcomes.filter((o) => o === 'parked').length, 59);
    assert.equal([...deps.store.data.keys()].filter((key) => key.startsWith('q:c')).length, 90, 'every payload is kept, the parked ones’ too');
    let largest = indexSize(deps);
    for (let minute = 0; minute < 40; minute += 1) {
      deps.clock.advance(60_000);
      const minuteCtx = fakeContext({}, deps).ctx;
      await comebacks(deps, minuteCtx);
      largest = Math.max(largest, indexSize(deps));
      await drainQueue(minuteCtx);
    }
    assert.isAtMost(largest, 8192, 'the index never passed CLI69’s 8 KB');
    assert.deepEqual(itemsOf(deps), {});
    const bodies = deps.request.callsOf('fsCreateNote').map((c) => (c.options.body as { body: string }).body);
    assert.equal(bodies.length, 90);
    assert.sameMembers(bodies, items.map((item) => noteHtml(item.plan.note ?? '')), 'each note whole, once');
  });

  it('drains an index written by the older version (items inline, a name-map copy), and gives an item that must wait again its own payload record', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    deps.request.on('fsCreateNote', ok({}, 201), httpError(503), ok({}, 201)).on('fsListConversations', ok({ conversations: [] })).on('signl4Event', ok({ eventId: 'ev' }, 201));
    await storeState(deps, ticketState({ id: 1, st: 'closed' }));
    await storeState(deps, ticketState({ id: 2 }));
    await storeState(deps, ticketState({ id: 3, st: 'closed' }));
    const status: QueueItem = { k: 's', t: 2, st: 'resolved', xid: xidOf(2), note: 'status Resolved', n: 0, due: now, since: now - 2000, r: 'x' };
    const names = { groups: { at: now, map: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [String(i), `Regional service desk ${i}`])) } };
    await deps.store.set(QUEUE_KEY, { v: 1, items: { c1_a: annotation(1, 'a', 'Disk swapped', now - 3000), s2: status, c3_b: annotation(3, 'b', 'Fan 🔥 replaced', now - 1000) }, cursor: 5, names });
    deps.store.resetCounts();
    const report = await drainQueue(ctx);
    assert.deepInclude(report, { done: 2, retried: 1 });
    assert.equal(deps.request.lastBody('signl4Event')?.['X-S4-Status'], 'resolved');
    const stored = deps.store.peek<Record<string, unknown>>(QUEUE_KEY);
    assert.deepEqual(Object.keys((stored?.['items'] as object | undefined) ?? {}), ['c3_b']);
    assert.isUndefined(stored?.['names'], 'the name-map copy, too large for the index, is gone');
    assert.notProperty((stored?.['items'] as Record<string, object>)['c3_b'], 'plan', 'the entry is small now');
    assert.isDefined(deps.store.peek('q:c3_b'), 'its payload has a record of its own');
    deps.clock.advance(2 * 60_000);
    assert.equal((await drainQueue(fakeContext({}, deps).ctx)).done, 1);
    const bodies = deps.request.callsOf('fsCreateNote').map((c) => (c.options.body as { body: string }).body);
    assert.deepEqual(bodies, [noteHtml('Sam Okafor in SIGNL4: Disk swapped'), noteHtml('Sam Okafor in SIGNL4: Fan 🔥 replaced'), noteHtml('Sam Okafor in SIGNL4: Fan 🔥 replaced')], 'the third is the retry of the refused second');
  });
});
