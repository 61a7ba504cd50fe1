import { assert } from 'chai';
import { createFreshserviceSimulator, type FreshserviceSimulator } from '../../../tools/simulators/index.js';
import { basic, call } from './http-call.js';

describe('simulated Freshservice: authentication and permissions', () => {
  let fs: FreshserviceSimulator;
  let url: string;

  beforeEach(async () => {
    fs = createFreshserviceSimulator({
      apiKeys: { 'admin-key': { role: 'admin' }, 'agent-key': { role: 'agent', agentId: 21000000102 }, 'ro-key': { role: 'readonly' }, 'old-key': { role: 'revoked' } },
    });
    url = await fs.listen();
  });
  afterEach(() => fs.close());

  it('answers 401 invalid_credentials in the documented error body without credentials, with an unknown key and with a revoked key', async () => {
    for (const headers of [{}, basic('nobody'), basic('old-key'), { Authorization: 'Bearer admin-key' }]) {
      const res = await call(url, '/api/v2/tickets/101', { headers });
      assert.equal(res.status, 401);
      assert.equal(res.json.description, 'Authentication failure');
      assert.deepInclude(res.json.errors[0], { code: 'invalid_credentials' });
    }
  });

  it('accepts Basic base64(apikey:X) and, because the FDK form is unconfirmed, base64(apikey) alone', async () => {
    assert.equal((await call(url, '/api/v2/tickets/101', { headers: basic('admin-key') })).status, 200);
    assert.equal((await call(url, '/api/v2/tickets/101', { headers: basic('admin-key', false) })).status, 200);
  });

  it('lets a read-only key read but answers 403 access_denied when it writes', async () => {
    assert.equal((await call(url, '/api/v2/tickets/101', { headers: basic('ro-key') })).status, 200);
    const put = await call(url, '/api/v2/tickets/101', { method: 'PUT', headers: basic('ro-key'), body: { priority: 1 } });
    assert.equal(put.status, 403);
    assert.deepInclude(put.json.errors[0], { code: 'access_denied' });
    const note = await call(url, '/api/v2/tickets/101/notes', { method: 'POST', headers: basic('ro-key'), body: { body: 'x' } });
    assert.equal(note.status, 403);
    assert.equal(fs.state.tickets.get(101)?.priority, 4);
  });

  it('answers the update probe PUT /api/v2/tickets/0 with 404 for admin and agent keys and 403 for a read-only key', async () => {
    const probe = (key: string) => call(url, '/api/v2/tickets/0', { method: 'PUT', headers: basic(key), body: {} });
    assert.equal((await probe('admin-key')).status, 404);
    assert.equal((await probe('agent-key')).status, 404);
    assert.equal((await probe('ro-key')).status, 403);
    assert.equal((await probe('old-key')).status, 401);
  });

  it('allows ?bypass_mandatory=true only to an admin key', async () => {
    const agent = await call(url, '/api/v2/tickets/101?bypass_mandatory=true', { method: 'PUT', headers: basic('agent-key'), body: { status: 4 } });
    assert.equal(agent.status, 403);
    const admin = await call(url, '/api/v2/tickets/101?bypass_mandatory=true', { method: 'PUT', headers: basic('admin-key'), body: { status: 4 } });
    assert.equal(admin.status, 200);
    assert.equal(admin.json.ticket.status, 4);
  });

  it('never writes the Authorization header or the key into its request log', async () => {
    await call(url, '/api/v2/tickets/101', { headers: basic('admin-key') });
    await call(url, '/api/v2/tickets/101', { headers: basic('nobody') });
    const logged = JSON.stringify(fs.requests.entries);
    assert.notInclude(logged, 'admin-key');
    assert.notInclude(logged, Buffer.from('admin-key:X').toString('base64'));
    assert.notInclude(logged, 'Basic');
    assert.deepEqual(fs.requests.entries.map((e) => e.status), [200, 401]);
  });
});
