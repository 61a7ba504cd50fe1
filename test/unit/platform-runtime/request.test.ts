import { assert } from 'chai';
import { cleanUp, makeFixtureApp, START, startHttpServer, startPlatform, type LocalServer } from './fixture-app.js';

const TEMPLATES = {
  getThing: {
    schema: { method: 'GET', host: 'api.example.com', path: '/things/<%= context.id %>', headers: { Authorization: "Basic <%= encode(iparam.signl4_api_key + ':X') %>" } },
  },
  postThing: { schema: { method: 'POST', host: 'api.example.com', path: '/things', headers: { 'Content-Type': 'application/json' } } },
  retried: { schema: { method: 'GET', host: 'api.example.com', path: '/flaky' }, options: { maxAttempts: 3, retryDelay: 500 } },
  nowhere: { schema: { method: 'GET', host: 'unmapped.example.org', path: '/' } },
  down: { schema: { method: 'GET', host: 'down.example.com', path: '/' }, options: { maxAttempts: 2, retryDelay: 100 } },
};

/** A product-event handler that runs `args.data.calls` template calls and logs each outcome as JSON. */
const CALLER = `
onTicketCreateHandler: async function (args) {
  for (const call of args.data.calls) {
    try {
      const answer = await $request.invokeTemplate(call.name, call.options);
      console.log(JSON.stringify({ ok: true, answer: answer, type: typeof answer.response }));
    } catch (error) {
      console.log(JSON.stringify({ ok: false, error: error, isError: error instanceof Error }));
    }
  }
},`;

interface Outcome {
  ok: boolean;
  type?: string;
  isError?: boolean;
  answer?: { status: number; headers: Record<string, string>; response: string };
  error?: { status: number; message?: string; errorSource?: string; headers?: Record<string, string>; response?: string; attempts?: number };
}

function outcomes(logs: string[]): Outcome[] {
  return logs.map((line) => JSON.parse(line) as Outcome);
}

