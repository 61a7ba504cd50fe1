import { assert } from 'chai';
import { createMinuteWindow } from '../../../tools/platform/minute-window.js';
import { createRealClock, createVirtualClock, waitOn } from '../../../tools/platform/platform-clock.js';
import { cleanUp, makeFixtureApp, startPlatform } from './fixture-app.js';

describe('platform runtime: clocks and minute windows', () => {
  afterEach(cleanUp);

  it('a virtual clock moves only when told, and never backwards', async () => {
    const clock = createVirtualClock(1000);
    assert.strictEqual(clock.now(), 1000);
    clock.advance(500);
    await waitOn(clock, 250);
    assert.strictEqual(clock.now(), 1750);
    assert.throws(() => clock.advance(-1), RangeError);
  });

  it('a real clock follows wall time plus what advance() added', () => {
    const clock = createRealClock();
    const before = Date.now();
    clock.advance(3_600_000);
    assert.approximately(clock.now() - before, 3_600_000, 1000);
    assert.strictEqual(clock.kind, 'real');
  });

  it('a minute window counts on the platform-clock minute and names the seconds to the next one', () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 1, 0, 0, 50));
    const window = createMinuteWindow(2, () => clock.now());
    assert.isTrue(window.take().ok);
    assert.isTrue(window.take().ok);
    assert.deepEqual(window.take(), { ok: false, retryAfterSeconds: 10 });
    assert.strictEqual(window.used(), 2, 'refused calls do not consume the window');
    clock.advance(10_000);
    assert.strictEqual(window.used(), 0);
    assert.isTrue(window.take().ok);
  });

  it('with a real clock, due schedules fire from the platform timer; missed runs of a recurring schedule collapse into one', async () => {
    const platform = await startPlatform(
      makeFixtureApp({
        handlers: `
onAppInstallHandler: async function () {
  await $schedule.create({ name: 'tick', data: { n: 1 }, schedule_at: new Date(Date.now() + 60000).toISOString(), repeat: { time_unit: 'minutes', frequency: 1 } });
  renderData();
},`,
      }),
      { clock: createRealClock(), scheduleTickMs: 5 },
    );
    await platform.install();
    platform.clock.advance(10 * 60_000 + 500);
    const deadline = Date.now() + 2000;
    while (platform.metrics.totals.invocations < 2 && Date.now() < deadline) await new Promise<void>((resolve) => setTimeout(resolve, 5));
    await new Promise<void>((resolve) => setTimeout(resolve, 30));
    const fired = platform.metrics.invocations.filter((result) => result.event === 'onScheduledEvent');
    assert.strictEqual(fired.length, 1);
    assert.isAbove(platform.schedules.get('tick')?.nextRunAt ?? 0, platform.clock.now());
  });
});
