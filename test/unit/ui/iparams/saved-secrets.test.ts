/** Edit Settings and the saved secrets: what getConfigs received decides what is kept and what must be typed again. */
import { assert } from 'chai';
import { retypeProblems, savedSecretsOf, withKeptSecrets } from '../../../../ui/iparams/saved-secrets.js';

const WEBHOOK = 'https://connect.signl4.com/webhook/team-secret-1';
const ALL = { signl4_webhook: WEBHOOK, signl4_api_key: 's4-key', freshservice_api_key: 'fs-key', note_closed: 'x' };

describe('installation page: saved secrets on Edit Settings', function () {
  it('keeps every secret it received and fills it in where the field stays empty; a typed one wins', function () {
    const saved = savedSecretsOf(ALL);
    assert.deepEqual(saved.states, { signl4_webhook: 'kept', signl4_api_key: 'kept', freshservice_api_key: 'kept' });
    const values = withKeptSecrets({ freshservice_api_key: 'fs-new', note_closed: 'y' }, saved, false);
    assert.deepEqual(values, { signl4_webhook: WEBHOOK, signl4_api_key: 's4-key', freshservice_api_key: 'fs-new', note_closed: 'y' });
    assert.deepEqual(retypeProblems(values, saved, false), []);
  });

  it('removing the API key leaves it out even though it was kept', function () {
    const values = withKeptSecrets({}, savedSecretsOf(ALL), true);
    assert.notProperty(values, 'signl4_api_key');
    assert.strictEqual(values['freshservice_api_key'], 'fs-key');
  });

  it('received without any secret (withheld): both required ones and the API key must be typed again, each said plainly', function () {
    const saved = savedSecretsOf({ note_closed: 'x' });
    assert.deepEqual(saved.states, { signl4_webhook: 'retype', signl4_api_key: 'retype', freshservice_api_key: 'retype' });
    const problems = retypeProblems(withKeptSecrets({}, saved, false), saved, false);
    assert.deepEqual(problems.map((p) => p.field), ['signl4_webhook', 'signl4_api_key', 'freshservice_api_key']);
    assert.match(problems[0]?.message ?? '', /Enter the webhook URL or team secret again .*saving without it would delete it/);
    assert.match(problems[1]?.message ?? '', /or tick "Remove the saved SIGNL4 API key"/);
    assert.match(problems[2]?.message ?? '', /Enter the app agent's API key again/);
  });

  it('typing a secret again, or ticking remove for the API key, settles it', function () {
    const saved = savedSecretsOf({ note_closed: 'x' });
    const typed = { signl4_webhook: WEBHOOK, freshservice_api_key: 'fs-key' };
    assert.deepEqual(retypeProblems(withKeptSecrets(typed, saved, true), saved, true), []);
    assert.deepEqual(retypeProblems(withKeptSecrets({ ...typed, signl4_api_key: 'k' }, saved, false), saved, false), []);
  });

  it('treats masked or empty values as not received; a masked API key means one is saved', function () {
    const saved = savedSecretsOf({ signl4_webhook: '••••••••', freshservice_api_key: '', signl4_api_key: '********', note_closed: 'x' });
    assert.deepEqual(saved.values, {});
    assert.deepEqual(saved.states, { signl4_webhook: 'retype', signl4_api_key: 'retype', freshservice_api_key: 'retype' });
    const none = savedSecretsOf({ signl4_webhook: WEBHOOK, freshservice_api_key: 'fs-key' });
    assert.strictEqual(none.states.signl4_api_key, 'none', 'the required ones came in clear, so no API key is saved');
    assert.strictEqual(savedSecretsOf({ ...ALL, signl4_api_key: '****' }).states.signl4_api_key, 'retype');
  });
});
