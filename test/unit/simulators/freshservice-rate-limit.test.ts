import { assert } from 'chai';
import { createFreshserviceSimulator, type FreshserviceSimulator } from '../../../tools/simulators/index.js';
import { basic, call, ManualClock } from './http-call.js';

describe('simulated Freshservice: per-minute rate limit', () => {
  let fs: FreshserviceSimulator;
  let url: string;
  let clock: ManualClock;
  const get = (path: string, key = 'fs-key-0001') => call(url, path, { headers: basic(key) });

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2025, 5, 2, 9, 0, 15));
    fs = createFreshserviceSimulator({ clock, rateLimitPerMinute: 5, subLimitsPerMinute: { viewTicket: 3 } });
    url = await fs.listen();
  });
  afterEach(() => fs.close());

  it('sends X-RateLimit-Total, -Remaining and -Used-CurrentRequest on every answer, errors included', async () => {
    const ok = await get('/api/v2/agents');
    assert.include(ok.headers, { 'x-ratelimit-total': '5', 'x-ratelimit-remaining': '4', 'x-ratelimit-used-currentrequest': '1' });
    const denied = await get('/api/v2/agents', 'wrong');
    assert.equal(denied.status, 401);
    assert.include(denied.headers, { 'x-ratelimit-remaining': '3' }, 'invalid requests count too');
  });

  it('answers 429 with Retry-After (seconds to the next minute on the clock) once the minute is spent, and recovers in the next minute', async () => {
    for (let i = 0; i < 5; i += 1) assert.equal((await get('/api/v2/groups')).status, 200);
    const limited = await get('/api/v2/groups');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '45');
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.include(limited.json, { description: 'Rate limit exceeded' });
    clock.advance(44_000);
    assert.equal((await get('/api/v2/groups')).status, 429);
    clock.advance(1_000);
    assert.equal((await get('/api/v2/groups')).status, 200);
  });

  it('charges embeds, and refuses a request whose credits no longer fit', async () => {
    const heavy = await get('/api/v2/tickets/101?include=requester,stats');
    assert.equal(heavy.headers['x-ratelimit-used-currentrequest'], '3');
    assert.equal(heavy.headers['x-ratelimit-remaining'], '2');
    assert.equal((await get('/api/v2/tickets/101?include=requester,stats')).status, 429);
    assert.equal((await get('/api/v2/groups')).status, 200);
  });

  it('applies an optional per-operation sub-limit within the overall limit', async () => {
    for (let i = 0; i < 3; i += 1) assert.equal((await get('/api/v2/tickets/102')).status, 200);
    const view = await get('/api/v2/tickets/102');
    assert.equal(view.status, 429);
    assert.isDefined(view.headers['retry-after']);
    assert.equal((await get('/api/v2/groups')).status, 200, 'other operations still have overall credits');
  });
});
