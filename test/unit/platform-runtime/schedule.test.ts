import { assert } from 'chai';
import { refusal } from './refusal.js';
import { createScheduleStore, type ScheduleStore } from '../../../tools/platform/schedule-store.js';
import { cleanUp, makeFixtureApp, START, startPlatform } from './fixture-app.js';

const refused = (run: () => unknown): { status: number; message?: string } => refusal(run, '$schedule');

const at = (ms: number): string => new Date(START + ms).toISOString();

describe('platform runtime: $schedule rules', () => {
  let store: ScheduleStore;
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    store = createScheduleStore({ now: () => START, limits: { scheduleDataBytes: 4096, oneTimeSchedules: 2, recurringSchedules: 1 }, warn: (text) => warnings.push(text) });
  });

  it('create returns the schedule; fetch finds it by name', () => {
    const created = store.create({ name: 'once', data: { a: 1 }, schedule_at: at(600_000) });
    assert.include(created, { name: 'once', schedule_at: at(600_000) });
    assert.deepEqual(store.fetch({ name: 'once' }).data, { a: 1 });
  });

  it('rejects a duplicate name with 409 and unknown names with 404 on fetch, update and delete', () => {
    store.create({ name: 'once', data: {}, schedule_at: at(600_000) });
    assert.strictEqual(refused(() => store.create({ name: 'once', data: {}, schedule_at: at(600_000) })).status, 409);
    assert.strictEqual(refused(() => store.fetch({ name: 'nope' })).status, 404);
    assert.strictEqual(refused(() => store.update({ name: 'nope', data: {} })).status, 404);
    assert.strictEqual(refused(() => store.delete({ name: 'nope' })).status, 404);
  });

  it('validates name, data, schedule_at and repeat with 400 and a message', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ data: {}, schedule_at: at(600_000) }, /"name"/],
      [{ name: 'x', data: 'text', schedule_at: at(600_000) }, /"data" must be an object/],
      [{ name: 'x', data: { big: 'y'.repeat(4100) }, schedule_at: at(600_000) }, /the limit is 4096 bytes/],
      [{ name: 'x', data: {}, schedule_at: 'tomorrow' }, /ISO 8601/],
      [{ name: 'x', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'seconds', frequency: 1 } }, /time_unit/],
      [{ name: 'x', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'minutes', frequency: 0 } }, /frequency/],
    ];
    for (const [spec, message] of cases) {
      const body = refused(() => store.create(spec));
      assert.strictEqual(body.status, 400);
      assert.match(body.message ?? '', message);
    }
  });

  it('enforces the one-time and recurring schedule limits', () => {
    store.create({ name: 'a', data: {}, schedule_at: at(600_000) });
    store.create({ name: 'b', data: {}, schedule_at: at(600_000) });
    assert.match(refused(() => store.create({ name: 'c', data: {}, schedule_at: at(600_000) })).message ?? '', /at most 2 one-time/);
    store.create({ name: 'r', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'hours', frequency: 1 } });
    assert.match(refused(() => store.create({ name: 'r2', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'hours', frequency: 1 } })).message ?? '', /at most 1 recurring/);
  });

  it('accepts a 1-minute frequency and a schedule_at under 5 minutes ahead, with a warning (UNCONFIRMED limits)', () => {
    store.create({ name: 'soon', data: {}, schedule_at: at(60_000), repeat: { time_unit: 'minutes', frequency: 1 } });
    assert.match(warnings[0] ?? '', /less than 5 minutes ahead/);
  });

  it('update merges the given fields over the schedule; delete removes it', () => {
    store.create({ name: 'once', data: { a: 1 }, schedule_at: at(600_000) });
    store.update({ name: 'once', schedule_at: at(900_000) });
    assert.deepEqual(store.fetch({ name: 'once' }).data, { a: 1 });
    assert.strictEqual(store.fetch({ name: 'once' }).schedule_at, at(900_000));
    assert.deepEqual(store.delete({ name: 'once' }), { Deleted: true });
    assert.deepEqual(store.list(), []);
  });
});

describe('platform runtime: scheduled events', () => {
  afterEach(cleanUp);

  const APP = `
onAppInstallHandler: async function () {
  await $schedule.create({ name: 'every-5', data: { kind: 'recurring' }, schedule_at: new Date(Date.now() + 300000).toISOString(), repeat: { time_unit: 'minutes', frequency: 5 } });
  await $schedule.create({ name: 'once', data: { kind: 'once' }, schedule_at: new Date(Date.now() + 1800000).toISOString() });
  renderData();
},
onScheduledEventHandler: async function (args) {
  console.log(JSON.stringify({ data: args.data, event: args.event, region: args.region, timestamp: args.timestamp, now: Date.now(), key: args.iparams.signl4_api_key, host: args.currentHost.endpoint_urls.freshservice }));
},`;

  it('fires one-time and recurring schedules in time order over a simulated hour, in well under a second', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: APP }));
    await platform.install();
    const started = performance.now();
    const results = await platform.advance(3_600_000);
    const elapsed = performance.now() - started;
    const fired = results.map((result) => JSON.parse(result.logs[0] ?? '{}') as { data: { kind: string }; now: number; timestamp: number; event: string; region: string; key: string; host: string });
    assert.strictEqual(fired.filter((f) => f.data.kind === 'recurring').length, 12);
    assert.strictEqual(fired.filter((f) => f.data.kind === 'once').length, 1);
    const times = fired.map((f) => f.now);
    assert.deepEqual(times, [...times].sort((a, b) => a - b), 'in time order');
    assert.strictEqual(times[0], START + 300_000, 'the sandbox clock reads the firing time');
    const once = fired.find((f) => f.data.kind === 'once');
    assert.include(once, { event: 'onScheduledEvent', region: 'US', now: START + 1_800_000, timestamp: (START + 1_800_000) / 1000, key: 'k-secret', host: 'https://acme.freshservice.com' });
    assert.deepEqual(platform.schedules.list().map((s) => s.name), ['every-5'], 'the one-time schedule is gone after firing');
    assert.strictEqual(platform.clock.now(), START + 3_600_000);
    assert.isBelow(elapsed, 1000);
  });

  it('fireDueSchedules fires only what is due now and leaves the clock alone', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: APP }));
    await platform.install();
    assert.deepEqual(await platform.fireDueSchedules(), []);
    platform.clock.advance(300_000);
    const results = await platform.fireDueSchedules();
    assert.strictEqual(results.length, 1);
    assert.strictEqual(platform.clock.now(), START + 300_000);
  });

  it('a handler can update and delete its schedules', async () => {
    const platform = await startPlatform(
      makeFixtureApp({
        handlers: `${APP}
onTicketCreateHandler: async function (args) {
  await $schedule.update({ name: 'every-5', repeat: { time_unit: 'minutes', frequency: 10 } });
  await $schedule.delete({ name: 'once' });
  const fetched = await $schedule.fetch({ name: 'every-5' });
  console.log(JSON.stringify(fetched.repeat));
  try { await $schedule.fetch({ name: 'once' }); } catch (error) { console.log(JSON.stringify(error)); }
},`,
      }),
    );
    await platform.install();
    const result = await platform.emitProductEvent('onTicketCreate', {});
    assert.deepEqual(result.logs.map((line) => JSON.parse(line) as unknown), [{ time_unit: 'minutes', frequency: 10 }, { status: 404, message: 'Schedule "once" not found' }]);
    assert.strictEqual(result.scheduleOps, 4);
    const fired = await platform.advance(3_600_000);
    assert.strictEqual(fired.length, 6);
  });
});
