import { assert } from 'chai';
import { mapRequestFailure, vendorDetails } from '../../../server/src/platform/map-request-failure.js';
import { parseRetryAfter } from '../../../server/src/text/parse-retry-after.js';
import { createRedactor } from '../../../server/src/platform/redact.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const ctx = (service: 'SIGNL4' | 'Freshservice') => ({ operation: 'op', service, nowMs: NOW, redact: createRedactor(['s3cr3t-team']) });

describe('mapRequestFailure', () => {
  it('maps 429 to rate_limited with Retry-After in seconds, retryable', () => {
    const error = mapRequestFailure({ status: 429, headers: { 'Retry-After': '30' } }, ctx('SIGNL4'));
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAfterSeconds, 30);
    assert.isTrue(error.retryable);
  });

  it('reads Retry-After given as an HTTP date', () => {
    assert.equal(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW), 90);
    assert.isUndefined(parseRetryAfter('soon', NOW));
    assert.isUndefined(parseRetryAfter(undefined, NOW));
  });

  it('maps 5xx and 503 to unavailable and keeps Retry-After', () => {
    const error = mapRequestFailure({ status: 503, headers: { 'retry-after': ['7'] } }, ctx('Freshservice'));
    assert.equal(error.code, 'unavailable');
    assert.equal(error.retryAfterSeconds, 7);
    assert.equal(mapRequestFailure({ status: 500 }, ctx('SIGNL4')).code, 'unavailable');
  });

  it('maps a missing status to a timeout or a network failure, both retryable', () => {
    assert.equal(mapRequestFailure({ message: 'Timeout error while processing the request.' }, ctx('SIGNL4')).code, 'timeout');
    assert.equal(mapRequestFailure({ status: 504 }, ctx('SIGNL4')).code, 'timeout');
    const network = mapRequestFailure({ message: 'socket hang up' }, ctx('SIGNL4'));
    assert.equal(network.code, 'unavailable');
    assert.isTrue(network.retryable);
  });

  it('never retries 4xx other than 429 and says what to fix', () => {
    for (const [status, code] of [[400, 'rejected'], [401, 'unauthorized'], [403, 'forbidden'], [404, 'not_found'], [409, 'conflict']] as const) {
      const error = mapRequestFailure({ status }, ctx('Freshservice'));
      assert.equal(error.code, code);
      assert.isFalse(error.retryable);
      assert.isNotEmpty(error.fix);
    }
  });

  it('keeps Freshservice validation details as "For <field>: <message>"', () => {
    const response = JSON.stringify({ description: 'Validation failed', errors: [{ field: 'custom_fields.cause', message: 'It should not be blank', code: 'missing_field' }] });
    const error = mapRequestFailure({ status: 400, response }, ctx('Freshservice'));
    assert.deepEqual(error.details, ['For custom_fields.cause: It should not be blank']);
    assert.include(error.message, 'HTTP 400');
  });

  it('redacts a SIGNL4 secret echoed in an error body', () => {
    const response = { requestId: 'r', code: 3004, details: 'An event source with ID s3cr3t-team was not found.', message: 'Error raising event.' };
    const error = mapRequestFailure({ status: 404, response }, ctx('SIGNL4'));
    assert.notInclude(JSON.stringify(error.toJSON()), 's3cr3t-team');
    assert.include(error.details[0], '3004: Error raising event.');
    assert.match(error.fix, /webhook/i);
  });

  it('reads details from bodies of every shape without throwing', () => {
    assert.deepEqual(vendorDetails('not json'), []);
    assert.deepEqual(vendorDetails(null), []);
    assert.deepEqual(vendorDetails({ errors: [null, 'x', { code: 'invalid_value' }] }), ['invalid_value']);
    assert.deepEqual(vendorDetails({ description: 'Access denied' }), ['Access denied']);
  });
});

describe('mapRequestFailure, odd shapes', () => {
  it('marks platform-side failures and reads JSON given as a string', () => {
    const error = mapRequestFailure(
      { status: 429, errorSource: 'PLATFORM', response: '{"message":"limit reached"}', headers: { other: undefined, 'retry-after': '' } },
      ctx('Freshservice'),
    );
    assert.include(error.message, '(platform)');
    assert.include(error.message, 'limit reached');
    assert.isUndefined(error.retryAfterSeconds);
  });

  it('keeps field-less Freshservice errors and SIGNL4 messages without a code', () => {
    assert.deepEqual(vendorDetails({ errors: [{ field: '', message: 'Bad' }], description: 'ignored' }), ['Bad']);
    assert.deepEqual(vendorDetails({ message: 'Throttled' }), ['Throttled']);
    const error = mapRequestFailure({ status: 418 }, ctx('SIGNL4'));
    assert.equal(error.code, 'rejected');
    assert.include(error.message, 'HTTP 418');
  });
});

describe('mapRequestFailure, headers without Retry-After', () => {
  it('reads no Retry-After when the answer carries other headers only', () => {
    assert.isUndefined(mapRequestFailure({ status: 503, headers: { 'content-type': 'application/json' } }, ctx('SIGNL4')).retryAfterSeconds);
  });
});
