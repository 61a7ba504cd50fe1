import { assert } from 'chai';
import { asTicketState, entry, isOpen, MAX_CALLBACK_IDS, MAX_TIMELINE, stateKey, TIMELINE_TEXT, olderThanRemembered, watermark, withCallback, withTimeline } from '../../../server/src/signl/ticket-state.js';
import { ticketState } from '../../fakes/fake-context.js';

describe('ticket state', () => {
  it('keys the record by ticket id within the 60-character key limit', () => {
    assert.equal(stateKey(42), 't:42');
    assert.isAtMost(stateKey(Number.MAX_SAFE_INTEGER).length, 60);
  });

  it('keeps timeline texts short, on code points', () => {
    assert.deepEqual(entry(5, 'note', 'hi'), { at: 5, k: 'note', t: 'hi' });
    const long = entry(5, 'annotated', '🔥'.repeat(1000)).t;
    assert.lengthOf(Array.from(long), TIMELINE_TEXT);
    assert.isTrue(long.endsWith('…'));
  });

  it('keeps the newest timeline entries and callback ids only, without repeating an id', () => {
    const tl = withTimeline(Array.from({ length: MAX_TIMELINE }, (_, i) => entry(i, 'note', `e${i}`)), entry(99, 'closed', 'last'));
    assert.lengthOf(tl, MAX_TIMELINE);
    assert.equal(tl[0]?.t, 'e1');
    assert.equal(tl[MAX_TIMELINE - 1]?.t, 'last');
    const ids = withCallback(Array.from({ length: MAX_CALLBACK_IDS }, (_, i) => `n${i}`), 'n5');
    assert.lengthOf(ids, MAX_CALLBACK_IDS);
    assert.equal(ids[ids.length - 1], 'n5');
    assert.lengthOf(withCallback(ids, 'new'), MAX_CALLBACK_IDS);
  });

  it('calls open and acknowledged Signls open, nothing else', () => {
    assert.deepEqual(
      (['queued', 'open', 'acknowledged', 'closed', 'failed'] as const).map((st) => isOpen(ticketState({ st }))),
      [false, true, true, false, false],
    );
  });

  it('reads only records that look like its own, filling missing lists', () => {
    const state = ticketState();
    assert.deepEqual(asTicketState(state), state);
    const partial: Record<string, unknown> = { ...state, ev: 'x' };
    delete partial['cb'];
    delete partial['tl'];
    assert.deepInclude(asTicketState(partial), { ev: [], cb: [], tl: [] });
    for (const foreign of [undefined, null, 'x', { v: 2, id: 1, xid: 'x' }, { v: 1, id: '1', xid: 'x' }, { v: 1, id: 1 }]) assert.isUndefined(asTicketState(foreign));
  });
});

describe('ticket state written by concurrent handlers', () => {
  it('merges the timeline list and map once each, oldest first, and derives a close that a later write cannot undo', () => {
    const e1 = entry(1, 'forwarded', 'Signl raised in SIGNL4.');
    const e2 = entry(2, 'acknowledged', 'Acknowledged in SIGNL4 by Sam.');
    const e3 = entry(3, 'closed', 'Closed in SIGNL4 by Sam.');
    const raw = { ...ticketState(), st: 'acknowledged', clsAt: 3, tl: [e1, e2], log: { a: e2, b: e3 }, seen: { 'n-ack': 2, 'n-close': 3 } };
    const state = asTicketState(raw);
    assert.deepEqual(state?.tl.map((e) => e.k), ['forwarded', 'acknowledged', 'closed'], 'an entry in both the list and the map shows once');
    assert.equal(state?.st, 'closed', 'the close stands although the acknowledgement wrote its state after it');
    assert.deepEqual(state?.cb, ['n-ack', 'n-close']);
  });

  it('moves the replay watermark to the newest raise time among the callback ids it prunes, never back', () => {
    const seen = Object.fromEntries(Array.from({ length: 61 }, (_, i) => [`id${i}`, 1000 + i]));
    assert.deepEqual(watermark(ticketState({ seen })), { seenUpTo: 1020 }, '61 kept ids past 60: the 21 oldest go, the newest of them raised at 1020');
    assert.deepEqual(watermark(ticketState({ seen, seenUpTo: 5000 })), { seenUpTo: 5000 });
    assert.deepEqual(watermark(ticketState({ seen: { a: 1 } })), {});
    assert.isTrue(olderThanRemembered({ seenUpTo: 1020 }, 1020), 'the same instant: a replay of one raised with the pruned');
    assert.isFalse(olderThanRemembered({ seenUpTo: 1020 }, 1021));
    assert.isFalse(olderThanRemembered({}, 5), 'nothing pruned yet');
    assert.isFalse(olderThanRemembered({ seenUpTo: 1020 }, undefined), 'a callback without a raise time is judged by its id alone');
  });
});
