/**
 * Issue 13, "Done when": the echo of the app's own ticket update arriving seconds later. Freshservice
 * delivers the onTicketUpdate of a change the app made (its own key's agent is the actor) 5 to 30 s
 * of platform time after the change, not at the same instant; nothing may be sent to SIGNL4 for it.
 *
 * With "acknowledged in SIGNL4 → Resolved" (status_on_acknowledge is one of close_on_statuses) only
 * the app's memory of its own change tells the echo from an agent resolving the ticket: an echo
 * window shorter than the delay (1 ms, say) resolves the acknowledged Signl in SIGNL4, and this
 * test fails.
 */
import { assert } from 'chai';
import { SEED_IDS } from '../../../tools/simulators/index.js';
import { ACK_NOTE, ALAN, CLOSE_NOTE, GRACE } from '../faults-harness.js';
import type { Loop } from '../loop-harness.js';
import { forwarded, minutes, noteTexts, running, SOAK, statusEventsSent } from './durable-harness.js';

const DELAYS_S = [5, 12, 30];

/** The app's own updates reach the app `delay()` ms late; everyone else's at once. */
function delayedEcho(delay: () => number) {
  return (event: string, data: { actor?: { profile_id?: number } }): number => (event === 'onTicketUpdate' && data.actor?.profile_id === SEED_IDS.integrationAgent ? delay() : 0);
}

describe('durable work: the echo of the app’s own update arriving seconds later (issue 13)', function () {
  this.timeout(SOAK ? 300_000 : 60_000);
  let loop: Loop;
  afterEach(async () => loop.close());

  for (const seconds of DELAYS_S) {
    it(`acknowledged in SIGNL4 with "acknowledge → Resolved", the echo ${seconds} s later: nothing sent to SIGNL4, the Signl stays acknowledged`, async () => {
      let delayMs = 0;
      loop = await running({
        iparams: { status_on_acknowledge: 'Resolved' },
        productEventDelayMs: delayedEcho(() => delayMs),
      });
      const { id, signl } = await forwarded(loop);
      delayMs = seconds * 1000;
      const acked = loop.clock.now();
      await loop.s4.acknowledge(signl.id, GRACE.signl4UserId);
      await loop.s4.whenIdle();
      assert.equal(loop.fs.ticket(id)?.['status'], 4, 'the app resolved the ticket');
      assert.equal(loop.platform.deferredProductEvents, 1, 'its echo is on the way');
      await loop.platform.advance(seconds * 1000 - 500);
      assert.equal(loop.platform.deferredProductEvents, 1, 'not delivered before the delay');
      await loop.platform.advance(1000);
      assert.equal(loop.platform.deferredProductEvents, 0, 'the echo arrived');
      assert.isAtLeast(loop.platform.metrics.invocations.filter((i) => i.event === 'onTicketUpdate' && i.startedAt >= acked + seconds * 1000).length, 1);
      await minutes(loop, 10);
      assert.equal(statusEventsSent(loop, id, 'resolved'), 0, 'no resolve sent to SIGNL4 for the app’s own change');
      assert.equal(loop.s4.signl(signl.id)?.statusCode, 2, 'the Signl is still acknowledged in SIGNL4');
      assert.deepEqual(noteTexts(loop, id), [ACK_NOTE]);
    });
  }

  it('default settings, the echoes of an acknowledgement and a close 5 and 30 s later: nothing sent to SIGNL4; an agent resolving the ticket afterwards is still synced', async () => {
    const delays = [5000, 30_000];
    loop = await running({ productEventDelayMs: delayedEcho(() => delays.shift() ?? 5000) });
    const { id, signl } = await forwarded(loop);
    await loop.s4.acknowledge(signl.id, GRACE.signl4UserId);
    await loop.s4.whenIdle();
    await loop.platform.advance(2000);
    await loop.s4.close(signl.id, GRACE.signl4UserId);
    await minutes(loop, 10);
    assert.equal(loop.platform.deferredProductEvents, 0);
    assert.equal(statusEventsSent(loop, id, 'resolved') + statusEventsSent(loop, id, 'acknowledged'), 0);
    assert.deepEqual(noteTexts(loop, id), [ACK_NOTE, CLOSE_NOTE]);
    assert.equal(loop.fs.ticket(id)?.['status'], 4);

    const other = await forwarded(loop, { subject: 'Resolved at the desk' });
    await loop.fs.updateTicket(other.id, { status: 4 }, { actorId: ALAN.agentId });
    await minutes(loop, 2);
    assert.equal(statusEventsSent(loop, other.id, 'resolved'), 1, 'an agent’s change is not mistaken for an echo');
    assert.equal(loop.s4.signl(other.signl.id)?.statusCode, 4);
  });
});
