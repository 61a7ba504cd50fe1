import { assert } from 'chai';
import { createHandlers } from '../../../server/src/handlers/create-handlers.js';
import { runScheduledJob } from '../../../server/src/handlers/run-scheduled-job.js';
import { runTick } from '../../../server/src/handlers/run-tick.js';
import { agentsWaiting, askForAgentRoom } from '../../../server/src/work/agent-room.js';
import { QUEUE_KEY } from '../../../server/src/work/delivery-queue.js';
import { AppError } from '../../../server/src/errors/errors.js';
import { BASE_IPARAMS, CURRENT_HOST, fakeContext } from '../../fakes/fake-context.js';
import { fakeDeps, ok } from '../../fakes/fake-deps.js';
import { storeRateLimited, storeUnavailable } from '../../fakes/memory-store.js';
import { fakePort } from '../../fakes/fake-port.js';

const NOW = Date.UTC(2026, 10, 28, 12, 1, 0);
const args = (extra: Record<string, unknown> = {}) => ({ currentHost: CURRENT_HOST, iparams: { ...BASE_IPARAMS }, ...extra });
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const many = (n: number) => Array.from({ length: n }, (_, i) => ({ id: 100 + i, subject: `T${i}`, status: 2, priority: 4, type: 'Incident', created_at: iso(NOW - 50_000 + i), updated_at: iso(NOW - 50_000 + i) }));

describe('room for agents', () => {
  it('a sidebar read refused by the spent $db minute asks the tick for room, once however many are refused', async () => {
    const port = fakePort(fakeDeps(NOW));
    port.deps.store.failWhen(() => storeRateLimited());
    const handlers = createHandlers(port);
    assert.isFalse(await agentsWaiting(port.deps));
    await handlers.getSignl({ ...args(), ticketId: 9 });
    await handlers.getSignl({ ...args(), ticketId: 10 });
    assert.deepEqual(port.methods.map((m) => ('status' in m ? m.status : 200)), [429, 429], 'the sidebar is told the app is busy');
    assert.isTrue(await agentsWaiting(port.deps));
    assert.deepEqual(port.deps.scheduler.calls.filter((call) => call.startsWith('create')), ['create s4-agents', 'create s4-agents'], 'one $schedule call a refused read');
    assert.equal(port.deps.log.text().split('the tick leaves room for agents').length - 1, 1, 'the second finds the flag raised and leaves it');
  });

  it('the diagnostics page asks for room too when its reads are refused', async () => {
    const port = fakePort(fakeDeps(NOW));
    port.deps.store.failWhen(() => storeRateLimited());
    await createHandlers(port).getDiagnostics(args());
    assert.isTrue(await agentsWaiting(port.deps));
  });

  it('a read that failed for another reason (storage down) asks for nothing', async () => {
    const port = fakePort(fakeDeps(NOW));
    port.deps.store.failWhen(() => storeUnavailable());
    await createHandlers(port).getSignl({ ...args(), ticketId: 9 });
    assert.isFalse(await agentsWaiting(port.deps));
  });

  it('asking never fails the read: a scheduler that is down is logged', async () => {
    const deps = fakeDeps(NOW);
    deps.scheduler.failing.create = new Error('schedule create failed');
    await askForAgentRoom(deps);
    assert.include(deps.log.text(), 'could not ask the tick for room for agents');
  });

  describe('the tick, while agents wait', () => {
    it('leaves 24 of its $db operations: 11 deliveries instead of 23', async () => {
      const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
      await askForAgentRoom(deps);
      await deps.store.set(QUEUE_KEY, { v: 1, items: {}, cursor: NOW - 60_000 });
      deps.store.resetCounts();
      deps.request.on('fsListTickets', ok({ tickets: many(40) })).on('signl4Event', ok({ eventId: 'e' }, 201));
      const report = await runTick(ctx);
      assert.equal(report.sweep?.forwarded, 11);
      assert.isAtMost(deps.store.ops + 11, 26, 'its own operations and the 11 "created" callbacks leave 24 of 50');
    });

    it('takes the whole budget when it cannot tell (agents only wait longer), and says so', async () => {
      const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
      deps.scheduler.failing.exists = new AppError({ code: 'unavailable', operation: 'schedule fetch', message: 'down' });
      await deps.store.set(QUEUE_KEY, { v: 1, items: {}, cursor: NOW - 60_000 });
      deps.request.on('fsListTickets', ok({ tickets: many(40) })).on('signl4Event', ok({ eventId: 'e' }, 201));
      const report = await runTick(ctx);
      assert.equal(report.sweep?.forwarded, 16, 'the parked-work reserve (12) is kept, that is genuine work: 36 left, two groups of eight');
      assert.include(deps.log.text(), 'could not tell whether agents are waiting; leaving no room for them');
    });
  });

  it('when the flag runs out, nothing runs (it is not a tick)', async () => {
    const { ctx, deps } = fakeContext({}, fakeDeps(NOW));
    deps.request.on('fsListTickets', ok({ tickets: many(3) }));
    assert.equal(await runScheduledJob(ctx, { job: 'agents' }), 'agent room expired');
    assert.equal(deps.request.count(), 0, 'no sweep');
    assert.equal(deps.store.ops, 0);
  });
});
