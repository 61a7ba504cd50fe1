import { createHmac } from 'node:crypto';
import { assert } from 'chai';
import fc from 'fast-check';
import { accountOf, makeExternalId, verifyExternalId } from '../../../server/src/signl4/external-id.js';
import { hmacSha256Hex } from '../../../server/src/signl4/hmac-sha256.js';

describe('hmacSha256Hex', () => {
  it('equals node:crypto for any key and message, including long keys and unicode', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100, unit: 'binary' }), fc.string({ maxLength: 300, unit: 'binary' }), (key, message) => {
        assert.equal(hmacSha256Hex(key, message), createHmac('sha256', key).update(message).digest('hex'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('external id', () => {
  const key = 'install-key-123';

  it('is stable for one Signl and differs per account, ticket and generation', () => {
    const id = makeExternalId(key, 'acme', 42, 1);
    assert.match(id, /^FS-acme-42-1-[0-9a-f]{10}$/);
    assert.equal(makeExternalId(key, 'acme', 42, 1), id);
    assert.notEqual(makeExternalId(key, 'other', 42, 1), id);
    assert.notEqual(makeExternalId(key, 'acme', 42, 2), id);
  });

  it('verifies its own ids and returns their parts', () => {
    assert.deepInclude(verifyExternalId(key, 'acme', makeExternalId(key, 'acme', 42, 3)), { account: 'acme', ticketId: 42, generation: 3 });
    assert.deepInclude(verifyExternalId(key, 'my-co', makeExternalId(key, 'my-co', 7, 1)), { account: 'my-co', ticketId: 7 });
  });

  it('rejects forgeries, other accounts, other keys and junk', () => {
    const id = makeExternalId(key, 'acme', 42, 1);
    assert.isUndefined(verifyExternalId(key, 'acme', id.replace('-42-', '-43-')));
    assert.isUndefined(verifyExternalId(key, 'globex', makeExternalId(key, 'globex', 42, 1).replace('globex', 'acme')));
    assert.isUndefined(verifyExternalId('another-key', 'acme', id));
    for (const junk of [undefined, 42, '', 'INC-42', `${id}x`, { id }]) assert.isUndefined(verifyExternalId(key, 'acme', junk));
  });

  it('derives the account from currentHost', () => {
    assert.equal(accountOf('https://acme.freshservice.com'), 'acme');
    assert.equal(accountOf('https://ACME-it.freshservice.com/'), 'acme-it');
    assert.equal(accountOf(undefined), 'account');
  });
});

describe('hmacSha256Hex, edge inputs', () => {
  it('hashes keys longer than a block and replaces lone surrogates as UTF-8 encoders do', () => {
    const longKey = 'k'.repeat(200);
    assert.equal(hmacSha256Hex(longKey, 'm'), createHmac('sha256', longKey).update('m').digest('hex'));
    assert.equal(hmacSha256Hex('key', 'a\uD800b'), createHmac('sha256', 'key').update('a\uFFFDb').digest('hex'));
  });
});
