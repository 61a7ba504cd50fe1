import { assert } from 'chai';
import { compact } from '../../../server/src/text/compact.js';

describe('compact', () => {
  it('drops undefined values and keeps every other falsy value', () => {
    const out = compact<{ a?: number; b?: string; c?: null; d?: boolean; e?: number }>({ a: undefined, b: '', c: null, d: false, e: 0 });
    assert.deepEqual(out, { b: '', c: null, d: false, e: 0 });
    assert.notProperty(out, 'a');
  });
});
