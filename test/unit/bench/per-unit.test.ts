import { assert } from 'chai';
import { netOf, perUnit, shareOf, slowdownOf, sumOf } from '../../../tools/bench/per-unit.js';

describe('bench: counts per unit of work', () => {
  it('sums invocations and averages them per unit, to three decimals', () => {
    const total = sumOf([
      { requests: 1, dbOps: 2, scheduleOps: 2 },
      { requests: 1, dbOps: 3, scheduleOps: 0 },
      { requests: 0, dbOps: 1, scheduleOps: 0 },
    ]);
    assert.deepEqual(total, { requests: 2, dbOps: 6, scheduleOps: 2 });
    assert.deepEqual(perUnit(total, 3), { requests: 0.667, dbOps: 2, scheduleOps: 0.667 });
    assert.deepEqual(perUnit({ requests: 50, dbOps: 110, scheduleOps: 3 }, 50), { requests: 1, dbOps: 2.2, scheduleOps: 0.06 });
    assert.deepEqual(sumOf([]), { requests: 0, dbOps: 0, scheduleOps: 0 });
    assert.throws(() => perUnit(total, 0), RangeError);
  });

  it('takes an idle window of the same length off a measured window', () => {
    assert.deepEqual(netOf({ requests: 60, dbOps: 400, scheduleOps: 120 }, { requests: 10, dbOps: 115, scheduleOps: 0 }), { requests: 50, dbOps: 285, scheduleOps: 120 });
  });

  it('gives shares and slowdowns as fractions', () => {
    assert.strictEqual(shareOf(19, 20), 0.95);
    assert.strictEqual(shareOf(8, 120), 0.067);
    assert.strictEqual(shareOf(0, 0), 0);
    assert.strictEqual(slowdownOf(75.6, 63), 0.2);
    assert.strictEqual(slowdownOf(63, 63), 0);
    assert.throws(() => slowdownOf(5, 0), RangeError);
  });
});
