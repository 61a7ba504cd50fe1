import { assert } from 'chai';
import { describeProblems } from '../../../server/src/settings/settings-problems.js';
import { normaliseSettings } from '../../../server/src/settings/normalise-settings.js';
import { parseSettings } from '../../../server/src/settings/parse-settings.js';

describe('describeProblems', () => {
  it('words each kind of schema error for a person, one per field', () => {
    const problems = describeProblems([
      { instancePath: '/private_notes', keyword: 'type', params: { type: 'boolean' } },
      { instancePath: '/private_notes', keyword: 'enum', params: {} },
      { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'colour' } },
      { instancePath: '/assign_agent_on', keyword: 'enum', params: { allowedValues: ['never', 'both'] } },
      { instancePath: '/alerting_scenario', keyword: 'enum', params: {} },
      { instancePath: '/filter_types', keyword: 'maxItems', params: {}, message: 'must NOT have more than 100 items' },
      { instancePath: '/filter_groups', keyword: 'uniqueItems', params: {} },
      { instancePath: '/signl4_category', keyword: 'pattern', params: {} },
      { instancePath: '/freshservice_api_key', keyword: 'pattern', params: {} },
      { instancePath: '/status_on_close', keyword: 'pattern', params: {} },
    ]);
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'private_notes must be boolean.',
        'colour is not a setting of this app.',
        'Assign agent on must be one of never, both.',
        'Alerting scenario must be one of the listed values.',
        'filter_types must NOT have more than 100 items.',
        'filter_groups is invalid.',
        'SIGNL4 category may use only the placeholder {group}.',
        'Freshservice API key must be the API key alone, with no spaces.',
        'status_on_close has an invalid form.',
      ],
    );
  });
});

describe('normaliseSettings', () => {
  it('leaves values of the wrong kind for the schema to reject, and drops unknown keys and nulls', () => {
    const out = normaliseSettings({ filter_types: 5, private_notes: 'maybe', filter_priorities: [4, 'high'], alerting_scenario: 3, junk: 'x', filter_tags: null });
    assert.deepEqual(out, { filter_types: 5, private_notes: 'maybe', filter_priorities: [4, 'High'], alerting_scenario: 3 });
    const result = parseSettings({ ...out, signl4_webhook: 'abcd1234', freshservice_api_key: 'key-12345678' });
    assert.isFalse(result.ok);
    if (!result.ok) assert.sameMembers(result.problems.map((p) => p.field), ['filter_types', 'private_notes', 'filter_priorities', 'alerting_scenario']);
  });

  it('trims list items and removes duplicates and empties', () => {
    assert.deepEqual(normaliseSettings({ filter_groups: [' Ops ', 'Ops', ''] })['filter_groups'], ['Ops']);
    assert.deepEqual(normaliseSettings({ private_notes: 'TRUE', sync_annotations: false }), { private_notes: true, sync_annotations: false });
  });

  it('reports a single problem in the singular', () => {
    const result = parseSettings({ signl4_webhook: 'abcd1234' });
    assert.isFalse(result.ok);
    if (!result.ok) assert.match(result.error.message, /have 1 problem:/);
  });
});
