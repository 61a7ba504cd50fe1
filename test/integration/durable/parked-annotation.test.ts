/**
 * Issue 13, "Done when": a 3,300-character annotation that arrives while Freshservice fails and the
 * minute's $db budget is spent is kept (parked) and applied in full, once, later.
 */
import { assert } from 'chai';
import { GRACE } from '../faults-harness.js';
import type { Loop } from '../loop-harness.js';
import { forwarded, longText, minutes, newTicket, notesWith, noteTexts, notPagedOnce, outage, running, SOAK } from './durable-harness.js';

describe('durable work: a long annotation parked at the platform’s edges (issue 13)', function () {
  this.timeout(SOAK ? 300_000 : 60_000);
  let loop: Loop;
  afterEach(async () => loop.close());

  for (const emoji of [false, true]) {
    it(`a 3,300-character annotation${emoji ? ' with emoji' : ''} while Freshservice answers 503 and the $db budget is spent: applied in full, once, later`, async () => {
      loop = await running();
      const { id, signl } = await forwarded(loop);
      await minutes(loop, 1);
      outage(loop.fs, 'POST /api/v2/tickets/:id/notes', [{ kind: '503' }, { kind: '500' }]);
      await loop.platform.advance(60_000 - (loop.clock.now() % 60_000) + 1000);
      const load: number[] = [];
      for (let i = 0; i < 30; i += 1) load.push(await newTicket(loop, { subject: `Load ${i}` }));
      assert.isAbove(loop.platform.metrics.totals.dbRateLimited, 0, 'the minute’s $db budget is spent');
      const text = longText(7, 3300, emoji);
      assert.lengthOf(Array.from(text), 3300);
      await loop.s4.annotate(signl.id, GRACE.signl4UserId, text);
      await loop.s4.whenIdle();
      await minutes(loop, 10);
      assert.deepEqual(noteTexts(loop, id), [], 'nothing written while Freshservice fails');
      loop.fs.faults.clear();
      await minutes(loop, 30);
      assert.equal(notesWith(loop, id, `Grace Hopper in SIGNL4: ${text}`), 1, 'the whole text, once');
      assert.lengthOf(noteTexts(loop, id), 1);
      assert.deepEqual(notPagedOnce(loop, [id, ...load]), []);
    });
  }
});
