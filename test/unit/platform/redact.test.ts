import { assert } from 'chai';
import { createLogger } from '../../../server/src/platform/logger.js';
import { createRedactor, secretsOf } from '../../../server/src/platform/redact.js';
import { AppError, toAppError } from '../../../server/src/errors/errors.js';

describe('redaction and logging', () => {
  it('finds the secrets among installation parameters, including the secret inside a webhook URL', () => {
    const secrets = secretsOf({ signl4_webhook: 'https://connect.signl4.com/webhook/teamsecret1', freshservice_api_key: 'fskey12345', signl4_api_key: '', other: 'x' });
    assert.sameMembers(secrets, ['https://connect.signl4.com/webhook/teamsecret1', 'teamsecret1', 'fskey12345']);
    assert.deepEqual(secretsOf(undefined), []);
  });

  it('removes secret values, webhook paths, Basic credentials and API-key headers', () => {
    const redact = createRedactor(['fskey12345']);
    const out = redact('key fskey12345 url https://connect.signl4.com/webhook/abcdef Basic ZnNrZXk6WA== X-S4-Api-Key: "k-123456"');
    assert.notInclude(out, 'fskey12345');
    assert.notInclude(out, 'abcdef');
    assert.notInclude(out, 'ZnNrZXk6WA==');
    assert.notInclude(out, 'k-123456');
  });

  it('writes every log line through the redactor, with fields as JSON', () => {
    const lines: string[] = [];
    const log = createLogger((level, line) => lines.push(`${level}:${line}`), createRedactor(['topsecret99']));
    log.info('sent', { to: 'topsecret99' });
    log.warn('w');
    log.error('e', { circular: undefined });
    assert.deepEqual(lines[0], 'info:[signl4] sent {"to":"***"}');
    assert.lengthOf(lines, 3);
  });

  it('survives fields that cannot be serialised', () => {
    const lines: string[] = [];
    const log = createLogger((_level, line) => lines.push(line), createRedactor([]));
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    log.info('loop', loop);
    assert.include(lines[0], 'unserialisable');
  });

  it('wraps programming errors as internal and never retries them', () => {
    const error = toAppError('forward', new TypeError('x is undefined'));
    assert.equal(error.code, 'internal');
    assert.isFalse(error.retryable);
    const same = new AppError({ code: 'timeout', operation: 'o', message: 'm' });
    assert.strictEqual(toAppError('o', same), same);
    assert.equal(toAppError('o', 42).message, 'unknown failure');
  });
});
