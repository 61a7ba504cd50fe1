import { assert } from 'chai';
import { createFreshserviceSimulator, createSignl4Simulator, type FreshserviceSimulator, type Signl4Simulator } from '../../../tools/simulators/index.js';
import { basic, call, rejects } from './http-call.js';

describe('simulator fault injection', () => {
  describe('simulated Freshservice', () => {
    let fs: FreshserviceSimulator;
    let url: string;
    const put = () => call(url, '/api/v2/tickets/102', { method: 'PUT', headers: basic('fs-key-0001'), body: { priority: 2 } });
    const get = () => call(url, '/api/v2/tickets/102', { headers: basic('fs-key-0001') });

    beforeEach(async () => {
      fs = createFreshserviceSimulator({ rateLimitPerMinute: 1000 });
      url = await fs.listen();
    });
    afterEach(() => fs.close());

    it('answers the next N matching requests with 429 and Retry-After, then normally; other routes are untouched', async () => {
      fs.faults.next('PUT /api/v2/tickets/:id', { kind: '429', retryAfterSeconds: 7 }, 2);
      assert.equal((await get()).status, 200);
      const first = await put();
      assert.equal(first.status, 429);
      assert.equal(first.headers['retry-after'], '7');
      assert.include(first.json, { description: 'Rate limit exceeded' });
      assert.equal((await put()).status, 429);
      assert.equal((await put()).status, 200);
      assert.equal(fs.state.tickets.get(102)?.priority, 2, 'only the answered update applied');
      assert.deepEqual(fs.requests.entries.map((e) => e.fault ?? '-'), ['-', '429', '429', '-']);
    });

    it('answers 500, and 503 with or without Retry-After', async () => {
      fs.faults.next('/api/v2/tickets/*', { kind: '500' });
      fs.faults.next('*', { kind: '503', retryAfterSeconds: 3 });
      fs.faults.next('*', { kind: '503' });
      assert.equal((await get()).status, 500);
      const unavailable = await get();
      assert.equal(unavailable.status, 503);
      assert.equal(unavailable.headers['retry-after'], '3');
      assert.isUndefined((await get()).headers['retry-after']);
      assert.equal((await get()).status, 200);
    });

    it('delays an answer by real milliseconds, then answers normally', async () => {
      fs.faults.next('GET /api/v2/tickets/:id', { kind: 'delay', delayMs: 25 });
      const started = Date.now();
      const res = await get();
      assert.equal(res.status, 200);
      assert.isAtLeast(Date.now() - started, 20);
    });

    it('drops the connection without an answer', async () => {
      fs.faults.next('*', { kind: 'drop' });
      const error = await rejects(get());
      assert.match(error.message, /socket hang up|ECONNRESET/);
      assert.equal((await get()).status, 200);
    });

    it('replays the same random fault mix for the same seed', async () => {
      const run = async (): Promise<number[]> => {
        fs.faults.clear();
        fs.faults.random({ seed: 42, rate: 0.5, kinds: ['429', '500', { kind: '503', retryAfterSeconds: 1 }] });
        const statuses: number[] = [];
        for (let i = 0; i < 20; i += 1) statuses.push((await get()).status);
        return statuses;
      };
      const first = await run();
      assert.deepEqual(await run(), first);
      assert.includeMembers(first, [200]);
      assert.isTrue(first.some((status) => status !== 200));
    });

    it('holds a named fault on every matching request until released; a queued fault still comes first', async () => {
      fs.faults.hold('throttled', 'GET /api/v2/tickets/:id', { kind: '429', retryAfterSeconds: 9 });
      fs.faults.next('*', { kind: '503' });
      assert.equal((await get()).status, 503);
      const held = await get();
      assert.equal(held.status, 429);
      assert.equal(held.headers['retry-after'], '9');
      assert.equal((await get()).status, 429);
      assert.equal((await put()).status, 200, 'other routes are untouched');
      assert.deepEqual(fs.faults.held().map((f) => f.name), ['throttled']);
      assert.isTrue(fs.faults.release('throttled'));
      assert.isFalse(fs.faults.release('throttled'));
      assert.equal((await get()).status, 200);
      assert.deepEqual(fs.faults.held(), []);
    });

    it('refuses nonsense fault settings', () => {
      assert.throws(() => fs.faults.next('*', { kind: '500' }, 0), RangeError);
      assert.throws(() => fs.faults.random({ seed: 1, rate: 2, kinds: ['500'] }), RangeError);
    });
  });

  describe('simulated SIGNL4', () => {
    let s4: Signl4Simulator;
    let url: string;
    const send = () => call(url, '/webhook/team-secret-0001', { method: 'POST', body: { Title: 'x' } });

    beforeEach(async () => {
      s4 = createSignl4Simulator();
      url = await s4.listen();
    });
    afterEach(() => s4.close());

    it('applies queued faults to the inbound webhook: 429 with Retry-After, 503, drop; nothing is raised meanwhile', async () => {
      s4.faults.next('POST /webhook/:secret', { kind: '429', retryAfterSeconds: 4 });
      s4.faults.next('POST /webhook/*', { kind: '503', retryAfterSeconds: 2 });
      s4.faults.next('/webhook/**', { kind: 'drop' });
      const throttled = await send();
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers['retry-after'], '4');
      assert.equal((await send()).status, 503);
      await rejects(send());
      assert.lengthOf(s4.signls(), 0);
      assert.equal((await send()).status, 201);
      assert.deepEqual(s4.faults.applied.map((f) => f.kind), ['429', '503', 'drop']);
    });

    it('applies faults to the REST API', async () => {
      s4.faults.next('GET /api/webhooks', { kind: '500' });
      assert.equal((await call(url, '/api/webhooks', { headers: { 'X-S4-Api-Key': 's4-api-key-0001' } })).status, 500);
      assert.equal((await call(url, '/api/webhooks', { headers: { 'X-S4-Api-Key': 's4-api-key-0001' } })).status, 200);
    });
  });
});