describe('platform runtime: $request.invokeTemplate', () => {
  let vendor: LocalServer;
  afterEach(cleanUp);

  async function platformWith(answer: Parameters<typeof startHttpServer>[0], options: Parameters<typeof startPlatform>[1] = {}) {
    vendor = await startHttpServer(answer);
    const platform = await startPlatform(makeFixtureApp({ requests: TEMPLATES, handlers: CALLER }), { hostMap: { 'api.example.com': vendor.url, 'down.example.com': 'http://127.0.0.1:9' }, ...options });
    await platform.install();
    return platform;
  }

  it('makes the real HTTP call with the substituted template and resolves { status, headers, response } with response a string', async () => {
    const platform = await platformWith((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-rate': '7' });
      response.end('{"id":5}');
    });
    const result = await platform.emitProductEvent('onTicketCreate', { calls: [{ name: 'getThing', options: { context: { id: 5 } } }] });
    const [first] = outcomes(result.logs);
    assert.strictEqual(first?.type, 'string');
    assert.strictEqual(first?.answer?.status, 200);
    assert.strictEqual(first?.answer?.response, '{"id":5}');
    assert.strictEqual(first?.answer?.headers['x-rate'], '7');
    assert.strictEqual(vendor.seen[0]?.url, '/things/5');
    assert.strictEqual(vendor.seen[0]?.headers.authorization, `Basic ${Buffer.from('k-secret:X').toString('base64')}`);
    assert.strictEqual(vendor.seen[0]?.headers.host, 'api.example.com');
    assert.strictEqual(result.requests, 1);
  });

  it('sends the string body as given and adds run-time query parameters', async () => {
    const platform = await platformWith((_request, response) => {
      response.writeHead(201);
      response.end();
    });
    const result = await platform.emitProductEvent('onTicketCreate', { calls: [{ name: 'postThing', options: { body: '{"a":1}', query: { page: '2' } } }] });
    assert.strictEqual(outcomes(result.logs)[0]?.answer?.response, '');
    assert.strictEqual(vendor.seen[0]?.body, '{"a":1}');
    assert.strictEqual(vendor.seen[0]?.url, '/things?page=2');
  });

  it('rejects a non-2xx answer with { status, headers, response (string), errorSource: APP, attempts } as a plain object', async () => {
    const platform = await platformWith((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"code":3004}');
    });
    const result = await platform.emitProductEvent('onTicketCreate', { calls: [{ name: 'getThing', options: { context: { id: 1 } } }] });
    const [first] = outcomes(result.logs);
    assert.isFalse(first?.isError, 'the rejection is a plain object, not an Error');
    assert.include(first?.error, { status: 404, response: '{"code":3004}', errorSource: 'APP', attempts: 1 });
    assert.strictEqual(first?.error?.headers?.['content-type'], 'application/json');
  });

  it('retries 5xx up to maxAttempts, waiting retryDelay of platform time (the clock moves, nothing sleeps)', async () => {
    const platform = await platformWith((_request, response, index) => {
      response.writeHead(index < 2 ? 503 : 200);
      response.end(index < 2 ? 'busy' : 'fine');
    });
    const started = performance.now();
    const result = await platform.emitProductEvent('onTicketCreate', { calls: [{ name: 'retried', options: {} }] });
    assert.strictEqual(outcomes(result.logs)[0]?.answer?.response, 'fine');
    assert.strictEqual(vendor.seen.length, 3);
    assert.strictEqual(result.platformMs, 1000);
    assert.isBelow(performance.now() - started, 500);
    assert.strictEqual(platform.metrics.totals.httpAttempts, 3);
    assert.strictEqual(platform.metrics.totals.requests, 1);
  });

  it('gives up after maxAttempts and reports the attempts', async () => {
    const platform = await platformWith((_request, response) => {
      response.writeHead(429, { 'retry-after': '3' });
      response.end('slow down');
    });
    const result = await platform.emitProductEvent('onTicketCreate', { calls: [{ name: 'retried', options: {} }] });
    assert.include(outcomes(result.logs)[0]?.error, { status: 429, attempts: 3, errorSource: 'APP', response: 'slow down' });
    assert.strictEqual(vendor.seen.length, 3);
  });

  it('does not retry a 4xx other than 429', async () => {
    const platform = await platformWith((_request, response) => {
      response.writeHead(400);
      response.end('bad');
    });
    const result = await platform.emitProductEvent('onTicketCreate', { calls: [{ name: 'retried', options: {} }] });
    assert.include(outcomes(result.logs)[0]?.error, { status: 400, attempts: 1 });
  });

  it('times out after requestTimeoutMs real ms with 504 "Timeout error while processing the request." (PLATFORM)', async () => {
    const platform = await platformWith(() => undefined, { requestTimeoutMs: 60 });
    const result = await platform.emitProductEvent('onTicketCreate', { calls: [{ name: 'getThing', options: { context: { id: 1 } } }] });
    assert.deepInclude(outcomes(result.logs)[0]?.error, { status: 504, errorSource: 'PLATFORM', message: 'Timeout error while processing the request.', attempts: 1 });
  });

  it('rejects a refused connection with 502 (PLATFORM), after retrying it', async () => {
    const platform = await platformWith(() => undefined);
    const result = await platform.emitProductEvent('onTicketCreate', { calls: [{ name: 'down', options: {} }] });
    const error = outcomes(result.logs)[0]?.error;
    assert.include(error, { status: 502, errorSource: 'PLATFORM', attempts: 2 });
    assert.match(error?.message ?? '', /ECONNREFUSED/);
  });

  it('refuses an unmapped host without any HTTP call (there is no internet here)', async () => {
    const platform = await platformWith(() => undefined);
    const result = await platform.emitProductEvent('onTicketCreate', { calls: [{ name: 'nowhere', options: {} }] });
    assert.include(outcomes(result.logs)[0]?.error, { status: 502, errorSource: 'PLATFORM' });
    assert.match(outcomes(result.logs)[0]?.error?.message ?? '', /no local server for host "unmapped\.example\.org"/);
    assert.strictEqual(platform.metrics.totals.httpAttempts, 0);
    assert.strictEqual(platform.metrics.totals.requestsRefused, 1);
  });

  it('refuses templates not declared in manifest.json, non-string bodies and bodies over the limit', async () => {
    const platform = await platformWith(() => undefined, { limits: { requestBodyBytes: 10 } });
    const result = await platform.emitProductEvent('onTicketCreate', {
      calls: [
        { name: 'undeclared', options: {} },
        { name: 'postThing', options: { body: { a: 1 } } },
        { name: 'postThing', options: { body: '12345678901' } },
      ],
    });
    const [undeclared, objectBody, bigBody] = outcomes(result.logs);
    assert.match(undeclared?.error?.message ?? '', /Request template "undeclared" not found/);
    assert.match(objectBody?.error?.message ?? '', /body must be a string/);
    assert.include(bigBody?.error, { status: 413 });
    assert.strictEqual(vendor.seen.length, 0);
    assert.strictEqual(result.requests, 3, 'refused calls count too');
  });

  it('allows 50 calls per platform minute, then refuses with 429 and Retry-After to the next window, without HTTP', async () => {
    const platform = await platformWith((_request, response) => {
      response.writeHead(200);
      response.end('ok');
    });
    platform.clock.advance(15_000);
    const calls = Array.from({ length: 51 }, () => ({ name: 'getThing', options: { context: { id: 1 } } }));
    const result = await platform.emitProductEvent('onTicketCreate', { calls });
    const all = outcomes(result.logs);
    assert.strictEqual(all.filter((o) => o.ok).length, 50);
    assert.deepInclude(all[50]?.error, { status: 429, errorSource: 'PLATFORM', message: 'You have exceeded the limit of 50 requests per minute', headers: { 'retry-after': '45' } });
    assert.strictEqual(vendor.seen.length, 50);
    assert.strictEqual(platform.metrics.totals.requests, 51);
    assert.strictEqual(platform.metrics.totals.requestsRateLimited, 1);
    assert.strictEqual(result.requests, 51);

    await platform.advance(60_000);
    const next = await platform.emitProductEvent('onTicketCreate', { calls: [{ name: 'getThing', options: { context: { id: 1 } } }] });
    assert.isTrue(outcomes(next.logs)[0]?.ok, 'a new minute opens a new window');
    assert.strictEqual(platform.clock.now(), START + 75_000);
  });
});
