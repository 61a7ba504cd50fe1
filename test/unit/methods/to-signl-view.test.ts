import { assert } from 'chai';
import { notForwardedView, toSignlView, withoutVendorDetails } from '../../../server/src/methods/to-signl-view.js';
import type { QueueItem } from '../../../server/src/work/delivery-queue.js';
import { ticketState } from '../../fakes/fake-context.js';

const T = Date.UTC(2026, 10, 28, 12, 0, 0);
const ISO = '2026-11-28T12:00:00.000Z';

describe('toSignlView', () => {
  it('shows a ticket without a Signl as not forwarded, with the page action', () => {
    assert.deepEqual(toSignlView(undefined, 7), { ticketId: 7, state: 'not_forwarded', timeline: [], actions: ['page'] });
    assert.deepEqual(notForwardedView(7), toSignlView(undefined, 7));
  });

  it('shows an open Signl with its timeline and the acknowledge and resolve actions', () => {
    const view = toSignlView(ticketState({ fwdAt: T, tl: [{ at: T, k: 'forwarded', t: 'Signl raised in SIGNL4.' }] }), 42);
    assert.deepEqual(view, {
      ticketId: 42,
      state: 'open',
      forwardedAt: ISO,
      timeline: [{ at: ISO, kind: 'forwarded', text: 'Signl raised in SIGNL4.' }],
      actions: ['acknowledge', 'resolve'],
    });
  });

  it('says who acknowledged and closed, and when', () => {
    const acked = toSignlView(ticketState({ st: 'acknowledged', ackBy: 'Sam', ackAt: T }), 42);
    assert.deepInclude(acked, { acknowledgedBy: 'Sam', acknowledgedAt: ISO, actions: ['resolve'] });
    const closed = toSignlView(ticketState({ st: 'closed', ackBy: 'Sam', ackAt: T, clsBy: 'Lee', clsAt: T }), 42);
    assert.deepInclude(closed, { closedBy: 'Lee', closedAt: ISO, actions: ['page'] });
  });

  it('shows a queued Signl with why it waits and when the next attempt is due', () => {
    const item: QueueItem = { k: 'd', t: 42, n: 2, due: T, since: T - 60_000, r: 'SIGNL4 signl4Event: HTTP 503' };
    const view = toSignlView(ticketState({ st: 'queued', ev: [] }), 42, item);
    assert.deepInclude(view, { state: 'queued', actions: [] });
    assert.deepEqual(view.delivery, { reason: 'SIGNL4 signl4Event: HTTP 503', fix: 'The app retries automatically.', attempts: 2, nextAttemptAt: ISO });
    assert.notProperty(toSignlView(ticketState({ st: 'queued', ev: [] }), 42), 'delivery');
  });

  it('shows a failed delivery with the reason, the fix and the retry action', () => {
    const view = toSignlView(ticketState({ st: 'failed', del: { attempts: 8, reason: 'HTTP 404', fix: 'Copy the webhook URL.' } }), 42);
    assert.deepInclude(view, { state: 'failed', actions: ['retry'] });
    assert.deepEqual(view.delivery, { reason: 'HTTP 404', fix: 'Copy the webhook URL.', attempts: 8 });
    const next = toSignlView(ticketState({ st: 'failed', del: { attempts: 1, reason: 'r', fix: 'f', next: T } }), 42);
    assert.equal(next.delivery?.nextAttemptAt, ISO);
  });

  it('never shows delivery details for other states, and never the Signl body or eventIds', () => {
    const view = toSignlView(ticketState({ st: 'open', del: { attempts: 1, reason: 'r', fix: 'f' }, body: { Title: 'x' }, ev: ['secret-ish'] }), 42);
    assert.notProperty(view, 'delivery');
    assert.notInclude(JSON.stringify(view), 'secret-ish');
    assert.notInclude(JSON.stringify(view), 'Title');
  });
});

describe('what agents read of a failure', () => {
  it('leaves out the vendor\'s own words, which the diagnostics page keeps for the admin', () => {
    assert.equal(withoutVendorDetails('SIGNL4 does not know this webhook secret. Details: 3004: Error raising event.'), 'SIGNL4 does not know this webhook secret.');
    assert.equal(withoutVendorDetails('SIGNL4 is unavailable; the app retries.'), 'SIGNL4 is unavailable; the app retries.');
  });
});
