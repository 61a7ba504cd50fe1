import { assert } from 'chai';
import { parseWebhookId } from '../../../server/src/signl4/webhook-id.js';

describe('parseWebhookId (SIGNL4 POST /api/webhooks answers)', () => {
  it('reads a plain-string id, as the v1 spec declares, trimmed', () => {
    assert.equal(parseWebhookId('3f0c2a9e-1b7d-4c55-9a64-0d2f1e8b7c31'), '3f0c2a9e-1b7d-4c55-9a64-0d2f1e8b7c31');
    assert.equal(parseWebhookId('  wh-1\n'), 'wh-1');
  });

  it('reads a JSON string, whether the platform parsed it already or not', () => {
    assert.equal(parseWebhookId('"wh-2"'), 'wh-2');
    assert.equal(parseWebhookId(' "wh-3" '), 'wh-3');
  });

  it('reads an object with id in any letter case, as a string or a number', () => {
    assert.equal(parseWebhookId({ id: 'wh-4', enabled: true }), 'wh-4');
    assert.equal(parseWebhookId({ Id: 'wh-5' }), 'wh-5');
    assert.equal(parseWebhookId({ id: 42 }), '42');
  });

  it('reads a numeric id (a bare number parses as JSON)', () => {
    assert.equal(parseWebhookId(12345), '12345');
  });

  it('finds no id in an empty answer, an object without id, an array or text that is not one token', () => {
    for (const body of [undefined, null, '', '   ', '""', { enabled: true }, { id: '' }, { id: { nested: 1 } }, ['wh-1'], 'Created webhook wh-1', '{"id": "x"', '"a" "b"', Number.NaN, true]) {
      assert.isUndefined(parseWebhookId(body), JSON.stringify(body) ?? String(body));
    }
  });
});
