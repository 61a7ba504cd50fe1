import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { integer, linkedNames, normaliseTicket, text, ticketIdOf } from '../../../server/src/freshservice/normalise-ticket.js';
import { missingNames } from '../../../server/src/freshservice/ticket-facts.js';
import { restTicket, ticketEvent } from '../../fixtures/fixtures.js';

describe('normaliseTicket', () => {
  it('reads every named field of FDK-generated test data (type and type_name, linked items as arrays of *_name)', () => {
    const { data } = ticketEvent('fdk-test-data.create');
    const facts = normaliseTicket(data.ticket, data.requester);
    assert.deepInclude(facts, {
      id: 17,
      subject: 'Mail server not responding',
      descriptionText: 'The mail server mx1 stopped answering at 09:00.',
      status: 2,
      statusName: 'Open',
      priority: 4,
      priorityName: 'Urgent',
      urgencyName: 'High',
      impactName: 'Medium',
      typeName: 'Incident',
      sourceName: 'Phone',
      groupId: 4,
      groupName: 'Network',
      departmentId: 2,
      departmentName: 'IT Operations',
      agentId: 7,
      agentName: 'Lee Park',
      agentEmail: 'lee.park@example.com',
      requesterName: 'Ann Lee',
      requesterEmail: 'ann.lee@example.com',
      category: 'Hardware > Server > Mail',
      dueBy: '2026-01-05T14:00:00Z',
      frDueBy: '2026-01-05T11:00:00Z',
      workspaceId: 2,
      workspaceName: 'IT',
      createdAt: '2026-01-05T10:00:00Z',
    });
    assert.deepEqual(facts.tags, ['mail', 'p1']);
    assert.deepEqual(facts.customFields, [
      { label: 'Site', value: 'Berlin' },
      { label: 'Rack', value: 'R12' },
    ]);
    assert.deepEqual(facts.assets, ['mx1.acme.local']);
    assert.deepEqual(facts.problems, ['Mail queue overflow']);
    assert.deepEqual(facts.changes, ['Upgrade Postfix']);
  });

  it('reads the live 2025 payload: type_name without type, "No Group"/"No Agent"/"" as absent, ids above 2^31, null linked items', () => {
    const { data } = ticketEvent('live-2025.update');
    const facts = normaliseTicket(data.ticket, data.requester);
    assert.equal(facts.id, 3_147_483_650);
    assert.equal(facts.typeName, 'Service Request');
    for (const absent of ['groupId', 'groupName', 'departmentId', 'departmentName', 'agentId', 'agentName', 'agentEmail', 'category'] as const) {
      assert.notProperty(facts, absent);
    }
    assert.equal(facts.requesterName, 'Priya Raman');
    assert.equal(facts.descriptionText, '');
    assert.deepEqual(facts.assets, []);
    assert.deepEqual(facts.problems, []);
    assert.deepEqual(facts.changes, []);
    assert.deepEqual(facts.tags, []);
  });

  it('shows odd custom-field values in words: null left out, booleans Yes/No, numbers, arrays joined, unlabelled by name', () => {
    const { data } = ticketEvent('live-2025.update');
    assert.deepEqual(normaliseTicket(data.ticket).customFields, [
      { label: 'VIP', value: 'Yes' },
      { label: 'Remote', value: 'No' },
      { label: 'Cost center', value: '4711' },
      { label: 'Regions', value: 'EMEA, APAC' },
      { label: 'unlabelled', value: 'kept by its name' },
    ]);
  });

  it('reads a REST ticket: custom_fields as an object, bare codes named from the code tables, requester embedded', () => {
    const { ticket } = restTicket();
    const facts = normaliseTicket(ticket, ticket['requester'] as { name: string; email: string });
    assert.deepInclude(facts, { id: 1050, statusName: 'Open', priorityName: 'Urgent', urgencyName: 'High', impactName: 'High', typeName: 'Incident', sourceName: 'Alerts' });
    assert.deepEqual(facts.customFields, [
      { label: 'impacted_service', value: 'Billing' },
      { label: 'customer_facing', value: 'Yes' },
    ]);
    assert.equal(facts.requesterEmail, 'dana.whitfield@example.com');
    assert.deepEqual(missingNames(facts), { groups: true, departments: true, statuses: false, workspaces: true });
  });

  it('accepts ids, codes and tags given as strings', () => {
    const facts = normaliseTicket({ id: '2147483648', status: '3', priority: '1', group_id: ' 42 ', tags: 'a, b,,c', subject: 'x' });
    assert.deepInclude(facts, { id: 2_147_483_648, status: 3, statusName: 'Pending', priority: 1, priorityName: 'Low', groupId: 42 });
    assert.deepEqual(facts.tags, ['a', 'b', 'c']);
  });

  it('names an unknown code by nothing and an unknown custom status by its payload name', () => {
    const facts = normaliseTicket({ id: 1, status: 9, priority: 'P1', source: 1001 });
    assert.equal(facts.status, 9);
    assert.notProperty(facts, 'statusName');
    assert.equal(facts.priorityName, 'P1');
    assert.notProperty(facts, 'sourceName');
    assert.deepEqual(missingNames(facts), { groups: false, departments: false, statuses: true, workspaces: false });
    assert.equal(normaliseTicket({ id: 1, status: 9, status_name: 'Awaiting vendor' }).statusName, 'Awaiting vendor');
  });

  it('takes plain text from HTML when description_text is empty, with scripts and markup stripped', () => {
    const facts = normaliseTicket({ id: 5, description_text: '  ', description: '<p>Printer <b>on fire</b></p><script>x()</script>' });
    assert.equal(facts.descriptionText, 'Printer on fire');
    assert.equal(normaliseTicket({ id: 5, description: 42 }).descriptionText, '');
  });

  it('keeps a 300 KB description whole (the Signl builder trims it)', () => {
    const big = 'word '.repeat(60_000);
    const facts = normaliseTicket({ id: 5, description_text: big });
    assert.equal(facts.descriptionText.length, big.trim().length);
  });

  it('keeps unicode and emoji subjects and falls back to "Ticket <id>" without one', () => {
    assert.equal(normaliseTicket({ id: 8, subject: '  Störung 🔥 im Rechenzentrum – 東京  ' }).subject, 'Störung 🔥 im Rechenzentrum – 東京');
    assert.equal(normaliseTicket({ id: 8, subject: '' }).subject, 'Ticket 8');
    assert.equal(normaliseTicket({ id: 8 }).subject, 'Ticket 8');
  });

  it('reads linked items from REST shapes, strings and single objects, at most 20', () => {
    const facts = normaliseTicket({
      id: 9,
      assets: [{ display_name: 'Laptop 7' }, { name: 'Router' }, 'Switch', null, 3],
      problem: { subject: 'Flaky DNS' },
      associated_changes: [{ subject: 'Firmware update' }],
    });
    assert.deepEqual(facts.assets, ['Laptop 7', 'Router', 'Switch']);
    assert.deepEqual(facts.problems, ['Flaky DNS']);
    assert.deepEqual(facts.changes, ['Firmware update']);
    assert.lengthOf(linkedNames(Array.from({ length: 30 }, (_, i) => `a${i}`), ['name']), 20);
    assert.deepEqual(normaliseTicket({ id: 9, changes_list: [{ change_name: 'C-1' }] }).changes, ['C-1']);
  });

  it('ignores custom_fields of any other shape and entries that are not objects', () => {
    assert.deepEqual(normaliseTicket({ id: 1, custom_fields: 'x' }).customFields, []);
    assert.deepEqual(normaliseTicket({ id: 1, custom_fields: null }).customFields, []);
    assert.deepEqual(normaliseTicket({ id: 1, custom_fields: [null, 7, { value: 'no label' }, { label: 'L', value: { nested: 1 } }] }).customFields, []);
  });

  it('refuses an event without a usable ticket id with a bad_input error', () => {
    for (const ticket of [undefined, {}, { id: 0 }, { id: -3 }, { id: 'abc' }, { id: 1.5 }]) {
      const error = assert.throws(() => ticketIdOf(ticket), AppError) as unknown as AppError;
      assert.equal(error.code, 'bad_input', JSON.stringify(ticket));
    }
  });
});

describe('text and integer', () => {
  it('treat placeholders for "nothing" as absent and keep real values trimmed', () => {
    for (const absent of ['', '  ', 'No Group', 'no agent', 'None', 'null', '--', null, undefined, {}, Number.NaN]) assert.isUndefined(text(absent), String(absent));
    assert.equal(text(' Ops '), 'Ops');
    assert.equal(text(0), '0');
  });

  it('accept safe non-negative integers as numbers or digit strings only', () => {
    assert.equal(integer(27_004_363_352), 27_004_363_352);
    assert.equal(integer('27004363352'), 27_004_363_352);
    for (const bad of [-1, 1.5, '1e3', '', '12a', 2 ** 53, null, true]) assert.isUndefined(integer(bad), String(bad));
  });
});
