import { assert } from 'chai';
import { AppError, isStoreThrottle, plainWords, toAppError } from '../../../server/src/errors/errors.js';

describe('AppError', () => {
  it('carries code, operation, status, fix, Retry-After and details, and serialises them for logs and views', () => {
    const error = new AppError({ code: 'rate_limited', operation: 'signl4Event', status: 429, message: 'SIGNL4 signl4Event: HTTP 429', fix: 'Wait.', retryAfterSeconds: 30, details: ['d'] });
    assert.equal(error.name, 'AppError');
    assert.instanceOf(error, Error);
    assert.deepEqual(error.toJSON(), { code: 'rate_limited', operation: 'signl4Event', message: 'SIGNL4 signl4Event: HTTP 429', fix: 'Wait.', status: 429, retryAfterSeconds: 30, details: ['d'] });
    const bare = new AppError({ code: 'bad_input', operation: 'o', message: 'm' });
    assert.equal(bare.fix, '');
    assert.deepEqual(bare.details, []);
    assert.isUndefined(bare.status);
  });

  it('retries only what a later attempt can cure', () => {
    const retryable = (['rate_limited', 'unavailable', 'timeout', 'store_failed'] as const).map((code) => new AppError({ code, operation: 'o', message: 'm' }).retryable);
    assert.deepEqual(retryable, [true, true, true, true]);
    for (const code of ['settings_invalid', 'unauthorized', 'forbidden', 'not_found', 'rejected', 'conflict', 'bad_input', 'forged', 'internal'] as const) {
      assert.isFalse(new AppError({ code, operation: 'o', message: 'm' }).retryable, code);
    }
  });

  it('wraps thrown values as internal errors that say it is a bug', () => {
    const wrapped = toAppError('forward', new RangeError('Invalid code point'));
    assert.deepInclude(wrapped.toJSON(), { code: 'internal', operation: 'forward', message: 'RangeError: Invalid code point' });
    assert.match(wrapped.fix, /bug/);
  });
});

describe('plainWords', () => {
  it('says what went wrong in words an agent understands, keeping the vendor detail', () => {
    const E = AppError;
    assert.equal(plainWords(new E({ code: 'timeout', operation: 'signl4Event', message: 'x' })), 'SIGNL4 did not answer in time.');
    assert.equal(
      plainWords(new E({ code: 'not_found', operation: 'signl4Event', status: 404, message: 'x', details: ['3004: Error raising event.'] })),
      'SIGNL4 does not know the webhook URL or secret in the app settings. Details: 3004: Error raising event.',
    );
    assert.equal(plainWords(new E({ code: 'rejected', operation: 'fsUpdateTicket', status: 400, message: 'x' })), 'Freshservice refused the request (HTTP 400).');
    assert.equal(plainWords(new E({ code: 'rate_limited', operation: 'drain', message: 'x' })), 'The platform asked the app to slow down; it waits its turn.');
    assert.equal(plainWords(new E({ code: 'internal', operation: 'x', message: 'as is' })), 'as is');
  });
});

describe('isStoreThrottle', () => {
  it('is true only for the platform refusing a $db call because the minute’s budget is spent', () => {
    assert.isTrue(isStoreThrottle(new AppError({ code: 'rate_limited', operation: '$db get t:1', status: 429, message: 'x' })));
    assert.isFalse(isStoreThrottle(new AppError({ code: 'rate_limited', operation: 'fsCreateNote', status: 429, message: 'Freshservice 429' })), 'a service’s 429');
    assert.isFalse(isStoreThrottle(new AppError({ code: 'store_failed', operation: '$db get t:1', status: 500, message: 'x' })), 'another $db failure');
    assert.isFalse(isStoreThrottle(new Error('rate_limited $db')));
  });
});
