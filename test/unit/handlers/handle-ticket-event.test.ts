import { readFileSync } from 'node:fs';
import { assert } from 'chai';
import type { TicketEventData } from '../../../server/src/freshservice/ticket-event-types.js';
import { changedStatus, changesOf, handleTicketEvent } from '../../../server/src/handlers/handle-ticket-event.js';
import { asTicketState, stateKey, type TicketState } from '../../../server/src/signl/ticket-state.js';
import { fakeContext, storeState, ticketState, xidOf } from '../../fakes/fake-context.js';
import { ok, type TestDeps } from '../../fakes/fake-deps.js';
import { restTicket, ticketEvent, ticketFormFields } from '../../fixtures/fixtures.js';

const stateOf = (deps: TestDeps, id: number): TicketState | undefined => asTicketState(deps.store.peek(stateKey(id)));
const sent = (deps: TestDeps): Array<Record<string, string>> => deps.request.callsOf('signl4Event').map((c) => c.options.body as Record<string, string>);

/** server/test_data payloads: what `fdk run` and the local platform fire. */
function testData(name: string): { data: TicketEventData } {
  return JSON.parse(readFileSync(new URL(`../../../server/test_data/service_ticket/${name}.json`, import.meta.url), 'utf8')) as { data: TicketEventData };
}

/** An event whose ticket carries ids but no names (the REST shape), to force look-ups. */
function namelessEvent(id: number): TicketEventData {
  const { ticket } = restTicket();
  return { ticket: { ...ticket, id }, requester: ticket['requester'] as NonNullable<TicketEventData['requester']> };
}

describe('handleTicketEvent: onTicketCreate', () => {
  it('forwards a complete payload with exactly one request and at most two $db operations', async () => {
    for (const data of [ticketEvent('fdk-test-data.create').data, testData('onTicketCreate').data]) {
      const { ctx, deps } = fakeContext();
      deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
      assert.equal(await handleTicketEvent(ctx, data, 'create'), 'sent');
      assert.equal(deps.request.count(), 1);
      assert.isAtMost(deps.store.ops, 2);
    }
  });

  it('sends the named fields of the payload without calling Freshservice', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
    await handleTicketEvent(ctx, ticketEvent('fdk-test-data.create').data, 'create');
    assert.deepInclude(sent(deps)[0] ?? {}, { Group: 'Network', Department: 'IT Operations', Status: 'Open', Link: 'https://acme.freshservice.com/a/tickets/17' });
  });

  it('leaves a ticket that does not match the filter alone, at no cost', async () => {
    const { ctx, deps } = fakeContext({ filter_priorities: ['Urgent'] });
    const { data } = ticketEvent('fdk-test-data.create');
    (data.ticket as Record<string, unknown>)['priority_name'] = 'High';
    assert.equal(await handleTicketEvent(ctx, data, 'create'), 'not_matching');
    assert.equal(deps.request.count(), 0);
    assert.equal(deps.store.ops, 0);
    assert.deepInclude(deps.log.lines.find((l) => l.message.includes('does not match'))?.fields ?? {}, { misses: ['priority'] });
  });

  it('does not forward a ticket created already resolved or closed', async () => {
    const { ctx, deps } = fakeContext();
    const { data } = ticketEvent('fdk-test-data.create');
    Object.assign(data.ticket as Record<string, unknown>, { status: 5, status_name: 'Closed' });
    assert.equal(await handleTicketEvent(ctx, data, 'create'), 'not_matching');
    assert.equal(deps.request.count(), 0);
  });

  it('ignores events without a ticket', async () => {
    const { ctx, deps } = fakeContext();
    for (const data of [undefined, null, [], 'x', {}, { ticket: null }]) assert.equal(await handleTicketEvent(ctx, data, 'create'), 'no_ticket');
    assert.equal(deps.store.ops, 0);
    assert.include(deps.log.text(), 'onTicketCreate without a ticket; ignored');
  });

  it('looks names up once when the payload lacks them, and serves the next event from the cache', async () => {
    const { ctx, deps } = fakeContext();
    deps.request
      .on('signl4Event', ok({ eventId: 'ev-1' }, 201))
      .on('fsListGroups', ok({ groups: [{ id: 27000112233, name: 'Payments Platform' }] }))
      .on('fsListDepartments', ok({ departments: [{ id: 27000044556, name: 'Engineering' }] }));
    assert.equal(await handleTicketEvent(ctx, namelessEvent(1050), 'create'), 'sent');
    assert.deepInclude(sent(deps)[0] ?? {}, { Group: 'Payments Platform', Department: 'Engineering', Status: 'Open', Source: 'Alerts' });
    assert.equal(deps.request.count('fsListGroups'), 1);
    assert.equal(deps.request.count('fsListDepartments'), 1);
    assert.equal(await handleTicketEvent(ctx, namelessEvent(1051), 'create'), 'sent');
    assert.equal(deps.request.count('fsListGroups'), 1, 'second event: no look-up');
    assert.equal(deps.request.count('fsListDepartments'), 1);
    assert.equal(deps.request.count('signl4Event'), 2);
  });

  it('names an unknown group by its id and still forwards', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201)).on('fsListGroups', ok({ groups: [] })).on('fsListDepartments', ok({ departments: [] }));
    await handleTicketEvent(ctx, namelessEvent(1050), 'create');
    assert.equal(sent(deps)[0]?.['Group'], 'Group 27000112233');
    assert.notProperty(sent(deps)[0] ?? {}, 'Department');
  });

  it('matches the group filter against a looked-up group name', async () => {
    const { ctx, deps } = fakeContext({ filter_groups: ['Database'] });
    deps.request.on('fsListGroups', ok({ groups: [{ id: 27000112233, name: 'Payments Platform' }] })).on('fsListDepartments', ok({ departments: [] }));
    assert.equal(await handleTicketEvent(ctx, namelessEvent(1050), 'create'), 'not_matching');
  });
});

