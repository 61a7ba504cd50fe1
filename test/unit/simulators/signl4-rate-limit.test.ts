import { assert } from 'chai';
import { createSignl4Simulator, type Signl4Simulator } from '../../../tools/simulators/index.js';
import { call, ManualClock } from './http-call.js';

describe('simulated SIGNL4: throttling', () => {
  let s4: Signl4Simulator;
  let url: string;
  let clock: ManualClock;
  const send = (path = '/webhook/team-secret-0001', body: unknown = { Title: 'x' }) => call(url, path, { method: 'POST', body });

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2025, 5, 2, 9, 0, 0));
    s4 = createSignl4Simulator({ clock, rateLimit: { per15s: 3, perMinute: 5, badPerMinute: 2, restPer15s: 2 } });
    url = await s4.listen();
  });
  afterEach(() => s4.close());

  it('sends X-RateLimit-Limit, -Remaining and -Reset (unix seconds) on every webhook reply', async () => {
    const res = await send();
    assert.include(res.headers, { 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': String(Date.UTC(2025, 5, 2, 9, 0, 15) / 1000) });
  });

  it('answers 429 with Retry-After once the 15-second limit is hit, and blocks intake for 15 s from then', async () => {
    for (let i = 0; i < 3; i += 1) assert.equal((await send()).status, 201);
    clock.advance(10_000);
    const limited = await send();
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '15');
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    clock.advance(6_000);
    assert.equal((await send()).status, 429, 'still blocked: the block runs 15 s from the refusal');
    clock.advance(9_000);
    assert.equal((await send()).status, 201);
    assert.lengthOf(s4.signls(), 4);
  });

  it('applies the per-minute limit across 15-second windows', async () => {
    for (let i = 0; i < 5; i += 1) {
      assert.equal((await send()).status, 201);
      clock.advance(5_000);
    }
    assert.equal((await send()).status, 429);
  });

  it('throttles bad requests (unknown secret, broken body) to their own per-minute limit', async () => {
    assert.equal((await send('/webhook/wrong')).status, 404);
    assert.equal((await call(url, '/webhook/team-secret-0001', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' })).status, 400);
    const third = await send('/webhook/wrong');
    assert.equal(third.status, 429);
    assert.isDefined(third.headers['retry-after']);
    clock.advance(60_000);
    assert.equal((await send('/webhook/wrong')).status, 404);
  });

  it('limits REST calls separately from events', async () => {
    const key = { 'X-S4-Api-Key': 's4-api-key-0001' };
    assert.equal((await call(url, '/api/webhooks', { headers: key })).status, 200);
    assert.equal((await call(url, '/api/webhooks', { headers: key })).status, 200);
    assert.equal((await call(url, '/api/webhooks', { headers: key })).status, 429);
    assert.equal((await send()).status, 201, 'events have their own budget');
  });
});
