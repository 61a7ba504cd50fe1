/**
 * Issue 13, "Done when": more than 40 callbacks for one Signl. 45 annotations are each applied once;
 * then every one of them arrives again (SIGNL4 says a notification "may be received multiple
 * times": the same body, the same notification id), oldest first, and none is applied again. A
 * dedup window of fewer ids than the Signl's callbacks (2, or the 40 of today) lets the old copies
 * through, and this test fails.
 */
import { assert } from 'chai';
import { GRACE } from '../faults-harness.js';
import type { Loop } from '../loop-harness.js';
import { diagnostics, forwarded, minutes, notesWith, noteTexts, notPagedOnce, postCallback, running, SOAK } from './durable-harness.js';

const ANNOTATIONS = SOAK ? 120 : 45;
const PER_MINUTE = 8;

describe('durable work: more than 40 callbacks for one Signl (issue 13)', function () {
  this.timeout(SOAK ? 600_000 : 60_000);
  let loop: Loop;
  afterEach(async () => loop.close());

  it(`${ANNOTATIONS} annotations each applied once, and their replayed copies (same body again) applied zero more times`, async () => {
    loop = await running();
    const { id, signl } = await forwarded(loop);
    const texts: string[] = [];
    for (let i = 0; i < ANNOTATIONS; i += 1) {
      const text = `Field update ${i + 1} of ${ANNOTATIONS}`;
      texts.push(text);
      await loop.s4.annotate(signl.id, GRACE.signl4UserId, text);
      if (i % PER_MINUTE === PER_MINUTE - 1) await minutes(loop, 1);
    }
    await minutes(loop, 10);
    const once = (text: string): boolean => notesWith(loop, id, `Grace Hopper in SIGNL4: ${text}`) === 1;
    assert.deepEqual(texts.filter((t) => !once(t)), [], 'each annotation applied once');
    assert.lengthOf(noteTexts(loop, id), ANNOTATIONS);

    const url = String((await diagnostics(loop)).callback.url);
    const originals = loop.s4.callbacks.filter((c) => c.eventType === 203 && !c.duplicate);
    assert.lengthOf(originals, ANNOTATIONS);
    for (const [i, original] of originals.entries()) {
      assert.equal(await postCallback(url, original.body), 200);
      if (i % PER_MINUTE === PER_MINUTE - 1) await minutes(loop, 1);
    }
    await minutes(loop, 20);
    assert.deepEqual(texts.filter((t) => !once(t)), [], 'no replayed copy applied');
    assert.lengthOf(noteTexts(loop, id), ANNOTATIONS);
    assert.deepEqual(notPagedOnce(loop, [id]), []);
  });
});
