import { assert } from 'chai';
import { parseSettings, secretFromWebhook } from '../../../server/src/settings/parse-settings.js';

const minimal = { signl4_webhook: 'https://connect.signl4.com/webhook/team1234', freshservice_api_key: 'fs-key-123456' };

describe('parseSettings', () => {
  it('fills every default of docs/specification.md §6 around the two required settings', () => {
    const result = parseSettings(minimal);
    assert.isTrue(result.ok);
    if (!result.ok) return;
    assert.deepEqual(result.settings.filter_priorities, ['Urgent', 'High']);
    assert.deepEqual(result.settings.close_on_statuses, ['Resolved', 'Closed']);
    assert.equal(result.settings.assign_agent_on, 'acknowledge');
    assert.equal(result.settings.signl4Secret, 'team1234');
  });

  it('accepts lists as comma-separated strings, booleans as strings and names in any case', () => {
    const result = parseSettings({ ...minimal, filter_priorities: 'urgent, LOW ,', private_notes: 'false', filter_groups: 'Ops,DB' });
    assert.isTrue(result.ok);
    if (!result.ok) return;
    assert.deepEqual(result.settings.filter_priorities, ['Urgent', 'Low']);
    assert.isFalse(result.settings.private_notes);
    assert.deepEqual(result.settings.filter_groups, ['Ops', 'DB']);
  });

  it('takes the bare secret as well as the URL', () => {
    const result = parseSettings({ ...minimal, signl4_webhook: 'abc123xyz' });
    assert.isTrue(result.ok && result.settings.signl4Secret === 'abc123xyz');
    assert.equal(secretFromWebhook('https://connect.signl4.com/webhook/s3cr3t'), 's3cr3t');
  });

  it('lists every problem in one message and names the settings', () => {
    const result = parseSettings({
      signl4_webhook: 'https://example.com/webhook/abc',
      freshservice_api_key: '',
      filter_priorities: 'Urgent,Critical',
      note_closed: 'closed by {who}',
      alerting_scenario: 'loud',
    });
    assert.isFalse(result.ok);
    if (result.ok) return;
    assert.equal(result.error.code, 'settings_invalid');
    const fields = result.problems.map((p) => p.field).sort();
    assert.deepEqual(fields, ['alerting_scenario', 'filter_priorities', 'freshservice_api_key', 'note_closed', 'signl4_webhook']);
    assert.match(result.error.message, /5 problems/);
    assert.match(result.error.message, /\{user\}/);
  });

  it('rejects a webhook URL with a trailing slash or spaces, and an empty secret', () => {
    for (const bad of ['https://connect.signl4.com/webhook/abc123/', ' https://connect.signl4.com/webhook/abc123', '']) {
      const result = parseSettings({ ...minimal, signl4_webhook: bad });
      assert.isFalse(result.ok, bad);
      if (!result.ok) assert.equal(result.problems[0]?.field, 'signl4_webhook');
    }
  });

  it('never echoes a secret value in its message', () => {
    const result = parseSettings({ ...minimal, signl4_webhook: 'https://evil.example/webhook/topsecretvalue' });
    assert.isFalse(result.ok);
    if (!result.ok) assert.notInclude(result.error.message, 'topsecretvalue');
  });

  it('treats missing installation parameters as every required setting missing', () => {
    const result = parseSettings(undefined);
    assert.isFalse(result.ok);
    if (!result.ok) assert.sameMembers(result.problems.map((p) => p.field), ['signl4_webhook', 'freshservice_api_key']);
  });
});
