import { assert } from 'chai';
import type { TicketFacts } from '../../../server/src/freshservice/ticket-facts.js';
import { factsBefore, mayForwardAgain } from '../../../server/src/forward/started-to-match.js';
import { settingsWith } from '../../fakes/fake-context.js';

const NOW: TicketFacts = {
  id: 17,
  subject: 's',
  descriptionText: '',
  statusName: 'Open',
  priorityName: 'Urgent',
  typeName: 'Incident',
  groupName: 'Network',
  sourceName: 'Phone',
  workspaceName: 'IT',
  tags: [],
  customFields: [],
  assets: [],
  problems: [],
  changes: [],
};

describe('mayForwardAgain', () => {
  it('allows a ticket that was reopened from a close status', () => {
    assert.isTrue(mayForwardAgain(NOW, { status: [5, 2], status_name: ['Closed', 'Open'] }, settingsWith()));
    assert.isTrue(mayForwardAgain(NOW, { status_name: ['resolved', 'Open'] }, settingsWith()));
    assert.isFalse(mayForwardAgain(NOW, { status_name: ['Pending', 'Open'] }, settingsWith()));
    assert.isFalse(mayForwardAgain(NOW, { status_name: [null, 'Open'] }, settingsWith()));
  });

  it('allows a ticket that did not match before this change, by name or by code', () => {
    assert.isTrue(mayForwardAgain(NOW, { priority_name: ['Low', 'Urgent'] }, settingsWith()));
    assert.isTrue(mayForwardAgain(NOW, { priority: [1, 4] }, settingsWith()), 'a bare priority code is named from the code table');
    assert.isTrue(mayForwardAgain(NOW, { type_name: ['Service Request', 'Incident'] }, settingsWith()));
    assert.isTrue(mayForwardAgain(NOW, { group_name: ['Desk', 'Network'] }, settingsWith({ filter_groups: ['Network'] })));
    assert.isTrue(mayForwardAgain(NOW, { source: [1, 3] }, settingsWith({ filter_sources: ['Phone'] })));
    assert.isTrue(mayForwardAgain(NOW, { workspace_name: ['HR', 'IT'] }, settingsWith({ filter_workspaces: ['IT'] })));
    assert.isTrue(mayForwardAgain(NOW, { group_name: [null, 'Network'] }, settingsWith({ filter_groups: ['Network'] })), 'no group before');
  });

  it('refuses any other edit of a ticket that matched all along', () => {
    assert.isFalse(mayForwardAgain(NOW, {}, settingsWith()));
    assert.isFalse(mayForwardAgain(NOW, { responder_id: [null, 7] }, settingsWith()));
    assert.isFalse(mayForwardAgain(NOW, { priority_name: ['High', 'Urgent'] }, settingsWith()));
    assert.isFalse(mayForwardAgain(NOW, { priority: 4 }, settingsWith()), 'a change that is not [old, new] says nothing');
  });
});

describe('factsBefore', () => {
  it('rebuilds the filter fields from the old values and keeps the rest', () => {
    const before = factsBefore(NOW, { priority: ['2', 4], ticket_type: ['Problem', 'Incident'], source_name: ['Email', 'Phone'] });
    assert.deepInclude(before, { priorityName: 'Medium', typeName: 'Problem', sourceName: 'Email', groupName: 'Network', workspaceName: 'IT', id: 17 });
    assert.equal(factsBefore(NOW, { priority: [99, 4] }).priorityName, undefined, 'an unknown code has no name');
    assert.equal(factsBefore(NOW, { priority_name: ['P1 custom', 'Urgent'] }).priorityName, 'P1 custom');
  });
});
