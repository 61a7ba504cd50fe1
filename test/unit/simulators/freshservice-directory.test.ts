import { assert } from 'chai';
import { createFreshserviceSimulator, type FreshserviceSimulator } from '../../../tools/simulators/index.js';
import { basic, call } from './http-call.js';

describe('simulated Freshservice: agents, requesters, groups, form fields and linked records', () => {
  let fs: FreshserviceSimulator;
  let url: string;
  const get = (path: string) => call(url, path, { headers: basic('fs-key-0001') });

  before(async () => {
    fs = createFreshserviceSimulator({ rateLimitPerMinute: 1000 });
    url = await fs.listen();
  });
  after(() => fs.close());

  it('finds an agent by e-mail case-insensitively, and by id', async () => {
    const res = await get('/api/v2/agents?email=Grace.Hopper%40ACME.example');
    assert.lengthOf(res.json.agents, 1);
    assert.include(res.json.agents[0], { id: 21000000102, first_name: 'Grace', last_name: 'Hopper', email: 'grace.hopper@acme.example', active: true });
    assert.deepEqual((await get('/api/v2/agents?email=nobody%40acme.example')).json.agents, []);
    assert.equal((await get('/api/v2/agents/21000000103')).json.agent.email, 'alan.turing@acme.example');
    assert.equal((await get('/api/v2/agents/1')).status, 404);
  });

  it('pages agents and filters them by active', async () => {
    const page = await get('/api/v2/agents?per_page=2');
    assert.lengthOf(page.json.agents, 2);
    assert.match(String(page.headers['link']), /page=2>; rel="next"$/);
    const inactive = await get('/api/v2/agents?active=false');
    assert.deepEqual(inactive.json.agents.map((a: { id: number }) => a.id), [21000000105]);
  });

  it('shows a requester by id', async () => {
    const res = await get('/api/v2/requesters/21000000201');
    assert.include(res.json.requester, { first_name: 'Rita', primary_email: 'rita.requester@acme.example' });
  });

  it("lists only the primary workspace's groups unless workspace_id is given", async () => {
    const primary = await get('/api/v2/groups?per_page=100');
    assert.deepEqual(primary.json.groups.map((g: { name: string; workspace_id: number }) => `${g.name}@${g.workspace_id}`), ['Service Desk@2', 'Network Ops@2']);
    const eu = await get('/api/v2/groups?workspace_id=3');
    assert.deepEqual(eu.json.groups.map((g: { id: number }) => g.id), [41000000003]);
  });

  it('lists departments and workspaces', async () => {
    assert.sameMembers((await get('/api/v2/departments?per_page=100')).json.departments.map((d: { name: string }) => d.name), ['IT', 'Finance', 'Operations']);
    assert.deepEqual((await get('/api/v2/workspaces')).json.workspaces.map((w: { id: number; primary: boolean }) => [w.id, w.primary]), [[2, true], [3, false]]);
  });

  it('reports the form fields: custom statuses, custom sources, ticket types and the closure-required root_cause', async () => {
    type Field = { name: string; choices: unknown[]; [key: string]: unknown };
    const fields = (await get('/api/v2/ticket_form_fields')).json.ticket_fields as Field[];
    const byName = (name: string) => fields.find((f) => f.name === name) as Field;
    assert.deepInclude(byName('status').choices, { id: 6, value: 'Awaiting vendor', requester_display_value: 'Being Processed' });
    assert.deepInclude(byName('status').choices, { id: 7, value: 'In progress', requester_display_value: 'Being Processed' });
    assert.deepInclude(byName('source').choices, { id: 14, value: 'Alerts' });
    assert.deepInclude(byName('source').choices, { id: 1001, value: 'Monitoring' });
    assert.deepInclude(byName('ticket_type').choices, { id: 1, value: 'Incident' });
    assert.deepInclude(byName('priority').choices, { id: 4, value: 'Urgent' });
    assert.include(byName('root_cause'), { field_type: 'custom_text', required_for_closure: true, default_field: false });
    fs.setRequiredForClosure('root_cause', false);
    const after = (await get('/api/v2/ticket_form_fields')).json.ticket_fields as Field[];
    assert.isFalse(after.find((f) => f.name === 'root_cause')?.['required_for_closure']);
    fs.setRequiredForClosure('root_cause', true);
  });

  it('shows assets by display_id, problems and changes', async () => {
    assert.include((await get('/api/v2/assets/8')).json.asset, { display_id: 8, name: 'Core switch SW-01' });
    assert.equal((await get('/api/v2/assets/71000000008')).status, 404);
    assert.include((await get('/api/v2/problems/2')).json.problem, { subject: 'Intermittent packet loss on core switch' });
    assert.include((await get('/api/v2/changes/3')).json.change, { subject: 'Replace core switch firmware' });
    assert.equal((await get('/api/v2/changes/99')).status, 404);
  });
});
