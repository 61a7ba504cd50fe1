import { assert } from 'chai';
import { DIAG_KEY, evidenceKey } from '../../../server/src/records/diagnostics-record.js';
import { FIRST_LOOK_BACK_MS, sweepMissed } from '../../../server/src/forward/sweep-missed.js';
import { asTicketState, stateKey } from '../../../server/src/signl/ticket-state.js';
import { fakeContext, storeState, ticketState } from '../../fakes/fake-context.js';
import { storeRateLimited } from '../../fakes/memory-store.js';
import { readTicket } from '../../../server/src/signl/read-ticket.js';
import { httpError, ok, type TestDeps } from '../../fakes/fake-deps.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A REST ticket as GET /tickets?updated_since lists it (requester embedded, names absent). */
function listed(id: number, updatedMs: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    subject: `Ticket ${id}`,
    description_text: 'Down.',
    status: 2,
    priority: 4,
    type: 'Incident',
    source: 2,
    created_at: iso(updatedMs - 60_000),
    updated_at: iso(updatedMs),
    requester: { name: 'Ann Lee', email: 'ann@example.com' },
    ...extra,
  };
}

function page(tickets: Array<Record<string, unknown>>, more = false) {
  return ok({ tickets }, 200, more ? { link: '<https://acme.freshservice.com/api/v2/tickets?page=2>; rel="next"' } : {});
}

