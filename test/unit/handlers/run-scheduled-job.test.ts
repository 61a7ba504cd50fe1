import { assert } from 'chai';
import { QUEUE_KEY, type QueueItem, type QueueRecord } from '../../../server/src/work/delivery-queue.js';
import { runScheduledJob } from '../../../server/src/handlers/run-scheduled-job.js';
import { asTicketState, stateKey } from '../../../server/src/signl/ticket-state.js';
import { fakeContext, storeState, ticketState, xidOf } from '../../fakes/fake-context.js';
import { ok } from '../../fakes/fake-deps.js';

describe('runScheduledJob', () => {
  it('runs the tick for the tick’s own data, and for data it does not recognise', async () => {
    for (const data of [{ job: 'tick' }, undefined, { job: 'something else' }]) {
      const { ctx, deps } = fakeContext();
      deps.request.on('fsListTickets', ok({ tickets: [] }));
      const report = (await runScheduledJob(ctx, data)) as { drain?: unknown };
      assert.isDefined(report.drain, JSON.stringify(data));
      assert.equal(deps.request.count('fsListTickets'), 1);
    }
  });

  it('puts a parked queue item into the queue, for the drain', async () => {
    const { ctx, deps } = fakeContext();
    const now = deps.clock.now();
    const item: QueueItem = { k: 'd', t: 5, n: 1, due: now - 1, since: now - 600_000, r: 'SIGNL4 answered 503' };
    assert.equal(await runScheduledJob(ctx, { job: 'item', item, since: now - 300_000, k: 0 }), 'queued');
    assert.deepEqual(deps.store.peek<QueueRecord>(QUEUE_KEY)?.items, { d5: item });
    assert.equal(deps.request.count(), 0);
  });

  it('records a parked send', async () => {
    const { ctx, deps } = fakeContext();
    await storeState(deps, ticketState({ id: 5, st: 'queued', ev: [], xid: xidOf(5) }));
    assert.equal(await runScheduledJob(ctx, { job: 'sent', t: 5, xid: xidOf(5), ev: 'e-5', at: 9, since: 9, k: 0 }), 'recorded');
    assert.deepInclude(asTicketState(deps.store.peek(stateKey(5))), { st: 'open', ev: ['e-5'] });
  });

  it('does nothing when the reserve flag runs out', async () => {
    const { ctx, deps } = fakeContext();
    assert.equal(await runScheduledJob(ctx, { job: 'reserve' }), 'reserve expired');
    assert.equal(deps.store.ops + deps.request.count(), 0);
  });
});
