import { assert } from 'chai';
import { builtInStatusId } from '../../../server/src/freshservice/code-tables.js';
import {
  createNote,
  findAgentIdByEmail,
  getTicket,
  hostOf,
  listDepartments,
  listGroups,
  listWorkspaces,
  listStatuses,
  listTicketsSince,
  statusChoices,
  updateTicket,
  type FreshserviceTarget,
} from '../../../server/src/freshservice/freshservice-client.js';
import { timestampMs } from '../../../server/src/freshservice/ticket-event-types.js';
import { FakeRequest, httpError, ok } from '../../fakes/fake-deps.js';
import { rejects } from '../../fakes/rejects.js';
import { restTicket, ticketFormFields } from '../../fixtures/fixtures.js';

function target(): { fs: FreshserviceTarget; request: FakeRequest } {
  const request = new FakeRequest();
  return { fs: { request, host: 'acme.freshservice.com' }, request };
}

describe('freshservice client', () => {
  it('takes the API host from the account URL', () => {
    assert.equal(hostOf('https://acme.freshservice.com/'), 'acme.freshservice.com');
    assert.equal(hostOf('HTTP://acme.freshservice.com/a/tickets/1'), 'acme.freshservice.com');
  });

  it('gets a ticket with requester and tags, and an empty ticket when the body has none', async () => {
    const { fs, request } = target();
    request.on('fsGetTicket', ok(restTicket()), ok({}));
    const ticket = await getTicket(fs, 1050);
    assert.equal(ticket.id, 1050);
    assert.deepEqual(request.calls[0]?.options, { context: { host: 'acme.freshservice.com', ticketId: 1050 }, query: { include: 'requester,tags' } });
    assert.deepEqual(await getTicket(fs, 1050), {});
  });

  it('lists tickets updated since a time, oldest first, and sees a next page in the Link header', async () => {
    const { fs, request } = target();
    request.on('fsListTickets', ok({ tickets: [{ id: 1 }, null, 'x', { id: 2 }] }, 200, { link: '<https://acme.freshservice.com/api/v2/tickets?page=2>; rel="next"' }), ok({ tickets: 'nope' }));
    const first = await listTicketsSince(fs, '2026-11-28T11:45:00Z', 1);
    assert.deepEqual(first, { tickets: [{ id: 1 }, { id: 2 }], more: true });
    assert.deepInclude(request.calls[0]?.options.query ?? {}, { updated_since: '2026-11-28T11:45:00Z', order_type: 'asc', per_page: '100', page: '1', workspace_id: '0' }, 'every workspace');
    assert.deepEqual(await listTicketsSince(fs, 'x', 2), { tickets: [], more: false });
  });

  it('creates a note with an HTML body and the private flag, and updates status and agent in one call', async () => {
    const { fs, request } = target();
    request.on('fsCreateNote', ok({}, 201)).on('fsUpdateTicket', ok({}));
    await createNote(fs, 7, '<b>x</b>', true);
    await updateTicket(fs, 7, { status: 4, responder_id: 9 });
    assert.deepEqual(request.lastBody('fsCreateNote'), { body: '<b>x</b>', private: true });
    assert.deepEqual(request.lastBody('fsUpdateTicket'), { status: 4, responder_id: 9 });
    assert.deepEqual(request.callsOf('fsUpdateTicket')[0]?.options.context, { host: 'acme.freshservice.com', ticketId: 7 });
  });

  it('finds an agent by email case-insensitively and only among matching records', async () => {
    const { fs, request } = target();
    request.on(
      'fsFindAgent',
      ok({ agents: [{ id: 1, email: 'other@example.com' }, { id: 2, email: 'Sam.Okafor@Example.com' }] }),
      ok({ agents: [{ id: 'x', email: 'sam@example.com' }] }),
      ok({ agents: [] }),
    );
    assert.equal(await findAgentIdByEmail(fs, 'sam.okafor@example.com'), 2);
    assert.deepEqual(request.calls[0]?.options.query, { email: 'sam.okafor@example.com' });
    assert.isUndefined(await findAgentIdByEmail(fs, 'sam@example.com'));
    assert.isUndefined(await findAgentIdByEmail(fs, 'nobody@example.com'));
  });

  it('lists group and department names by id, skipping malformed records', async () => {
    const { fs, request } = target();
    request.on('fsListGroups', ok({ groups: [{ id: 27000112233, name: 'Payments Platform' }, { id: '3', name: 'x' }, { id: 4 }] }));
    request.on('fsListDepartments', ok({ departments: [{ id: 2, name: 'Engineering' }] }));
    assert.deepEqual(await listGroups(fs, []), { '27000112233': 'Payments Platform' });
    assert.deepEqual(await listDepartments(fs), { '2': 'Engineering' });
  });

  it('lists the groups of every workspace it is given (the plain list holds only the primary one’s)', async () => {
    const { fs, request } = target();
    request.on('fsListGroups', ok({ groups: [{ id: 10, name: 'Service Desk' }] }), ok({ groups: [{ id: 30, name: 'Network Ops' }] }));
    assert.deepEqual(await listGroups(fs, [2, 3]), { '10': 'Service Desk', '30': 'Network Ops' });
    assert.deepEqual(request.callsOf('fsListGroups').map((c) => c.options.query), [{ workspace_id: '2' }, { workspace_id: '3' }]);
  });

  it('lists workspace names; none when the key may not list them (403/404), and fails on anything else', async () => {
    const listed = target();
    listed.request.on('fsListWorkspaces', ok({ workspaces: [{ id: 2, name: 'IT' }, { id: 3, name: 'Operations EU' }] }));
    assert.deepEqual(await listWorkspaces(listed.fs), { '2': 'IT', '3': 'Operations EU' });
    for (const status of [403, 404]) {
      const { fs, request } = target();
      request.on('fsListWorkspaces', httpError(status));
      assert.deepEqual(await listWorkspaces(fs), {}, String(status));
    }
    const { fs, request } = target();
    request.on('fsListWorkspaces', httpError(500));
    await rejects(listWorkspaces(fs));
  });

  it('reads status choices (custom ones included) from ticket_form_fields, by value, name or label', async () => {
    const { fs, request } = target();
    request.on('fsTicketFormFields', ok(ticketFormFields()));
    assert.deepEqual(await listStatuses(fs), { '2': 'Open', '3': 'Pending', '4': 'Resolved', '5': 'Closed', '6': 'Awaiting vendor', '7': 'In progress', '8': 'On call engaged' });
    assert.deepEqual(statusChoices({ ticket_fields: [{ name: 'status' }] }), {});
    assert.deepEqual(statusChoices(undefined), {});
  });
});

describe('code tables and event timestamps', () => {
  it('finds built-in status ids by name in any letter case', () => {
    assert.equal(builtInStatusId(' resolved '), 4);
    assert.equal(builtInStatusId('CLOSED'), 5);
    assert.isUndefined(builtInStatusId('Awaiting vendor'));
  });

  it('reads timestamps as float seconds (live) or integer milliseconds (FDK test data)', () => {
    assert.equal(timestampMs(1749484139.55, 0), 1_749_484_139_550);
    assert.equal(timestampMs(1_767_608_100_558, 0), 1_767_608_100_558);
    for (const bad of [undefined, '1749484139', -1, 0, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(timestampMs(bad, 42), 42);
  });
});