const forwardedIds = (deps: TestDeps): number[] =>
  deps.request.callsOf('signl4Event').map((c) => Number(/^#(\d+):/.exec((c.options.body as Record<string, string>)['Title'] ?? '')?.[1]));

describe('sweepMissed', () => {
  it('on its first run looks back 15 minutes and forwards the matching tickets it has no record of', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsListTickets', page([listed(1, NOW - 600_000), listed(2, NOW - 500_000, { priority: 1 }), listed(3, NOW - 400_000)])).on('signl4Event', ok({ eventId: 'e' }, 201));
    await storeState(deps, ticketState({ id: 3 }));
    const report = await sweepMissed(ctx, { cursor: undefined }, 10);
    assert.deepEqual(deps.request.callsOf('fsListTickets')[0]?.options.query?.['updated_since'], iso(NOW - FIRST_LOOK_BACK_MS));
    assert.deepEqual(forwardedIds(deps), [1]);
    assert.deepEqual(report, { seen: 3, forwarded: 1, cost: 6, cursor: NOW - 400_000, cursorId: 3, cursorPage: 1, recheck: {}, scopeFrom: NOW - 400_000 }, 'the install record looked for (1 op), one delivery (2 ops + 1 for its confirmation) and one ticket already claimed (its failed claim and a read of it: 2 ops)');
    assert.include(asTicketState(deps.store.peek(stateKey(1)))?.tl[0]?.t, 'found by the catch-up sweep');
  });

  it('on its first run after an install looks back no further than the install: a ticket created before it is not paged', async () => {
    const { ctx, deps } = fakeContext();
    const installedAt = NOW - 240_000;
    await deps.store.set('install', { url: 'https://example.test/cb', registration: 'manual', at: installedAt });
    deps.request.on('fsListTickets', page([listed(1, NOW - 600_000), listed(2, NOW - 120_000)])).on('signl4Event', ok({ eventId: 'e' }, 201));
    const report = await sweepMissed(ctx, { cursor: undefined }, 10);
    assert.deepEqual(deps.request.callsOf('fsListTickets')[0]?.options.query?.['updated_since'], iso(installedAt));
    assert.deepEqual(forwardedIds(deps), [2], 'ticket 1 was created 10 minutes ago, before the install 4 minutes ago');
    assert.equal(report.cursor, NOW - 120_000);
  });

  it('forwards a missed ticket once: the next sweep finds the claim', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsListTickets', page([listed(1, NOW - 1000)])).on('signl4Event', ok({ eventId: 'e' }, 201));
    const first = await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10);
    const second = await sweepMissed(ctx, { cursor: first.cursor }, 10);
    assert.equal(first.forwarded, 1);
    assert.equal(second.forwarded, 0);
    assert.equal(deps.request.count('signl4Event'), 1);
  });

  it('skips tickets that do not match or are already resolved, moving the cursor past them', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsListTickets', page([listed(1, NOW - 3000, { type: 'Service Request' }), listed(2, NOW - 2000, { status: 4 })]));
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10);
    assert.deepInclude(report, { seen: 2, forwarded: 0, cursor: NOW - 2000, cursorId: 2 });
    assert.equal(deps.request.count('signl4Event'), 0);
  });

  it('without forwarding on update, only forwards tickets created since the cursor', async () => {
    const { ctx, deps } = fakeContext({ forward_on_update: false });
    deps.request.on('fsListTickets', page([listed(1, NOW - 3000, { created_at: iso(NOW - 3_600_000) }), listed(2, NOW - 2000, { created_at: iso(NOW - 30_000) }), listed(3, NOW - 1000, { created_at: null })]));
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201));
    await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10);
    assert.deepEqual(forwardedIds(deps), [2]);
  });

  it('respects its budget and leaves the cursor at the last ticket it handled', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsListTickets', page([1, 2, 3, 4, 5].map((id) => listed(id, NOW - 10_000 + id * 1000)))).on('signl4Event', ok({ eventId: 'e' }, 201));
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000 }, 8);
    assert.deepEqual(forwardedIds(deps), [1, 2, 3], 'a budget of eight $db operations is three deliveries (two each, confirmation included) and the one record of what was sent, not a fourth that could overrun it');
    assert.deepInclude(report, { seen: 3, forwarded: 3, cost: 7, cursor: NOW - 7000, cursorId: 3 });
  });

  it('gets past more handled tickets in the cursor\'s second than three pages hold, and remembers the page to start from', async () => {
    const { ctx, deps } = fakeContext();
    const second = NOW - 120_000;
    // 350 tickets updated in the same second: the first 300 (ids 1-300) already handled, the cursor at id 300.
    const all = Array.from({ length: 350 }, (_, i) => listed(i + 1, second));
    const lists: string[] = [];
    deps.request
      .on('fsListTickets', (call) => {
        const n = Number(call.options.query?.['page'] ?? '1');
        lists.push(String(n));
        return page(all.slice((n - 1) * 100, n * 100), n * 100 < all.length)(call);
      })
      .on('signl4Event', ok({ eventId: 'e' }, 201));
    const report = await sweepMissed(ctx, { cursor: second, cursorId: 300 }, 48);
    assert.deepEqual(forwardedIds(deps).slice(0, 3), [301, 302, 303], 'the sweep reaches the tickets after the cursor on the fourth page');
    assert.equal(report.cursorPage, 4, 'pages 1-3 hold only handled tickets');
    lists.length = 0;
    await sweepMissed(ctx, { cursor: report.cursor, cursorId: report.cursorId, cursorPage: report.cursorPage }, 48);
    assert.deepEqual(lists.slice(0, 1), ['3'], 'the next tick starts one page before the hint, not at page 1');
  });

  it('keeps its cursor before a ticket updated in the second it lists it: a change in that same second is still seen next time', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ id: 4 }));
    // The first listing, then the next tick's: ticket 4 resolved within the same second.
    deps.request.on('fsListTickets', page([listed(3, NOW - 5000), listed(4, NOW)]), page([listed(4, NOW, { status: 4 })])).on('signl4Event', ok({ eventId: 'e' }, 201));
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000 }, 20);
    assert.deepInclude(report, { seen: 2, cursor: NOW - 5000, cursorId: 3 }, 'ticket 4 (updated at the listing second) does not move the cursor');
    deps.clock.advance(60_000);
    await sweepMissed(fakeContext({}, deps).ctx, { cursor: report.cursor, cursorId: report.cursorId }, 20); // the next tick: its own invocation
    assert.equal(asTicketState(deps.store.peek(stateKey(4)))?.st, 'closed', 'resolved in that same second, its Signl is resolved by the next sweep');
  });

  it('with forwarding on update off, still forwards tickets created before its cursor that a sweep cut short by its budget never reached', async () => {
    const { ctx, deps } = fakeContext({ forward_on_update: false });
    const made = (id: number, createdMs: number, updatedMs: number) => ({ ...listed(id, updatedMs), created_at: iso(createdMs) });
    const all = [made(1, NOW - 60_000, NOW - 50_000), made(2, NOW - 55_000, NOW - 49_000), made(3, NOW - 53_000, NOW - 20_000), made(9, NOW - 58_000, NOW - 10_000)];
    deps.request.on('fsListTickets', page(all), page(all.slice(2))).on('signl4Event', ok({ eventId: 'e' }, 201));
    const first = await sweepMissed(ctx, { cursor: NOW - 61_000 }, 5);
    assert.deepEqual([forwardedIds(deps), first.cursor, first.scopeFrom], [[1, 2], NOW - 49_000, NOW - 61_000], 'the budget held two; the scope stays where the cut-short sweep began');
    deps.clock.advance(60_000);
    await sweepMissed(fakeContext({ forward_on_update: false }, deps).ctx, { cursor: first.cursor, cursorId: first.cursorId, scopeFrom: first.scopeFrom }, 20);
    assert.deepEqual(forwardedIds(deps), [1, 2, 3, 9], 'created after the scope began, never considered: forwarded');
  });

  it('does nothing at all with no budget left', async () => {
    const { ctx, deps } = fakeContext();
    assert.deepEqual(await sweepMissed(ctx, { cursor: NOW - 60_000 }, 0), { seen: 0, forwarded: 0, cost: 0, cursor: NOW - 60_000, cursorId: 0, cursorPage: 1, recheck: {}, scopeFrom: NOW - 60_000 });
    assert.equal(deps.request.count(), 0);
    assert.equal(deps.store.ops, 0);
  });

  it('reads on past pages that hold nothing after the cursor (a burst fills whole pages in one second), and remembers where to start', async () => {
    const { ctx, deps } = fakeContext({ filter_priorities: ['Low'] });
    const atCursor = (id: number) => listed(id, NOW - 60_000);
    deps.request.on('fsListTickets', page([atCursor(1)], true), page([atCursor(2)], true), page([atCursor(3)], true), page([listed(104, NOW - 2000)]));
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000, cursorId: 99 }, 10);
    assert.deepEqual(deps.request.callsOf('fsListTickets').map((c) => c.options.query?.['page']), ['1', '2', '3', '4']);
    assert.deepInclude(report, { seen: 1, cursor: NOW - 2000, cursorId: 104, cursorPage: 1 }, 'past the crowded second, the hint starts over');
  });

  it('reads at most eight pages in one tick, and the next tick starts where this one stopped', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsListTickets', (call) => page([listed(Number(call.options.query?.['page']), NOW - 60_000)], true)(call));
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000, cursorId: 999 }, 10);
    assert.equal(deps.request.count('fsListTickets'), 8);
    assert.deepInclude(report, { seen: 0, cursorPage: 9 });
  });

  it('reads further pages until they hold as many tickets after the cursor as its budget can take', async () => {
    const { ctx, deps } = fakeContext({ filter_priorities: ['Low'] });
    const at = (id: number, ms: number) => listed(id, ms, { created_at: iso(ms) });
    deps.request.on('fsListTickets', page([at(1, NOW - 60_000), at(2, NOW - 59_000)], true), page([at(3, NOW - 58_000), at(4, NOW - 57_000)], true), page([at(5, NOW - 56_000)]));
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000, cursorId: 1 }, 5);
    assert.equal(deps.request.count('fsListTickets'), 2, 'three wanted (5 / 2, rounded up): pages 1 and 2 hold them');
    assert.deepInclude(report, { seen: 3, cursor: NOW - 57_000, cursorId: 4 });
  });

  it('handles tickets in (updated_at, id) order and, while more pages remain, none updated after the newest creation seen (same second allowed: ids grow)', async () => {
    const { ctx, deps } = fakeContext({ filter_priorities: ['Low'] });
    const made = (id: number, createdMs: number, updatedMs: number) => ({ ...listed(id, updatedMs), created_at: new Date(createdMs).toISOString() });
    deps.request.on('fsListTickets', page([made(1, NOW - 50_000, NOW - 45_000), made(2, NOW - 40_000, NOW - 1000), made(3, NOW - 30_000, NOW - 30_000)], true));
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000 }, 3);
    assert.deepInclude(report, { seen: 2, cursor: NOW - 30_000, cursorId: 3 }, 'ticket 2 (updated after the newest creation listed) waits: a later page may hold a ticket updated before it');
  });

  it('writes nothing but the tickets’ claims and one record of what it sent: the caller saves the cursor once', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsListTickets', page([1, 2, 3, 4, 5, 6].map((id) => listed(id, NOW - 10_000 + id * 1000)))).on('signl4Event', ok({ eventId: 'e' }, 201));
    await sweepMissed(ctx, { cursor: NOW - 60_000 }, 18);
    assert.equal(deps.request.count('signl4Event'), 6);
    assert.deepEqual(deps.store.opLog.filter((o) => !o.key.startsWith('t:')).map((o) => `${o.op} ${o.key.slice(0, 3)}`), ['set sb:']);
    assert.lengthOf(deps.store.opLog.filter((o) => o.key.startsWith('t:')), 6, 'one claim each, no state write');
  });

  it('records what it sent in one record that a later read folds in, and each Signl on its own when that record is refused', async () => {
    for (const refused of [false, true]) {
      const { ctx, deps } = fakeContext();
      if (refused) deps.store.failWhen((op, key) => (op === 'set' && key.startsWith('sb:') ? storeRateLimited() : undefined));
      deps.request.on('fsListTickets', page([1, 2].map((id) => listed(id, NOW - 10_000 + id * 1000)))).on('signl4Event', ok({ eventId: 'e' }, 201));
      await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10);
      for (const id of [1, 2]) assert.deepInclude(await readTicket(deps.store, id), { st: 'open', ev: ['e'] }, `ticket ${id}${refused ? ', recorded on its own' : ''}`);
      assert.equal(asTicketState(deps.store.peek(stateKey(1)))?.st, refused ? 'open' : 'queued', refused ? 'written' : 'the claim itself is not written again');
    }
  });

  it('writes the record of what it sent after each group of eight sends: the first creates it, the next add to it', async () => {
    const { ctx, deps } = fakeContext();
    const ids = Array.from({ length: 10 }, (_, i) => i + 1);
    deps.request.on('fsListTickets', page(ids.map((id) => listed(id, NOW - 20_000 + id * 1000)))).on('signl4Event', ok({ eventId: 'e' }, 201));
    await sweepMissed(ctx, { cursor: NOW - 60_000 }, 40);
    assert.deepEqual(deps.store.opLog.filter((o) => o.key.startsWith('sb:')).map((o) => o.op), ['set', 'update']);
    for (const id of ids) assert.equal((await readTicket(deps.store, id))?.st, 'open', `ticket ${id}`);
  });

  it('takes the names from the copy it is given while it is fresh, reading no reference record', async () => {
    const { ctx, deps } = fakeContext({ filter_groups: ['Network'] });
    deps.request.on('fsListTickets', page([listed(1, NOW - 3000, { group_id: 4 })])).on('signl4Event', ok({ eventId: 'e' }, 201));
    const names = { groups: { at: NOW - 60_000, map: { '4': 'Network' } } };
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000, names }, 10);
    assert.deepEqual(forwardedIds(deps), [1]);
    assert.deepEqual(deps.store.opLog.filter((o) => !o.key.startsWith('t:')).map((o) => `${o.op} ${o.key.slice(0, 3)}`), ['set sb:'], 'no ref read, no queue write: only the record of what was sent');
    assert.isUndefined(report.names, 'nothing newer to copy back');
  });

  it('returns the name maps it had to fetch, merged with the stale copy, for the caller to keep', async () => {
    const { ctx, deps } = fakeContext({ filter_groups: ['Network'] });
    deps.request.on('fsListTickets', page([listed(1, NOW - 3000, { group_id: 4 })])).on('fsListGroups', ok({ groups: [{ id: 4, name: 'Network' }] }));
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201));
    const stale = { groups: { at: NOW - 2 * 3_600_000, map: { '4': 'Old' } }, statuses: { at: NOW - 60_000, map: { '6': 'Waiting' } } };
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000, names: stale }, 10);
    assert.deepEqual(report.names, { groups: { at: NOW, map: { '4': 'Network' } }, workspaces: { at: NOW, map: {} }, statuses: stale.statuses });
  });

  it('stops on a failed listing, saying why, and keeps the cursor', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsListTickets', httpError(429, { retryAfter: '60' }));
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000, cursorId: 7 }, 10);
    assert.deepInclude(report, { seen: 0, forwarded: 0, cursor: NOW - 60_000, cursorId: 7 });
    assert.match(report.stoppedBy ?? '', /Freshservice fsListTickets: HTTP 429/);
  });

  it('keeps the cursor where it was for tickets without a readable updated_at', async () => {
    const { ctx, deps } = fakeContext({ filter_priorities: ['Low'] });
    deps.request.on('fsListTickets', page([listed(1, NOW, { updated_at: 'garbage' }), listed(2, NOW, { updated_at: null })]));
    assert.equal((await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10)).cursor, NOW - 60_000);
  });

  it('looks up names the listing lacks once, for all listed tickets', async () => {
    const { ctx, deps } = fakeContext({ filter_groups: ['Network'] });
    deps.request.on('fsListTickets', page([listed(1, NOW - 3000, { group_id: 4 }), listed(2, NOW - 2000, { group_id: 5 })])).on('fsListGroups', ok({ groups: [{ id: 4, name: 'Network' }, { id: 5, name: 'Desk' }] }));
    deps.request.on('signl4Event', ok({ eventId: 'e' }, 201));
    await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10);
    assert.deepEqual(forwardedIds(deps), [1]);
    assert.equal(deps.request.count('fsListGroups'), 1);
  });

  it('matches a workspace filter by name for a listed ticket that carries only the workspace id', async () => {
    const { ctx, deps } = fakeContext({ filter_workspaces: ['Operations EU'] });
    deps.request.on('fsListTickets', page([listed(1, NOW - 3000, { workspace_id: 3 }), listed(2, NOW - 2000, { workspace_id: 2 })]));
    deps.request.on('fsListWorkspaces', ok({ workspaces: [{ id: 2, name: 'IT' }, { id: 3, name: 'Operations EU' }] })).on('signl4Event', ok({ eventId: 'e' }, 201));
    await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10);
    assert.deepEqual(forwardedIds(deps), [1]);
  });

  it('resolves the Signl of a ticket it finds resolved, when the onTicketUpdate met a spent $db budget', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ id: 5 }));
    deps.request.on('fsListTickets', page([listed(5, NOW - 5000, { status: 4 })])).on('signl4Event', ok({ eventId: 'e-res' }, 201));
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10);
    const sent = deps.request.callsOf('signl4Event').map((c) => (c.options.body as Record<string, string>)['X-S4-Status']);
    assert.deepEqual(sent, ['resolved']);
    assert.equal(asTicketState(deps.store.peek(stateKey(5)))?.st, 'closed');
    assert.deepInclude(report, { seen: 1, forwarded: 0, cost: 3 });
  });

  it('leaves a resolved ticket alone when its Signl is already closed (one $db read)', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ id: 6, st: 'closed' }));
    deps.request.on('fsListTickets', page([listed(6, NOW - 5000, { status: 5 })]));
    const report = await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10);
    assert.equal(deps.request.count('signl4Event'), 0);
    assert.deepInclude(report, { cost: 1 });
  });

  it('records a stale claim SIGNL4 confirmed as raised, without sending it again', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ id: 7, st: 'queued', ev: [], body: { Title: '#7: x' }, tl: [{ at: NOW - 20 * 60_000, k: 'queued', t: 'Sending to SIGNL4.' }] }));
    await deps.store.set(DIAG_KEY, { fwd: 3, [evidenceKey(7, 1)]: 1 });
    deps.request.on('fsListTickets', page([listed(7, NOW - 5000, { status: 4 })]));
    deps.store.resetCounts();
    await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10);
    assert.equal(deps.request.count('signl4Event'), 0);
    assert.equal(asTicketState(deps.store.peek(stateKey(7)))?.st, 'open');
    assert.lengthOf(deps.store.opLog.filter((o) => o.op === 'get' && o.key === stateKey(7)), 1, 'the state is read once');
  });

  it('marks a claim a stopped handler left unsent as failed, saying what to check, instead of paging twice (no SIGNL4 confirmation ever seen)', async () => {
    const { ctx, deps } = fakeContext();
    const claimedAt = NOW - 20 * 60_000;
    await storeState(deps, ticketState({ id: 7, st: 'queued', ev: [], body: { Title: '#7: x' }, tl: [{ at: claimedAt, k: 'queued', t: 'Sending to SIGNL4.' }] }));
    deps.request.on('fsListTickets', page([listed(7, NOW - 5000, { status: 4 })]));
    await sweepMissed(ctx, { cursor: NOW - 60_000 }, 10);
    assert.equal(deps.request.count('signl4Event'), 0, 'nothing is sent again');
    const state = asTicketState(deps.store.peek(stateKey(7)));
    assert.equal(state?.st, 'failed');
    assert.match(state?.del?.fix ?? '', /Retry/);
  });

  describe('a matching ticket it finds claimed but not recorded as sent (no guard watches a forward)', () => {
    const claim = (deps: TestDeps, claimedAt: number) => storeState(deps, ticketState({ id: 8, st: 'queued', ev: [], body: { Title: '#8: x' }, tl: [{ at: claimedAt, k: 'queued', t: 'Sending to SIGNL4.' }] }));
    const confirmed = (deps: TestDeps) => deps.store.set(DIAG_KEY, { fwd: 3, [evidenceKey(8, 1)]: 1 });

    it('keeps a fresh one to look at again, and moves the cursor past it; a minute later it records what SIGNL4 confirmed', async () => {
      const { ctx, deps } = fakeContext();
      await claim(deps, NOW - 10_000);
      await confirmed(deps);
      deps.request.on('fsListTickets', page([listed(8, NOW - 10_000), listed(9, NOW - 9000)])).on('signl4Event', ok({ eventId: 'e' }, 201));
      const first = await sweepMissed(ctx, { cursor: NOW - 60_000 }, 20);
      assert.deepEqual(first.recheck, { 8: NOW - 10_000 }, 'its handler may still be running');
      assert.deepEqual([first.cursorId, forwardedIds(deps)], [9, [9]], 'the sweep went on past it');
      assert.equal(asTicketState(deps.store.peek(stateKey(8)))?.st, 'queued');

      deps.clock.advance(90_000);
      deps.request.on('fsListTickets', page([]));
      const later = await sweepMissed(ctx, { cursor: first.cursor, cursorId: first.cursorId, recheck: first.recheck }, 20);
      assert.deepEqual(later.recheck, {});
      assert.equal(asTicketState(deps.store.peek(stateKey(8)))?.st, 'open', 'SIGNL4 had it: recorded');
      assert.deepEqual(forwardedIds(deps), [9], 'not sent again');
    });

    it('queues a stale one for sending when SIGNL4 confirmations arrive but none came for it (its handler stopped before the send)', async () => {
      const { ctx, deps } = fakeContext();
      await claim(deps, NOW - 3 * 60_000);
      await deps.store.set(DIAG_KEY, { fwd: 3 });
      deps.request.on('fsListTickets', page([listed(8, NOW - 3 * 60_000)]));
      await sweepMissed(ctx, { cursor: NOW - 5 * 60_000 }, 20);
      const queue = (deps.store.peek('q') ?? {}) as { items?: Record<string, unknown> };
      assert.containsAllKeys(queue.items ?? {}, ['d8'], 'the drain sends it');
    });

    it('leaves a stale one alone while a parked record of its send waits to come back', async () => {
      const { ctx, deps } = fakeContext();
      await claim(deps, NOW - 3 * 60_000);
      await deps.scheduler.create({ name: 's4-sent-8-0', data: { job: 'sent', t: 8, xid: 'x', at: NOW, since: NOW, k: 0 }, scheduleAt: new Date(NOW + 6 * 60_000) });
      deps.request.on('fsListTickets', page([listed(8, NOW - 3 * 60_000)]));
      const report = await sweepMissed(ctx, { cursor: NOW - 5 * 60_000 }, 20);
      assert.deepEqual(Object.keys(report.recheck), ['8'], 'looked at again later');
      assert.equal(asTicketState(deps.store.peek(stateKey(8)))?.st, 'queued');
    });

    it('keeps one in the list when finishing it fails (a spent minute), for the next tick', async () => {
      const { ctx, deps } = fakeContext();
      await claim(deps, NOW - 3 * 60_000);
      await deps.store.set(DIAG_KEY, { fwd: 3 });
      deps.store.failWhen((_op, key) => (key === DIAG_KEY ? storeRateLimited() : undefined));
      deps.request.on('fsListTickets', page([]));
      const report = await sweepMissed(ctx, { cursor: NOW - 60_000, recheck: { 8: NOW - 3 * 60_000 } }, 20);
      assert.deepEqual(report.recheck, { 8: NOW - 3 * 60_000 }, 'not dropped unfinished');
      assert.equal(asTicketState(deps.store.peek(stateKey(8)))?.st, 'queued');
    });

    it('stops before one when the list to look at again is full, so the cursor never passes it unseen', async () => {
      const { ctx, deps } = fakeContext();
      await claim(deps, NOW - 10_000);
      const full = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [String(500 + i), NOW]));
      deps.request.on('fsListTickets', page([listed(8, NOW - 10_000)]));
      const report = await sweepMissed(ctx, { cursor: NOW - 60_000, recheck: full }, 20);
      assert.equal(report.cursor, NOW - 60_000, 'the cursor stays before it');
      assert.match(report.stoppedBy ?? '', /fill their list/);
      assert.notProperty(report.recheck, '8');
    });
  });
});