describe('handleTicketEvent: onTicketUpdate', () => {
  it('reads changes under data.ticket (live) and under data (FDK test data)', () => {
    assert.deepEqual(changesOf(testData('onTicketUpdate').data)['status'], [2, 4]);
    assert.deepEqual(changesOf(ticketEvent('fdk-test-data.update').data)['status'], [2, 3]);
    assert.deepEqual(changesOf({ ticket: { id: 1 } }), {});
    assert.deepEqual(changesOf({ changes: null as never }), {});
    assert.equal(changedStatus({ status: ['2', '4'] }), 4);
    assert.isUndefined(changedStatus({ status: 4 }));
    assert.isUndefined(changedStatus({}));
  });

  it('acknowledges the Signl when a forwarded ticket moves to Pending (changes under data)', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-ack' }, 201));
    await storeState(deps, ticketState({ id: 17 }));
    assert.equal(await handleTicketEvent(ctx, ticketEvent('fdk-test-data.update').data, 'update'), 'sent');
    assert.deepInclude(sent(deps)[0] ?? {}, { 'X-S4-Status': 'acknowledged', 'X-S4-ExternalID': xidOf(17, 1) });
    assert.equal(stateOf(deps, 17)?.st, 'acknowledged');
  });

  it('resolves the Signl when a forwarded ticket moves to Resolved (changes under data.ticket)', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-res' }, 201));
    await storeState(deps, ticketState({ id: 1042 }));
    assert.equal(await handleTicketEvent(ctx, testData('onTicketUpdate').data, 'update'), 'sent');
    assert.deepInclude(sent(deps)[0] ?? {}, { 'X-S4-Status': 'resolved', 'X-S4-ExternalID': xidOf(1042, 1) });
    assert.equal(stateOf(deps, 1042)?.st, 'closed');
  });

  it('leaves a never-forwarded ticket alone when its status changes', async () => {
    const { ctx, deps } = fakeContext();
    assert.equal(await handleTicketEvent(ctx, testData('onTicketUpdate').data, 'update'), 'not_matching');
    assert.equal(deps.request.count(), 0);
  });

  it('names a custom status from the form fields and acknowledges on it', async () => {
    const { ctx, deps } = fakeContext({ acknowledge_on_statuses: ['Awaiting vendor'] });
    deps.request.on('signl4Event', ok({ eventId: 'ev-ack' }, 201)).on('fsTicketFormFields', ok(ticketFormFields()));
    await storeState(deps, ticketState({ id: 17 }));
    const { data } = ticketEvent('fdk-test-data.update');
    Object.assign(data.ticket as Record<string, unknown>, { status: 6, status_name: undefined });
    data.changes = { status: [2, 6] };
    assert.equal(await handleTicketEvent(ctx, data, 'update'), 'sent');
    assert.equal(sent(deps)[0]?.['X-S4-Status'], 'acknowledged');
    assert.equal(deps.request.count('fsTicketFormFields'), 1);
  });

  it('falls back to the status id when the status name cannot be found, and changes nothing', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('fsTicketFormFields', ok({ ticket_fields: [] }));
    await storeState(deps, ticketState({ id: 17 }));
    const { data } = ticketEvent('fdk-test-data.update');
    Object.assign(data.ticket as Record<string, unknown>, { status: 2, status_name: 'Open' });
    data.changes = { status: [2, 77] };
    assert.equal(await handleTicketEvent(ctx, data, 'update'), 'ignored');
    assert.equal(deps.request.count('signl4Event'), 0);
  });

  it('forwards a ticket that now matches the filter, once', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-1' }, 201));
    const { data } = ticketEvent('fdk-test-data.update');
    data.changes = { priority: [2, 4] };
    Object.assign(data.ticket as Record<string, unknown>, { status: 2, status_name: 'Open' });
    assert.equal(await handleTicketEvent(ctx, data, 'update'), 'sent');
    assert.include(stateOf(deps, 17)?.tl[0]?.t, 'ticket now matches the filter');
    assert.equal(await handleTicketEvent(ctx, data, 'update'), 'duplicate');
    assert.equal(deps.request.count('signl4Event'), 1);
  });

  it('does not forward on update when forwarding on update is off', async () => {
    const { ctx, deps } = fakeContext({ forward_on_update: false });
    const { data } = ticketEvent('fdk-test-data.update');
    data.changes = { priority: [2, 4] };
    assert.equal(await handleTicketEvent(ctx, data, 'update'), 'update_forwarding_off');
    assert.equal(deps.request.count(), 0);
  });

  it('still syncs status when forwarding on update is off', async () => {
    const { ctx, deps } = fakeContext({ forward_on_update: false });
    deps.request.on('signl4Event', ok({ eventId: 'ev-ack' }, 201));
    await storeState(deps, ticketState({ id: 17 }));
    assert.equal(await handleTicketEvent(ctx, ticketEvent('fdk-test-data.update').data, 'update'), 'sent');
  });

  it('re-forwards a reopened ticket whose Signl was closed, as generation 2', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-2' }, 201));
    await storeState(deps, ticketState({ id: 17, st: 'closed' }));
    const { data } = ticketEvent('fdk-test-data.update');
    Object.assign(data.ticket as Record<string, unknown>, { status: 2, status_name: 'Open' });
    data.changes = { status: [4, 2], status_name: ['Resolved', 'Open'] };
    assert.equal(await handleTicketEvent(ctx, data, 'update'), 'sent');
    assert.deepInclude(stateOf(deps, 17) ?? {}, { gen: 2, xid: xidOf(17, 2), st: 'open' });
  });

  it('re-forwards a ticket whose Signl was closed when it starts to match again', async () => {
    const { ctx, deps } = fakeContext();
    deps.request.on('signl4Event', ok({ eventId: 'ev-2' }, 201));
    await storeState(deps, ticketState({ id: 17, st: 'closed' }));
    const { data } = ticketEvent('fdk-test-data.update');
    Object.assign(data.ticket as Record<string, unknown>, { status: 2, status_name: 'Open' });
    data.changes = { priority: [1, 4], priority_name: ['Low', 'Urgent'] };
    assert.equal(await handleTicketEvent(ctx, data, 'update'), 'sent');
    assert.equal(stateOf(deps, 17)?.gen, 2);
  });

  it('does not page again for any other edit of a still-matching ticket whose Signl was closed', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ id: 17, st: 'closed' }));
    const { data } = ticketEvent('fdk-test-data.update');
    Object.assign(data.ticket as Record<string, unknown>, { status: 2, status_name: 'Open' });
    data.changes = { responder_id: [null, 7], responder_name: ['No Agent', 'Lee Park'] };
    assert.equal(await handleTicketEvent(ctx, data, 'update'), 'duplicate');
    assert.equal(deps.request.count(), 0);
  });

  it('ignores a status change while the Signl still waits in the queue', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ id: 17, st: 'queued', ev: [] }));
    assert.equal(await handleTicketEvent(ctx, ticketEvent('fdk-test-data.update').data, 'update'), 'ignored');
    assert.equal(deps.request.count(), 0);
  });

  it('reads the live 2025 payload (custom-field change only) and leaves the low-priority request alone', async () => {
    const { ctx, deps } = fakeContext();
    assert.equal(await handleTicketEvent(ctx, ticketEvent('live-2025.update').data, 'update'), 'not_matching');
    assert.equal(deps.request.count(), 0);
  });
});
