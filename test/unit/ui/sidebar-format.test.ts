/** The sidebar's words: how failures are explained, how times read, what each state says. */
import { assert } from 'chai';
import type { SignlView } from '../../../server/src/methods/view-types.js';
import { toTicketRef } from '../../../ui/sidebar/client.js';
import { stateText, timeFormat, toFailure } from '../../../ui/sidebar/format.js';

const time = timeFormat('en-GB', 'UTC');

function view(extra: Partial<SignlView>): SignlView {
  return { ticketId: 7, state: 'open', timeline: [], actions: [], ...extra };
}

describe('sidebar format', function () {
  it('keeps a server method\'s plain message and its status', function () {
    assert.deepEqual(toFailure({ status: 409, message: 'The Signl is closed; there is nothing to change.' }), { status: 409, message: 'The Signl is closed; there is nothing to change.' });
  });

  it('replaces a raw payload or a stack trace by words chosen from the status', function () {
    assert.equal(toFailure({ status: 502, message: '{"error":"bad gateway"}' }).message, 'The app ran into a problem. Try again in a moment.');
    assert.equal(toFailure(new Error('TypeError: x is undefined at run (server.js:10:5)')).message, 'Something went wrong while talking to the app. Try again.');
    assert.equal(toFailure({ status: 429 }).message, 'Too many requests right now. Wait a minute and try again.');
    assert.equal(toFailure({ status: 403, message: '' }).message, 'The app is not allowed to do this. Ask your admin to check the app settings.');
    assert.equal(toFailure('nope').message, 'Something went wrong while talking to the app. Try again.');
  });

  it('cuts nothing but refuses an overlong message in favour of words', function () {
    assert.equal(toFailure({ status: 504, message: 'x'.repeat(301) }).message, 'The app took too long to answer. Try again.');
  });

  it('formats times in the given locale and zone, and leaves unreadable ones out', function () {
    assert.equal(time('2026-03-01T09:05:00Z'), '1 Mar 2026, 09:05');
    assert.equal(time('not a time'), '');
    assert.equal(time(undefined), '');
  });

  it('says who acknowledged and when, or someone in SIGNL4 when the name is unknown', function () {
    assert.equal(stateText(view({ state: 'acknowledged', acknowledgedBy: 'Ada', acknowledgedAt: '2026-03-01T09:05:00Z' }), time).headline, 'Acknowledged by Ada on 1 Mar 2026, 09:05.');
    assert.equal(stateText(view({ state: 'closed' }), time).headline, 'Closed by someone in SIGNL4.');
  });

  it('offers paging in words only when the view offers the action', function () {
    assert.match(stateText(view({ state: 'not_forwarded', actions: ['page'] }), time).details.join(' '), /page the on-call team/);
    assert.notMatch(stateText(view({ state: 'not_forwarded', actions: [] }), time).details.join(' '), /page/);
  });

  it('lists why a delivery failed, what to fix, attempts made and the next attempt', function () {
    const text = stateText(view({ state: 'failed', delivery: { reason: 'Unknown secret.', fix: 'Check the webhook.', attempts: 3, nextAttemptAt: '2026-03-01T10:00:00Z' } }), time);
    assert.deepEqual(text.details, ['Unknown secret.', 'Check the webhook.', 'Attempts so far: 3.', 'Next attempt: 1 Mar 2026, 10:00.']);
    assert.deepEqual(stateText(view({ state: 'queued', delivery: { reason: 'Busy.', fix: '', attempts: 0 } }), time).details, ['Busy.']);
  });

  it('describes a state it does not know instead of failing', function () {
    assert.equal(stateText(view({ state: 'weird' as SignlView['state'] }), time).badge, 'Unknown');
  });

  it('reads the ticket from client.data.get in any shape, refusing ids that are not positive integers', function () {
    assert.deepEqual(toTicketRef({ ticket: { id: '12', subject: 'Hi' } }), { id: 12, subject: 'Hi' });
    assert.deepEqual(toTicketRef({ ticket: { id: 12 } }), { id: 12, subject: '' });
    assert.isUndefined(toTicketRef({ ticket: { id: 'x' } }));
    assert.isUndefined(toTicketRef({}));
    assert.isUndefined(toTicketRef(null));
  });
});
