import { assert } from 'chai';
import { createServer, type Server } from 'node:http';
import { createHeldClock } from '../../../tools/bench/held-clock.js';
import { createTimingRelay, type TimingRelay } from '../../../tools/bench/timing-relay.js';

describe('bench: the relay in front of a simulator', () => {
  let upstream: Server | undefined;
  let relay: TimingRelay | undefined;

  afterEach(async () => {
    await relay?.close();
    await new Promise<void>((resolve) => (upstream === undefined ? resolve() : upstream.close(() => resolve())));
    relay = undefined;
    upstream = undefined;
  });

  async function startUpstream(): Promise<string> {
    upstream = createServer((req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    const address = upstream.address();
    return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }

  it('answers late by its latency, holding the platform clock meanwhile', async () => {
    const clock = createHeldClock(0);
    relay = await createTimingRelay(await startUpstream(), { latencyMs: 150, hold: () => clock.hold() });
    const sent = performance.now();
    const answer = await fetch(`${relay.url}/webhook/x`, { method: 'POST', body: '{}' });
    assert.deepEqual([answer.status, await answer.json()], [201, { path: '/webhook/x' }]);
    assert.isAtLeast(performance.now() - sent, 145);
    assert.isAtLeast(clock.now(), 145); // platform time passed while the answer was awaited
    assert.isAtLeast(relay.busyMs(), 145);
    assert.strictEqual(clock.holders, 0);
  });

  it('answers at once once its latency is set to 0', async () => {
    const clock = createHeldClock(0);
    relay = await createTimingRelay(await startUpstream(), { latencyMs: 5000, hold: () => clock.hold() });
    relay.setLatency(0);
    const sent = performance.now();
    assert.strictEqual((await fetch(`${relay.url}/a`)).status, 201);
    assert.isBelow(performance.now() - sent, 1000);
    assert.isBelow(clock.now(), 1000);
  });
});
