import { assert } from 'chai';
import { refusal } from './refusal.js';
import { renderTemplate, type Caller, type RenderInput, type RequestTemplate } from '../../../tools/platform/render-template.js';

const IPARAMS = { api_key: 'secret-key', subdomain: 'acme', team: 'ops', empty: '' };
const SECURE = new Set(['api_key']);

function input(schema: RequestTemplate['schema'], extra: Partial<RenderInput> = {}): RenderInput {
  return { name: 'tpl', template: { schema }, iparams: IPARAMS, secure: SECURE, context: {}, query: {}, caller: 'serverless', ...extra };
}

function refused(run: () => unknown): string {
  const body = refusal(run, 'the platform (template)');
  assert.strictEqual(body.status, 400);
  return body.message ?? '';
}

describe('platform runtime: request-template substitution', () => {
  it('substitutes iparam and context values into host, path, headers and query', () => {
    const out = renderTemplate(
      input(
        { method: 'get', host: '<%= iparam.subdomain %>.freshservice.com', path: '/api/v2/tickets/<%= context.id %>', headers: { 'X-Team': '<%= iparam.team %>' }, query: { team: '<%= context.team %>' } },
        { context: { id: 42, team: 'blue' } },
      ),
    );
    assert.deepEqual(out, { method: 'GET', protocol: 'https', host: 'acme.freshservice.com', path: '/api/v2/tickets/42', query: { team: 'blue' }, headers: { 'X-Team': 'ops' } });
  });

  it('encode() is Base64 of the concatenation of iparams, context values and quoted literals', () => {
    const out = renderTemplate(input({ method: 'GET', host: 'a.example.com', headers: { Authorization: "Basic <%= encode(iparam.api_key + ':X') %>", Other: '<%= encode(context.user + ":" + context.pass) %>' } }, { context: { user: 'u', pass: 'p+q' } }));
    assert.strictEqual(out.headers['Authorization'], `Basic ${Buffer.from('secret-key:X').toString('base64')}`);
    assert.strictEqual(out.headers['Other'], Buffer.from('u:p+q').toString('base64'));
  });

  it('allows a secure iparam in headers but refuses it in path, query and host, naming template and field', () => {
    assert.strictEqual(renderTemplate(input({ method: 'GET', host: 'a.example.com', headers: { Key: '<%= iparam.api_key %>' } })).headers['Key'], 'secret-key');
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', path: '/x/<%= iparam.api_key %>' }))), /template "tpl": path: the secure iparam "api_key" may only be used in headers/);
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', query: { k: '<%= iparam.api_key %>' } }))), /query\.k: the secure iparam/);
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: '<%= iparam.api_key %>.example.com' }))), /host: the secure iparam/);
  });

  it('lets serverless code and the installation page fill host and headers from context, but not other front-end pages', () => {
    const schema = { method: 'GET', host: '<%= context.host %>', headers: { Authorization: 'Basic <%= encode(context.key) %>' } };
    const context = { host: 'acme.freshservice.com', key: 'k' };
    for (const caller of ['serverless', 'installation'] as Caller[]) {
      assert.strictEqual(renderTemplate(input(schema, { context, caller })).host, 'acme.freshservice.com');
    }
    assert.match(refused(() => renderTemplate(input(schema, { context, caller: 'frontend' }))), /host: context\.host cannot fill the host from the front end/);
    assert.match(
      refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', headers: { K: '<%= context.key %>' } }, { context, caller: 'frontend' }))),
      /headers\.K: context\.key cannot fill the headers from the front end/,
    );
  });

  it('lets any caller fill path and query from context', () => {
    const out = renderTemplate(input({ method: 'GET', host: 'a.example.com', path: '/t/<%= context.id %>', query: { q: '<%= context.q %>' } }, { context: { id: 'x1', q: 'y' }, caller: 'frontend' }));
    assert.strictEqual(out.path, '/t/x1');
    assert.deepEqual(out.query, { q: 'y' });
  });

  it('refuses a missing context value or iparam (undefined, null or empty), naming the field', () => {
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', path: '/t/<%= context.id %>' }))), /Request template "tpl": path: context\.id has no value/);
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', path: '/t/<%= context.id %>' }, { context: { id: null } }))), /context\.id has no value/);
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', headers: { A: '<%= iparam.nope %>' } }))), /headers\.A: iparam\.nope has no value/);
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', headers: { A: '<%= iparam.empty %>' } }))), /iparam\.empty has no value/);
  });

  it('refuses objects as substitution values', () => {
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', path: '/<%= context.id %>' }, { context: { id: { a: 1 } } }))), /context\.id must be a string or a number/);
  });

  it('refuses a host that is not a fully qualified domain name (scheme, port, path, IP address)', () => {
    for (const host of ['https://acme.freshservice.com', 'acme.freshservice.com:443', 'acme.freshservice.com/x', '10.0.0.1', 'localhost']) {
      assert.match(refused(() => renderTemplate(input({ method: 'GET', host: '<%= context.host %>' }, { context: { host } }))), /is not a fully qualified domain name/, host);
    }
  });

  it('refuses OAuth access_token, unknown expressions and malformed placeholders', () => {
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', headers: { A: 'Bearer <%= access_token %>' } }))), /OAuth/);
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', headers: { A: '<%= process.env.X %>' } }))), /unsupported expression "process\.env\.X"/);
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', headers: { A: '<%= iparam.team' } }))), /malformed/);
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', headers: { A: "<%= encode(iparam.team + ) %>" } }))), /malformed expression/);
  });

  it('refuses paths that do not start with "/" or carry a query or spaces', () => {
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', path: '<%= context.p %>' }, { context: { p: 'x' } }))), /the path must start with "\/"/);
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', path: '/a/<%= context.p %>' }, { context: { p: 'b?c=1' } }))), /cannot contain/);
  });

  it('refuses header values with line breaks (header injection)', () => {
    assert.match(refused(() => renderTemplate(input({ method: 'GET', host: 'a.example.com', headers: { A: '<%= context.v %>' } }, { context: { v: 'x\r\nEvil: 1' } }))), /line breaks/);
  });

  it('merges run-time query parameters, the template keys winning', () => {
    const out = renderTemplate(input({ method: 'GET', host: 'a.example.com', query: { per_page: '100' } }, { query: { per_page: '5', page: 2 } }));
    assert.deepEqual(out.query, { per_page: '100', page: '2' });
  });

  it('keeps protocol http when the template asks for it (local only)', () => {
    assert.strictEqual(renderTemplate(input({ method: 'GET', host: 'a.example.com', protocol: 'http' })).protocol, 'http');
  });
});
