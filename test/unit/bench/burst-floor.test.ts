import { assert } from 'chai';
import { floorMinutes, judgeFloor, projectDrain } from '../../../tools/bench/burst-floor.js';

describe('bench: the request floor of a burst', () => {
  it('is one request per ticket plus one list call per 100 tickets, at 50 a minute', () => {
    assert.strictEqual(floorMinutes(1000), 20.2); // (1000 + 10) / 50
    assert.strictEqual(floorMinutes(5000), 101); // (5000 + 50) / 50
    assert.strictEqual(floorMinutes(150), 3.04); // (150 + 2) / 50: a part page is a whole list call
    assert.strictEqual(floorMinutes(1), 0.04); // (1 + 1) / 50
  });

  it('passes a drain within 1.3 x the floor with nothing lost or twice, and fails anything else', () => {
    assert.deepEqual(judgeFloor({ tickets: 5000, drainMinutes: 131, lost: 0, duplicates: 0 }), { floorMinutes: 101, ratio: 1.297, pass: true });
    assert.deepEqual(judgeFloor({ tickets: 5000, drainMinutes: 314, lost: 0, duplicates: 0 }), { floorMinutes: 101, ratio: 3.109, pass: false });
    assert.deepEqual(judgeFloor({ tickets: 1000, drainMinutes: 26.2, lost: 0, duplicates: 0 }), { floorMinutes: 20.2, ratio: 1.297, pass: true });
    assert.deepEqual(judgeFloor({ tickets: 1000, drainMinutes: 26.3, lost: 0, duplicates: 0 }), { floorMinutes: 20.2, ratio: 1.302, pass: false });
    assert.deepEqual(judgeFloor({ tickets: 1000, drainMinutes: 21, lost: 0, duplicates: 1 }), { floorMinutes: 20.2, ratio: 1.04, pass: false });
    assert.deepEqual(judgeFloor({ tickets: 1000, drainMinutes: 21, lost: 2, duplicates: 0 }), { floorMinutes: 20.2, ratio: Number.POSITIVE_INFINITY, pass: false });
  });

  it('projects a cut drain at the pace of the minutes after the burst minute', () => {
    // minutes 1-3 raised 8 each: 100 more tickets take 12.5 minutes after the 4 measured
    assert.strictEqual(projectDrain([50, 8, 8, 8], 4, 100), 16.5);
    assert.strictEqual(projectDrain([50, 10, 6], 3, 40), 8); // pace 8 a minute
    assert.strictEqual(projectDrain([50, 8], 2, 0), 2); // nothing left: the minutes measured
    assert.strictEqual(projectDrain([50, 0, 0], 3, 10), Number.POSITIVE_INFINITY); // no pace at all
    assert.strictEqual(projectDrain([50], 1, 10), Number.POSITIVE_INFINITY); // only the burst minute
  });
});
