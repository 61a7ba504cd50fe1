import { assert } from 'chai';
import { createFreshserviceSimulator, type FreshserviceSimulator, type ProductEventData, type ProductEventName } from '../../../tools/simulators/index.js';
import { basic, call, rejects } from './http-call.js';

interface Seen {
  event: ProductEventName;
  data: ProductEventData;
}

describe('simulated Freshservice: product events', () => {
  let fs: FreshserviceSimulator;
  let url: string;
  let seen: Seen[];

  beforeEach(async () => {
    seen = [];
    fs = createFreshserviceSimulator({
      apiKeys: { 'fs-key-0001': { role: 'admin' }, 'agent-key': { role: 'agent', agentId: 21000000102 } },
      onTicketEvent: (event, data) => {
        seen.push({ event, data });
      },
    });
    url = await fs.listen();
  });
  afterEach(() => fs.close());

  it('fires onTicketCreate for POST /api/v2/tickets with the platform 3.0 event shape', async () => {
    const res = await call(url, '/api/v2/tickets', {
      method: 'POST', headers: basic('agent-key'),
      body: { requester_id: 21000000201, subject: 'Core switch down', description: '<p>down</p>', status: 2, priority: 4, group_id: 41000000002, assets: [{ display_id: 8 }], problem: { display_id: 2 }, custom_fields: { business_impact: 'Outage' } },
    });
    assert.equal(res.status, 201);
    await fs.whenIdle();
    assert.lengthOf(seen, 1);
    const { event, data } = seen[0] as Seen;
    assert.equal(event, 'onTicketCreate');
    assert.deepEqual(data.actor, { profile_id: 21000000102 });
    assert.include(data.requester, { id: 21000000201, name: 'Rita Requester', email: 'rita.requester@acme.example' });
    assert.include(data.ticket, {
      id: 104, status: 2, status_name: 'Open', priority: 4, priority_name: 'Urgent', source_name: 'Portal', type_name: 'Incident',
      group_name: 'Network Ops', responder_name: 'No Agent', responder_email: '', department_name: '', workspace_id: 2, workspace_name: 'IT',
    });
    assert.notProperty(data.ticket, 'type');
    assert.notProperty(data.ticket, 'changes');
    assert.deepEqual(data.ticket['assets'], [{ asset_id: 8, asset_name: 'Core switch SW-01', asset_impact: 'high' }]);
    assert.deepEqual(data.ticket['problem'], [{ problem_id: 2, problem_name: 'Intermittent packet loss on core switch' }]);
    assert.isNull(data.ticket['change']);
    const custom = data.ticket['custom_fields'] as Array<Record<string, unknown>>;
    assert.isArray(custom);
    assert.deepEqual(custom[1], { name: 'business_impact', label: 'Business impact', column: 'ffs_02', type: 'dropdown', field_type: 'custom_dropdown', id: 61000000002, value: 'Outage' });
  });

  it('fires onTicketUpdate for a PUT made with the app key, with changes as [old, new] under data.ticket.changes', async () => {
    await call(url, '/api/v2/tickets/101', { method: 'PUT', headers: basic('fs-key-0001'), body: { status: 7, responder_id: 21000000103, custom_fields: { root_cause: 'fibre cut' } } });
    await fs.whenIdle();
    const { event, data } = seen[0] as Seen;
    assert.equal(event, 'onTicketUpdate');
    assert.deepEqual(data.actor, { profile_id: 21000000101 });
    const changes = data.ticket['changes'] as Record<string, unknown>;
    assert.deepEqual(changes['status'], [2, 7]);
    assert.deepEqual(changes['status_name'], ['Open', 'In progress']);
    assert.deepEqual(changes['responder_id'], [null, 21000000103]);
    assert.deepEqual(changes['responder_name'], ['No Agent', 'Alan Turing']);
    assert.deepEqual(changes['custom_fields'], [{ id: 61000000001, name: 'root_cause', value: [null, 'fibre cut'] }]);
    assert.property(changes, 'updated_at');
    assert.isUndefined(data.changes);
  });

  it("puts changes at data.changes when changesPlacement is 'data'", async () => {
    fs.changesPlacement = 'data';
    await fs.updateTicket(102, { priority: 3 });
    const { data } = seen[0] as Seen;
    assert.notProperty(data.ticket, 'changes');
    assert.deepEqual(data.changes?.['priority'], [1, 3]);
    assert.deepEqual(data.changes?.['priority_name'], ['Low', 'High']);
  });

  it('fires no event for an update that changes nothing, and fires the same events from the seed helpers (awaited)', async () => {
    await call(url, '/api/v2/tickets/101', { method: 'PUT', headers: basic('fs-key-0001'), body: { priority: 4 } });
    await fs.whenIdle();
    assert.lengthOf(seen, 0);
    const created = await fs.createTicket({ requester_id: 21000000201, subject: 'x', description: 'y', status: 2, priority: 1 }, { actorId: 21000000104 });
    assert.equal(seen[0]?.event, 'onTicketCreate');
    assert.equal(seen[0]?.data.actor.profile_id, 21000000104);
    await fs.updateTicket(created['id'] as number, { group_id: 41000000001 }, { actorId: 21000000102 });
    assert.deepEqual((seen[1]?.data.ticket['changes'] as Record<string, unknown>)['group_name'], ['No Group', 'Service Desk']);
    assert.lengthOf(fs.events, 2);
  });

  it('rejects a helper update the API would refuse, with the same validation errors', async () => {
    const error = await rejects(fs.updateTicket(101, { status: 4 }));
    assert.match(error.message, /root_cause: It should not be blank/);
    assert.lengthOf(seen, 0);
  });

  it("fires only for the documented fields in 'documented-fields' mode", async () => {
    const strict = createFreshserviceSimulator({ updateEventTrigger: 'documented-fields', onTicketEvent: (event, data) => { seen.push({ event, data }); } });
    await strict.updateTicket(101, { custom_fields: { root_cause: 'x' }, tags: ['a'] });
    assert.lengthOf(seen, 0);
    await strict.updateTicket(101, { status: 3 });
    assert.lengthOf(seen, 1);
  });

  it('records an error thrown by the event handler without failing the API call', async () => {
    fs.onTicketEvent = () => {
      throw new Error('handler broke');
    };
    const res = await call(url, '/api/v2/tickets/101', { method: 'PUT', headers: basic('fs-key-0001'), body: { priority: 3 } });
    assert.equal(res.status, 200);
    await fs.whenIdle();
    assert.equal(fs.events[0]?.error, 'handler broke');
  });

  it('answers the API call before the event handler finishes', async () => {
    let release: () => void = () => undefined;
    fs.onTicketEvent = () => new Promise<void>((resolve) => { release = resolve; });
    const res = await call(url, '/api/v2/tickets/101', { method: 'PUT', headers: basic('fs-key-0001'), body: { priority: 2 } });
    assert.equal(res.status, 200);
    let idle = false;
    const waiting = fs.whenIdle().then(() => { idle = true; });
    await new Promise((resolve) => setImmediate(resolve));
    assert.isFalse(idle);
    release();
    await waiting;
    assert.isTrue(idle);
  });
});
