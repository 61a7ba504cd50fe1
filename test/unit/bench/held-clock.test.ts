import { assert } from 'chai';
import { createHeldClock } from '../../../tools/bench/held-clock.js';

describe('bench: the held clock (virtual, real while held)', () => {
  it('jumps when advanced and stands still while nothing holds it', () => {
    let real = 0;
    const clock = createHeldClock(1_000_000, () => real);
    clock.advance(60_000);
    real += 5000;
    assert.strictEqual(clock.now(), 1_060_000);
    assert.strictEqual(clock.kind, 'virtual');
    assert.throws(() => clock.advance(-1), RangeError);
  });

  it('follows real time while held, counting overlapping holds once', () => {
    let real = 100;
    const clock = createHeldClock(0, () => real);
    const first = clock.hold();
    real += 300;
    const second = clock.hold();
    assert.strictEqual(clock.now(), 300);
    real += 200; // both waiting: 200 ms pass once
    first();
    first(); // a second release of the same hold changes nothing
    assert.strictEqual(clock.holders, 1);
    real += 500;
    second();
    assert.strictEqual(clock.now(), 1000);
    real += 10_000; // nothing holds it: no time passes
    clock.advance(2000);
    assert.strictEqual(clock.now(), 3000);
    assert.strictEqual(clock.holders, 0);
  });
});
