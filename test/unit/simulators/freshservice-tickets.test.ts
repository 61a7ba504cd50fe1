import { assert } from 'chai';
import { createFreshserviceSimulator, type FreshserviceSimulator } from '../../../tools/simulators/index.js';
import { basic, call, ManualClock, type CallOptions } from './http-call.js';

describe('simulated Freshservice: tickets and notes', () => {
  let fs: FreshserviceSimulator;
  let url: string;
  let clock: ManualClock;
  const api = (path: string, options: CallOptions = {}) => call(url, path, { ...options, headers: { ...basic('fs-key-0001'), ...options.headers } });

  beforeEach(async () => {
    clock = new ManualClock();
    fs = createFreshserviceSimulator({ clock, rateLimitPerMinute: 1000 });
    url = await fs.listen();
  });
  afterEach(() => fs.close());

  describe('GET /api/v2/tickets/:id', () => {
    it('returns the REST ticket with blanks as null, custom_fields keyed by name, and no tags unless include=tags', async () => {
      const res = await api('/api/v2/tickets/101');
      assert.equal(res.status, 200);
      const ticket = res.json.ticket;
      assert.include(ticket, { id: 101, status: 2, priority: 4, source: 14, type: 'Incident', responder_id: null, workspace_id: 2 });
      assert.deepEqual(ticket.custom_fields, { root_cause: null, business_impact: 'Outage', vip_affected: true });
      assert.notProperty(ticket, 'tags');
      assert.equal(res.headers['x-freshservice-api-version'], 'latest=v2; requested=v2');
      const tagged = await api('/api/v2/tickets/101?include=tags');
      assert.deepEqual(tagged.json.ticket.tags, ['vpn', 'berlin']);
    });

    it('embeds requester, stats, assets, problem and both spellings changes/change, charging one credit per embed', async () => {
      const res = await api('/api/v2/tickets/101?include=requester,stats,assets,problem,changes');
      const ticket = res.json.ticket;
      assert.include(ticket.requester, { id: 21000000201, email: 'rita.requester@acme.example', name: 'Rita Requester' });
      assert.property(ticket.stats, 'resolved_at');
      assert.deepInclude(ticket.assets[0], { display_id: 8, name: 'Core switch SW-01' });
      assert.include(ticket.problem, { display_id: 2 });
      assert.include(ticket.changes[0], { display_id: 3 });
      assert.equal(res.headers['x-ratelimit-used-currentrequest'], '6');
      const older = await api('/api/v2/tickets/101?include=change');
      assert.include(older.json.ticket.change, { display_id: 3 });
      assert.equal(older.headers['x-ratelimit-used-currentrequest'], '2');
    });

    it('refuses an unknown include with 400 naming the accepted values', async () => {
      const res = await api('/api/v2/tickets/101?include=requester,bogus');
      assert.equal(res.status, 400);
      assert.equal(res.json.description, 'Validation failed');
      assert.include(res.json.errors[0], { field: 'include', code: 'invalid_value' });
    });

    it('answers 404 for an unknown or non-numeric id', async () => {
      assert.equal((await api('/api/v2/tickets/9999')).status, 404);
      assert.equal((await api('/api/v2/tickets/abc')).status, 404);
    });
  });

  describe('PUT /api/v2/tickets/:id', () => {
    it('applies a partial update, answers the full ticket and stamps updated_at from the clock', async () => {
      clock.advance(60_000);
      const res = await api('/api/v2/tickets/102', { method: 'PUT', body: { status: 7, responder_id: 21000000103, tags: ['printer'] } });
      assert.equal(res.status, 200);
      assert.include(res.json.ticket, { status: 7, responder_id: 21000000103, subject: 'Printer on floor 3 jams' });
      assert.deepEqual(res.json.ticket.tags, ['printer']);
      assert.equal(res.json.ticket.updated_at, new Date(clock.ms).toISOString().replace('.000Z', 'Z'));
    });

    it('fails a resolve with 400 when the closure-required root_cause is empty, with the documented body', async () => {
      const res = await api('/api/v2/tickets/101', { method: 'PUT', body: { status: 4 } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, { description: 'Validation failed', errors: [{ field: 'root_cause', message: 'It should not be blank', code: 'missing_field' }] });
      assert.equal(fs.state.tickets.get(101)?.status, 2);
      const closed = await api('/api/v2/tickets/101', { method: 'PUT', body: { status: 5 } });
      assert.equal(closed.status, 400);
    });

    it('resolves when root_cause comes in the same update, or once the field is no longer required for closure', async () => {
      const withCause = await api('/api/v2/tickets/101', { method: 'PUT', body: { status: 4, custom_fields: { root_cause: 'Expired certificate' } } });
      assert.equal(withCause.status, 200);
      fs.setRequiredForClosure('root_cause', false);
      const plain = await api('/api/v2/tickets/102', { method: 'PUT', body: { status: 5 } });
      assert.equal(plain.status, 200);
      assert.equal(fs.ticket(102)?.['status'], 5);
    });

    it('collects every validation problem with the documented codes', async () => {
      const res = await api('/api/v2/tickets/101', {
        method: 'PUT',
        body: { status: 99, priority: '4', colour: 'red', workspace_id: 3, group_id: 41000000003, responder_id: 21000000105, custom_fields: { business_impact: 'Huge' } },
      });
      assert.equal(res.status, 400);
      const byField = Object.fromEntries(res.json.errors.map((e: { field: string; code: string }) => [e.field, e.code]));
      assert.deepEqual(byField, {
        status: 'invalid_value', priority: 'datatype_mismatch', colour: 'invalid_field', workspace_id: 'invalid_field',
        group_id: 'invalid_value', responder_id: 'invalid_value', business_impact: 'invalid_value',
      });
    });

    it('answers 415 to a body that is not JSON, 400 invalid_json to broken JSON, 405 to a wrong verb and 404 to an unknown path', async () => {
      const text = await api('/api/v2/tickets/101', { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'status=4' });
      assert.equal(text.status, 415);
      const broken = await api('/api/v2/tickets/101', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"status":' });
      assert.equal(broken.status, 400);
      assert.include(broken.json.errors[0], { code: 'invalid_json' });
      assert.equal((await api('/api/v2/tickets/101', { method: 'DELETE' })).status, 405);
      assert.equal((await api('/api/v2/nothing')).status, 404);
      assert.equal((await api('/api/v2/tickets/101', { headers: { Accept: 'text/html' } })).status, 406);
    });
  });

  describe('POST /api/v2/tickets/:id/notes', () => {
    it('creates a private note by default and answers 201 { conversation }', async () => {
      const res = await api('/api/v2/tickets/101/notes', { method: 'POST', body: { body: '<p>Acknowledged by <b>Grace</b></p>', notify_emails: ['grace.hopper@acme.example'] } });
      assert.equal(res.status, 201);
      assert.include(res.json.conversation, { private: true, incoming: false, ticket_id: 101, body_text: 'Acknowledged by Grace', user_id: 21000000101 });
      assert.deepEqual(res.json.conversation.to_emails, ['grace.hopper@acme.example']);
      assert.lengthOf(fs.notes(101), 1);
    });

    it('posts a public note as another user when asked, and refuses a missing body or an unknown user', async () => {
      const ok = await api('/api/v2/tickets/101/notes', { method: 'POST', body: { body: 'x', private: false, user_id: 21000000102 } });
      assert.include(ok.json.conversation, { private: false, user_id: 21000000102 });
      const missing = await api('/api/v2/tickets/101/notes', { method: 'POST', body: { private: true } });
      assert.deepEqual(missing.json.errors, [{ field: 'body', message: 'It should not be blank', code: 'missing_field' }]);
      const stranger = await api('/api/v2/tickets/101/notes', { method: 'POST', body: { body: 'x', user_id: 1 } });
      assert.include(stranger.json.errors[0], { field: 'user_id', code: 'invalid_value' });
      assert.equal((await api('/api/v2/tickets/9999/notes', { method: 'POST', body: { body: 'x' } })).status, 404);
    });
  });

  describe('POST /api/v2/tickets', () => {
    it('creates a ticket with 201, a Location header and an auto-created requester for an unknown e-mail', async () => {
      const res = await api('/api/v2/tickets', { method: 'POST', body: { email: 'new.person@acme.example', subject: 'Disk full', description: '<p>/var is full</p>', status: 2, priority: 3 } });
      assert.equal(res.status, 201);
      assert.include(res.json.ticket, { id: 104, source: 2, workspace_id: 2, description_text: '/var is full' });
      assert.equal(res.headers['location'], 'https://acme.freshservice.com/api/v2/tickets/104');
      assert.isDefined([...fs.state.requesters.values()].find((r) => r.primary_email === 'new.person@acme.example'));
    });

    it('lists every missing mandatory field', async () => {
      const res = await api('/api/v2/tickets', { method: 'POST', body: { subject: 'x' } });
      assert.equal(res.status, 400);
      assert.sameMembers(res.json.errors.map((e: { field: string }) => e.field), ['requester_id', 'status', 'priority', 'description']);
    });
  });

  describe('GET /api/v2/tickets and /filter', () => {
    it('pages with per_page (max 100) and a link rel="next" header that disappears on the last page', async () => {
      const first = await api('/api/v2/tickets?per_page=1');
      assert.lengthOf(first.json.tickets, 1);
      assert.equal(first.headers['link'], '<https://acme.freshservice.com/api/v2/tickets?per_page=1&page=2>; rel="next"');
      const last = await api('/api/v2/tickets?per_page=1&page=2');
      assert.isUndefined(last.headers['link']);
      const tooMany = await api('/api/v2/tickets?per_page=101');
      assert.equal(tooMany.status, 400);
      assert.include(tooMany.json.errors[0], { field: 'per_page' });
    });

    it('lists only the primary workspace unless workspace_id is given (0 = all), newest first unless order_type=asc', async () => {
      const primary = await api('/api/v2/tickets');
      assert.deepEqual(primary.json.tickets.map((t: { id: number }) => t.id), [101, 102]);
      const all = await api('/api/v2/tickets?workspace_id=0&order_type=asc');
      assert.deepEqual(all.json.tickets.map((t: { id: number }) => t.id), [102, 101, 103]);
      const eu = await api('/api/v2/tickets?workspace_id=3&include=requester');
      assert.deepEqual(eu.json.tickets.map((t: { id: number }) => t.id), [103]);
      assert.equal(eu.json.tickets[0].requester.id, 21000000201);
    });

    it('keeps tickets older than 30 days out unless updated_since reaches them', async () => {
      clock.advance(31 * 86_400_000);
      await fs.updateTicket(102, { priority: 2 });
      assert.deepEqual((await api('/api/v2/tickets')).json.tickets, []);
      const since = new Date(clock.ms - 60_000).toISOString();
      const res = await api(`/api/v2/tickets?updated_since=${encodeURIComponent(since)}`);
      assert.deepEqual(res.json.tickets.map((t: { id: number }) => t.id), [102]);
    });

    it('filters with the query language (AND, OR, parentheses, tag and null) and reports total', async () => {
      const query = (q: string) => api(`/api/v2/tickets/filter?query=${encodeURIComponent(`"${q}"`)}&workspace_id=0`);
      assert.deepEqual((await query("priority:4 AND (status:2 OR status:3)")).json.tickets.map((t: { id: number }) => t.id), [101]);
      assert.equal((await query('agent_id:null')).json.total, 2);
      assert.equal((await query("status:6 OR tag:'berlin'")).json.total, 1);
      assert.equal((await query('group_id:41000000003')).json.tickets[0].id, 103);
      assert.equal((await query('priority:>3')).json.total, 2, ':> means >=');
      assert.equal((await query('priority:<1')).json.total, 1, ':< means <=');
      const bad = await api('/api/v2/tickets/filter?query=priority:4');
      assert.equal(bad.status, 400);
    });
  });
});
