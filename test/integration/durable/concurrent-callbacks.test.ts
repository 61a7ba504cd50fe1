/**
 * Issue 13, "Done when": an acknowledgement and a close of one Signl delivered concurrently (both
 * POSTs in flight at the same instant, started in either order), ten rounds. SIGNL4 acknowledged
 * first and closed after, so each round ends with the ticket resolved, the close in the sidebar's
 * timeline, each callback's note once, and no resolve sent to SIGNL4 by the app (the Signl is
 * already closed there).
 */
import { assert } from 'chai';
import { ACK_NOTE, CLOSE_NOTE, GRACE } from '../faults-harness.js';
import type { Loop } from '../loop-harness.js';
import { forwarded, minutes, notesWith, noteTexts, notPagedOnce, running, sidebar, SOAK, statusEventsSent } from './durable-harness.js';

const ROUNDS = SOAK ? 40 : 10;

describe('durable work: acknowledgement and close delivered concurrently (issue 13)', function () {
  this.timeout(SOAK ? 600_000 : 60_000);
  let loop: Loop;
  afterEach(async () => loop.close());

  it(`${ROUNDS} rounds, both orders: resolved, the close in the timeline, each note once, no resolve sent to SIGNL4`, async () => {
    loop = await running();
    const problems: string[] = [];
    const ids: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const { id, signl } = await forwarded(loop, { subject: `Race ${round}` });
      ids.push(id);
      await minutes(loop, 1);
      loop.s4.callbackDelivery = 'manual';
      await loop.s4.acknowledge(signl.id, GRACE.signl4UserId);
      await loop.s4.close(signl.id, GRACE.signl4UserId);
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      const sent = await loop.s4.releaseCallbacks(order, { together: true });
      loop.s4.callbackDelivery = 'immediate';
      await loop.s4.whenIdle();
      await loop.fs.whenIdle();
      await minutes(loop, 15);
      const label = `round ${round} (${order[0] === 0 ? 'ack first' : 'close first'}), ticket ${id}`;
      if (sent.some((c) => c.status !== 200)) problems.push(`${label}: the platform answered ${sent.map((c) => c.status).join(', ')}`);
      if (loop.fs.ticket(id)?.['status'] !== 4) problems.push(`${label}: status ${String(loop.fs.ticket(id)?.['status'])}, expected 4 (Resolved)`);
      const view = await sidebar(loop, id);
      if (view.state !== 'closed' || !view.timeline.some((t) => t.kind === 'closed')) problems.push(`${label}: the sidebar shows ${view.state}, timeline ${view.timeline.map((t) => t.kind).join(',')}`);
      if (notesWith(loop, id, ACK_NOTE) !== 1 || notesWith(loop, id, CLOSE_NOTE) !== 1 || noteTexts(loop, id).length !== 2) problems.push(`${label}: notes ${JSON.stringify(noteTexts(loop, id))}`);
      if (statusEventsSent(loop, id, 'resolved') !== 0) problems.push(`${label}: the app sent a resolve to SIGNL4 for a Signl closed there`);
      if (loop.s4.signl(signl.id)?.statusCode !== 4) problems.push(`${label}: the Signl is no longer closed in SIGNL4`);
    }
    assert.deepEqual([...problems, ...notPagedOnce(loop, ids)], []);
  });
});
