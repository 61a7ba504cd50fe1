import { assert } from 'chai';
import { validateSettingsPayload } from '../../../server/src/methods/validate-settings-method.js';
import { BASE_IPARAMS } from '../../fakes/fake-context.js';

describe('validateSettingsPayload', () => {
  it('answers ok for valid settings', () => {
    assert.deepEqual(validateSettingsPayload({ settings: { ...BASE_IPARAMS } }), { ok: true, problems: [] });
  });

  it('lists every problem per field, never echoing a secret', () => {
    const result = validateSettingsPayload({ settings: { signl4_webhook: 'https://evil.example/webhook/topsecret-value', freshservice_api_key: 'k', alerting_scenario: 'loud' } });
    assert.isFalse(result.ok);
    assert.sameMembers(result.problems.map((p) => p.field), ['signl4_webhook', 'freshservice_api_key', 'alerting_scenario']);
    assert.notInclude(JSON.stringify(result), 'topsecret-value');
  });

  it('treats a missing or malformed payload as empty settings', () => {
    for (const payload of [undefined, null, 'x', {}, { settings: 'x' }, { settings: [] }, { settings: null }]) {
      const result = validateSettingsPayload(payload);
      assert.isFalse(result.ok);
      assert.sameMembers(result.problems.map((p) => p.field), ['signl4_webhook', 'freshservice_api_key']);
    }
  });
});
