import { assert } from 'chai';
import type { BenchLoop } from '../../../tools/bench/bench-loop.js';
import { advanceReading, createSidebarReader } from '../../../tools/bench/sidebar-reads.js';
import { createVirtualClock } from '../../../tools/platform/platform-clock.js';
import type { InvocationResult } from '../../../tools/platform/platform-types.js';

/** Just enough of a bench loop: a virtual clock, and getSignl answering as `answer` says. */
function fakeLoop(answer: (ticketId: number, n: number) => Partial<InvocationResult>): { loop: BenchLoop; asked: Array<{ at: number; ticketId: number }> } {
  const clock = createVirtualClock(0);
  const asked: Array<{ at: number; ticketId: number }> = [];
  const platform = {
    advance: (ms: number) => {
      clock.advance(ms);
      return Promise.resolve([]);
    },
    invokeMethod: (_name: string, payload: { ticketId: number }) => {
      asked.push({ at: clock.now(), ticketId: payload.ticketId });
      return Promise.resolve({ ok: true, ...answer(payload.ticketId, asked.length) });
    },
  };
  return { loop: { clock, platform } as unknown as BenchLoop, asked };
}

describe('bench: sidebar opens during a drain', () => {
  it('opens the sidebar every 3 s at 20 a minute and counts the opens that show a state', async () => {
    const { loop, asked } = fakeLoop((_id, n) =>
      n % 4 === 0 ? { ok: false, status: 429, error: '$db get t:107 failed: You have exceeded the limit of 50 requests per minute' } : { rendered: { data: { ticketId: 1, state: 'raised' } } },
    );
    const reader = createSidebarReader(0, 20, ['101', '102', '103']);
    await advanceReading(loop, 60_000, reader);
    assert.deepEqual(
      asked.slice(0, 3).map((a) => a.at),
      [0, 3000, 6000],
    );
    assert.strictEqual(loop.clock.now(), 60_000);
    assert.deepEqual(reader.tally(), { opens: 21, shown: 16, share: 0.762, failures: { '429 $db get t:# failed: You have exceeded the limit of # requests per minute': 5 } });
  });

  it('does not count an answer without a state, and waits for the first ticket', async () => {
    const { loop } = fakeLoop(() => ({ rendered: { data: { message: 'busy' } } }));
    const ids: string[] = [];
    const reader = createSidebarReader(0, 20, ids);
    await advanceReading(loop, 5000, reader);
    ids.push('7');
    await advanceReading(loop, 9000, reader);
    assert.deepEqual(reader.tally(), { opens: 2, shown: 0, share: 0, failures: { 'answered without a state': 2 } });
  });
});
