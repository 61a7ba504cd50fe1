import { assert } from 'chai';
import type { TicketFacts } from '../../../server/src/freshservice/ticket-facts.js';
import { filterMisses, matchesFilter } from '../../../server/src/forward/match-filter.js';
import { settingsWith } from '../../fakes/fake-context.js';

const urgentIncident: TicketFacts = {
  id: 1,
  subject: 's',
  descriptionText: '',
  priorityName: 'Urgent',
  typeName: 'Incident',
  groupName: 'Network',
  sourceName: 'Phone',
  workspaceId: 2,
  workspaceName: 'IT',
  tags: ['p1', 'mail'],
  customFields: [],
  assets: [],
  problems: [],
  changes: [],
};

describe('matchesFilter', () => {
  it('forwards urgent and high incidents by default, any group, source, workspace or tags', () => {
    assert.isTrue(matchesFilter(urgentIncident, settingsWith()));
    const high: TicketFacts = { ...urgentIncident, priorityName: 'High', tags: [] };
    delete high.groupName;
    assert.isTrue(matchesFilter(high, settingsWith()));
    assert.deepEqual(filterMisses({ ...urgentIncident, priorityName: 'Low', typeName: 'Service Request' }, settingsWith()), ['priority', 'type']);
  });

  it('requires every configured condition, names matching case-insensitively', () => {
    const settings = settingsWith({ filter_groups: 'network, DB', filter_sources: 'phone', filter_workspaces: 'it', filter_tags: 'P1', filter_types: 'incident' });
    assert.isTrue(matchesFilter(urgentIncident, settings));
    assert.deepEqual(filterMisses({ ...urgentIncident, groupName: 'Desk', sourceName: 'Email', workspaceName: 'HR', workspaceId: 3, tags: ['other'] }, settings), ['group', 'source', 'workspace', 'tags']);
  });

  it('matches a workspace by id as well as by name, and a ticket without the field fails a configured condition', () => {
    const byId: TicketFacts = { ...urgentIncident };
    delete byId.workspaceName;
    assert.isTrue(matchesFilter(byId, settingsWith({ filter_workspaces: ['2'] })));
    const untyped: TicketFacts = { ...urgentIncident };
    delete untyped.typeName;
    assert.deepEqual(filterMisses(untyped, settingsWith()), ['type']);
  });

  it('treats empty lists as "any"', () => {
    const settings = settingsWith({ filter_priorities: [], filter_types: [] });
    assert.isTrue(matchesFilter({ id: 1, subject: 's', descriptionText: '', tags: [], customFields: [], assets: [], problems: [], changes: [] }, settings));
  });
});
