import { assert } from 'chai';
import { normaliseTicket } from '../../../server/src/freshservice/normalise-ticket.js';
import type { TicketFacts } from '../../../server/src/freshservice/ticket-facts.js';
import { buildNewSignl, buildStatusEvent, LIMITS, portalLink, serviceFor } from '../../../server/src/forward/build-signl.js';
import { ticketEvent } from '../../fixtures/fixtures.js';

const SETTINGS = { alerting_scenario: 'single_ack', signl4_category: '' } as const;
const CTX = { externalId: 'FS-acme-17-1-0123456789', freshserviceUrl: 'https://acme.freshservice.com' };

function facts(overrides: Partial<TicketFacts> = {}): TicketFacts {
  return { id: 17, subject: 'Mail down', descriptionText: '', tags: [], customFields: [], assets: [], problems: [], changes: [], ...overrides };
}

describe('buildNewSignl', () => {
  it('raises a new Signl with title, text, link and the X-S4 control parameters', () => {
    const body = buildNewSignl(facts({ descriptionText: 'Since 09:00.' }), { alerting_scenario: 'multi_ack', signl4_category: '' }, CTX);
    assert.deepEqual(body, {
      Title: '#17: Mail down',
      Text: 'Since 09:00.',
      Link: 'https://acme.freshservice.com/a/tickets/17',
      'X-S4-ExternalID': 'FS-acme-17-1-0123456789',
      'X-S4-Status': 'new',
      'X-S4-SourceSystem': 'Freshservice',
      'X-S4-AlertingScenario': 'multi_ack',
    });
  });

  it('names every field the ticket has and leaves empty ones out', () => {
    const { data } = ticketEvent('fdk-test-data.create');
    const body = buildNewSignl(normaliseTicket(data.ticket, data.requester), SETTINGS, CTX);
    assert.deepInclude(body, {
      Priority: 'Urgent',
      Urgency: 'High',
      Impact: 'Medium',
      Status: 'Open',
      Type: 'Incident',
      Source: 'Phone',
      Requester: 'Ann Lee <ann.lee@example.com>',
      Department: 'IT Operations',
      Group: 'Network',
      Agent: 'Lee Park <lee.park@example.com>',
      Category: 'Hardware > Server > Mail',
      'Due by': '2026-01-05T14:00:00Z',
      'First response due by': '2026-01-05T11:00:00Z',
      Workspace: 'IT',
      Tags: 'mail, p1',
      Assets: 'mx1.acme.local',
      Problem: 'Mail queue overflow',
      Changes: 'Upgrade Postfix',
      Site: 'Berlin',
      Rack: 'R12',
    });
    const live = ticketEvent('live-2025.update').data;
    const sparse = buildNewSignl(normaliseTicket(live.ticket, live.requester), SETTINGS, CTX);
    for (const absent of ['Group', 'Agent', 'Department', 'Category', 'Tags', 'Assets', 'Problem', 'Changes', 'Major incident type', 'Empty list']) assert.notProperty(sparse, absent);
    assert.equal(sparse['Requester'], 'Priya Raman <priya.raman@example.com>');
    assert.equal(sparse['Text'], 'Laptop request for new joiner', 'an empty description falls back to the subject');
  });

  it('shows a person by name or email alone when only one is known', () => {
    assert.equal(buildNewSignl(facts({ requesterEmail: 'a@example.com' }), SETTINGS, CTX)['Requester'], 'a@example.com');
    assert.equal(buildNewSignl(facts({ agentName: 'Lee' }), SETTINGS, CTX)['Agent'], 'Lee');
  });

  it('adds custom fields by label, at most 20, never over a named field or the title, text and link', () => {
    const customFields = [
      { label: 'Priority', value: 'overridden?' },
      { label: 'Title', value: 'hijack' },
      { label: 'Link', value: 'https://evil.example' },
      ...Array.from({ length: 25 }, (_, i) => ({ label: `Field ${i}`, value: `v${i}` })),
    ];
    const body = buildNewSignl(facts({ priorityName: 'High', customFields }), SETTINGS, CTX);
    assert.equal(body['Priority'], 'High');
    assert.equal(body['Title'], '#17: Mail down');
    assert.equal(body['Link'], 'https://acme.freshservice.com/a/tickets/17');
    assert.equal(body['Field 16'], 'v16');
    assert.notProperty(body, 'Field 17', 'only the first 20 custom fields are read');
  });

  it('never lets a custom-field label set an X-S4 control parameter, in any letter case', () => {
    const customFields = [
      { label: 'X-S4-Status', value: 'resolved' },
      { label: 'x-s4-externalid', value: 'FS-other-1-1-aaaaaaaaaa' },
      { label: 'X-S4-AlertingScenario', value: 'emergency' },
      { label: 'X-S4-Location', value: '52.5,13.4' },
      { label: 'X-S4-Service', value: 'Other team' },
    ];
    const body = buildNewSignl(facts({ customFields }), SETTINGS, CTX);
    assert.equal(body['X-S4-Status'], 'new');
    assert.equal(body['X-S4-ExternalID'], CTX.externalId);
    assert.equal(body['X-S4-AlertingScenario'], 'single_ack');
    assert.notProperty(body, 'X-S4-Location');
    assert.notProperty(body, 'X-S4-Service');
    assert.notProperty(body, 'x-s4-externalid');
  });

  it('caps title, text and every field, on code points', () => {
    const body = buildNewSignl(facts({ subject: '🔥'.repeat(500), descriptionText: 'd'.repeat(300_000), groupName: 'g'.repeat(1000) }), SETTINGS, CTX);
    assert.lengthOf(Array.from(body['Title'] ?? ''), LIMITS.title);
    assert.isTrue(body['Title']?.endsWith('…'));
    assert.lengthOf(body['Text'] ?? '', LIMITS.text);
    assert.lengthOf(body['Group'] ?? '', LIMITS.field);
  });

  it('keeps the whole event within the total size cap, even when every field is long and full of characters JSON escapes', () => {
    const long = (c: string): string => c.repeat(400);
    const big = facts({
      id: 123_456_789,
      subject: long('S'),
      descriptionText: long('"').repeat(10),
      priorityName: long('p'),
      urgencyName: long('u'),
      impactName: long('i'),
      statusName: long('s'),
      typeName: long('t'),
      sourceName: long('o'),
      requesterName: long('r'),
      requesterEmail: 'r@example.com',
      departmentName: long('d'),
      groupName: long('\\'),
      agentName: long('a'),
      category: long('c'),
      dueBy: long('1'),
      frDueBy: long('2'),
      workspaceName: long('w'),
      tags: [long('"')],
      assets: [long('\n')],
      problems: [long('b')],
      changes: [long('x')],
      customFields: Array.from({ length: 20 }, (_, i) => ({ label: `Custom field ${i} ${'L'.repeat(40)}`, value: long('"') })),
    });
    for (const category of ['', '{group}']) {
      const size = JSON.stringify(buildNewSignl(big, { alerting_scenario: 'single_ack', signl4_category: category }, CTX)).length;
      assert.isAtMost(size, LIMITS.total, `category "${category}"`);
    }
  });

  it('sets X-S4-Service from the category, with {group} as the ticket group, and leaves it out when empty', () => {
    const withGroup = facts({ groupName: 'Network' });
    assert.equal(buildNewSignl(withGroup, { alerting_scenario: 'single_ack', signl4_category: 'IT {group}' }, CTX)['X-S4-Service'], 'IT Network');
    assert.equal(buildNewSignl(facts(), { alerting_scenario: 'single_ack', signl4_category: 'IT {group}' }, CTX)['X-S4-Service'], 'IT');
    assert.notProperty(buildNewSignl(facts(), { alerting_scenario: 'single_ack', signl4_category: '{group}' }, CTX), 'X-S4-Service');
    assert.notProperty(buildNewSignl(withGroup, SETTINGS, CTX), 'X-S4-Service');
    assert.equal(serviceFor('{group}/{group}', withGroup), 'Network/Network');
    assert.lengthOf(serviceFor('{group}', facts({ groupName: 'g'.repeat(400) })) ?? '', LIMITS.field);
  });

  it('links the agent-portal ticket whatever the account URL ends with', () => {
    assert.equal(portalLink('https://acme.freshservice.com///', 5), 'https://acme.freshservice.com/a/tickets/5');
  });
});

describe('buildStatusEvent', () => {
  it('acknowledges or resolves the Signl raised with the same external id, with a short text', () => {
    assert.deepEqual(buildStatusEvent('FS-acme-17-1-0123456789', 'acknowledged', 'Ticket 17 acknowledged'), {
      'X-S4-ExternalID': 'FS-acme-17-1-0123456789',
      'X-S4-Status': 'acknowledged',
      'X-S4-SourceSystem': 'Freshservice',
      Text: 'Ticket 17 acknowledged',
    });
    assert.equal(buildStatusEvent('x', 'resolved', 'n'.repeat(1000))['Text']?.length, LIMITS.field);
  });
});
