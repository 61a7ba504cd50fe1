import { assert } from 'chai';
import { cleanUp, makeFixtureApp, START, startPlatform } from './fixture-app.js';

/** Each handler logs what it saw and when (platform time). */
const APP = `
onAppInstallHandler: async function () {
  await $schedule.create({ name: 'at-5', data: { kind: 'once' }, schedule_at: new Date(Date.now() + 300000 + 1000).toISOString() });
  renderData();
},
onTicketUpdateHandler: async function (args) {
  console.log(JSON.stringify({ on: 'update', id: args.data.id, now: Date.now() }));
},
onScheduledEventHandler: async function (args) {
  console.log(JSON.stringify({ on: 'schedule', now: Date.now() }));
},`;

describe('platform runtime: product events delivered later (emitProductEventLater)', () => {
  afterEach(cleanUp);

  it('runs the event when advance() reaches its time, not before, in time order with the schedules', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: APP }));
    await platform.install();
    const seen: string[] = [];
    const later = platform.emitProductEventLater(10_000, 'onTicketUpdate', { id: 7 }).then((r) => seen.push(...r.logs));
    const afterSchedule = platform.emitProductEventLater(302_000, 'onTicketUpdate', { id: 8 }).then((r) => seen.push(...r.logs));
    assert.equal(platform.deferredProductEvents, 2);
    await platform.advance(9_999);
    assert.deepEqual(seen, [], 'not delivered before its time');
    const fired = await platform.advance(400_000);
    await Promise.all([later, afterSchedule]);
    const logged = fired.flatMap((r) => r.logs.map((l) => JSON.parse(l) as { on: string; id?: number; now: number }));
    assert.deepEqual(logged, [
      { on: 'update', id: 7, now: START + 10_000 },
      { on: 'schedule', now: START + 301_000 },
      { on: 'update', id: 8, now: START + 302_000 },
    ]);
    assert.lengthOf(seen, 2, 'each promise settles with its invocation');
    assert.equal(platform.deferredProductEvents, 0);
  });

  it('keeps the data as it was when deferred, and refuses a negative delay or an event the manifest does not declare', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: APP }));
    await platform.install();
    const data = { id: 1 };
    const pending = platform.emitProductEventLater(0, 'onTicketUpdate', data);
    data.id = 2;
    await platform.advance(1);
    assert.deepEqual(JSON.parse((await pending).logs[0] ?? '{}'), { on: 'update', id: 1, now: START });
    assert.throws(() => void platform.emitProductEventLater(-1, 'onTicketUpdate', {}), RangeError);
    assert.throws(() => void platform.emitProductEventLater(5, 'onAppInstall', {}), /no product-event handler/);
  });
});
