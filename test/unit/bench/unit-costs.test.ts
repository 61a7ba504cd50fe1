import { assert } from 'chai';
import { wholeTens } from '../../../tools/bench/unit-costs.js';

describe('bench: cost per unit windows', () => {
  it('last whole tens of minutes, so a window and its idle baseline hold the same tidy minutes', () => {
    assert.deepEqual([1, 8, 10, 11, 15, 20, 176].map(wholeTens), [10, 10, 10, 20, 20, 20, 180]);
  });
});
