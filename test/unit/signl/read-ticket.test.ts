import { assert } from 'chai';
import { readTicket } from '../../../server/src/signl/read-ticket.js';
import { batchKey, sentIn, writeBatch } from '../../../server/src/signl/sent-batch.js';
import { fakeContext, storeState, ticketState } from '../../fakes/fake-context.js';
import { updateRecord } from '../../../server/src/signl/update-record.js';
import { stateKey } from '../../../server/src/signl/ticket-state.js';

const AT = Date.UTC(2026, 10, 28, 12, 0, 0);
const KEY = batchKey(AT);

describe('a sweep’s claim and its batch record', () => {
  const claim = (gen = 1) => {
    const state = ticketState({ id: 7, gen, st: 'queued', ev: [], body: { Title: '#7' }, b: KEY, tl: [{ at: AT - 1000, k: 'queued', t: 'Sending to SIGNL4: found by the catch-up sweep.' }] });
    delete state.fwdAt;
    return state;
  };

  it('names the batch by the tick, within $db’s 30-character keys', () => {
    assert.match(KEY, /^sb:[0-9a-z]+$/);
    assert.isAtMost(batchKey(8.64e15).length, 30);
  });

  it('reads as the open Signl it is once its batch says it was sent: the eventId SIGNL4 returned, the time, the timeline', async () => {
    const { deps } = fakeContext();
    await storeState(deps, claim());
    await writeBatch(deps.store, KEY, [{ ticketId: 7, gen: 1, eventId: 'ev-77', at: AT }]);
    deps.store.resetCounts();
    const state = await readTicket(deps.store, 7);
    assert.deepInclude(state, { st: 'open', ev: ['ev-77'], fwdAt: AT, body: null });
    assert.equal(state?.tl.at(-1)?.k, 'forwarded');
    assert.equal(deps.store.ops, 2, 'the record and its batch');
  });

  it('stays a claim while its batch is not written, or holds another generation of the ticket, or no entry for it', async () => {
    const { deps } = fakeContext();
    await storeState(deps, claim(2));
    assert.equal((await readTicket(deps.store, 7))?.st, 'queued', 'no batch record');
    await writeBatch(deps.store, KEY, [{ ticketId: 7, gen: 1, eventId: 'ev-1', at: AT }, { ticketId: 8, gen: 2, eventId: 'ev-8', at: AT }]);
    assert.equal((await readTicket(deps.store, 7))?.st, 'queued', 'generation 1 was sent, this claim is generation 2');
  });

  it('costs one read for any other record: settled, or not a sweep’s claim', async () => {
    const { deps } = fakeContext();
    await storeState(deps, ticketState({ id: 7, st: 'open', b: null }));
    assert.equal((await readTicket(deps.store, 7))?.st, 'open');
    assert.isUndefined(await readTicket(deps.store, 99));
    assert.equal(deps.store.ops, 2);
  });

  it('reads a Signl SIGNL4 returned no eventId for as open with none, and ignores malformed entries', () => {
    assert.deepEqual(sentIn({ v: 1, s: { 7: [1, '', AT] } }, 7, 1), { ticketId: 7, gen: 1, eventId: undefined, at: AT });
    for (const bad of [undefined, null, 'x', { s: { 7: 'x' } }, { s: { 7: [1, 'e'] } }, { s: { 7: ['1', 'e', AT] } }]) assert.isUndefined(sentIn(bad, 7, 1), JSON.stringify(bad));
  });

  it('is settled in the record by the next write through updateRecord, so later reads cost one operation', async () => {
    const { deps } = fakeContext();
    await storeState(deps, claim());
    await writeBatch(deps.store, KEY, [{ ticketId: 7, gen: 1, eventId: 'ev-77', at: AT }]);
    const folded = await readTicket(deps.store, 7);
    if (folded === undefined) throw new Error('no record');
    await updateRecord(deps.store, folded, { ackAt: AT + 5000, ackBy: 'Grace Hopper' });
    deps.store.resetCounts();
    const state = await readTicket(deps.store, 7);
    assert.deepInclude(state, { st: 'acknowledged', ev: ['ev-77'], fwdAt: AT, body: null, b: null });
    assert.isTrue(state?.tl.some((e) => e.k === 'forwarded'), 'the "raised" entry is kept');
    assert.equal(deps.store.ops, 1);
    assert.notProperty(deps.store.peek(stateKey(7)) ?? {}, 'folded', 'the marker itself is never stored');
  });
});
