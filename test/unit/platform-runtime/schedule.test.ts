import { assert } from 'chai';
import { refusal } from './refusal.js';
import { scheduleDataSize } from '../../../server/src/work/park.js';
import { fdkObjectSize } from '../../../tools/platform/json-value.js';
import { createScheduleStore, type ScheduleStore } from '../../../tools/platform/schedule-store.js';
import { cleanUp, makeFixtureApp, START, startPlatform } from './fixture-app.js';

const refused = (run: () => unknown): { status: number; message?: string } => refusal(run, '$schedule');

const at = (ms: number): string => new Date(START + ms).toISOString();

describe('platform runtime: $schedule rules (as the FDK CLI)', () => {
  let store: ScheduleStore;
  let now: number;
  let scheduledEvent: boolean;
  beforeEach(() => {
    now = START;
    scheduledEvent = true;
    store = createScheduleStore({ now: () => now, limits: { scheduleDataBytes: 4096, oneTimeSchedules: 2, recurringSchedules: 1 }, hasScheduledEvent: () => scheduledEvent });
  });

  const bad = (message: string): { status: number; message: string } => ({ status: 400, message });
  const MIN5 = 5 * 60_000;

  it('create answers { status: 200, message: "Schedule created" }; fetch returns the input as given', () => {
    assert.deepEqual(store.create({ name: 'once', data: { a: 1 }, schedule_at: at(600_000) }), { status: 200, message: 'Schedule created' });
    assert.deepEqual(store.fetch({ name: 'once' }), { name: 'once', data: { a: 1 }, schedule_at: at(600_000) });
  });

  it('a duplicate name: 400 "This Schedule name already exists"; unknown names: 404 "Schedule does not exist"', () => {
    store.create({ name: 'once', data: {}, schedule_at: at(600_000) });
    assert.deepEqual(refused(() => store.create({ name: 'once', data: {}, schedule_at: at(600_000) })), bad('This Schedule name already exists'));
    const missing = { status: 404, message: 'Schedule does not exist' };
    assert.deepEqual(refused(() => store.fetch({ name: 'nope' })), missing);
    assert.deepEqual(refused(() => store.update({ name: 'nope', data: {}, schedule_at: at(600_000) })), missing);
    assert.deepEqual(refused(() => store.delete({ name: 'nope' })), missing);
  });

  it('names of at most 30 characters: 400 "Name length must not be greater than 30"', () => {
    assert.deepEqual(store.create({ name: 'n'.repeat(30), data: {}, schedule_at: at(600_000) }).message, 'Schedule created');
    assert.deepEqual(refused(() => store.create({ name: 'n'.repeat(31), data: {}, schedule_at: at(600_000) })), bad('Name length must not be greater than 30'));
  });

  it('a one-time schedule_at at least 5 minutes ahead of the platform clock when the call arrives, and at most a year', () => {
    assert.deepEqual(store.create({ name: 'edge', data: {}, schedule_at: at(MIN5) }).message, 'Schedule created');
    const computed = at(MIN5);
    now += 1;
    assert.deepEqual(refused(() => store.create({ name: 'late', data: {}, schedule_at: computed })), bad("The 'schedule_at' value must be at least 5 minutes in the future"));
    assert.deepEqual(refused(() => store.create({ name: 'far', data: {}, schedule_at: at(525_601 * 60_000) })), bad("The 'schedule_at' value must not be greater than a year"));
    assert.deepEqual(store.create({ name: 'rec', data: {}, schedule_at: at(0), repeat: { time_unit: 'minutes', frequency: 1 } }).message, 'Schedule created', 'recurring: no 5-minute check');
  });

  it('a call takes scheduleTransitMs to arrive: "now + 5 minutes" computed by the app is refused, as on the CLI', () => {
    const arriving = createScheduleStore({ now: () => now, limits: { scheduleDataBytes: 4096, oneTimeSchedules: 2, recurringSchedules: 1, scheduleTransitMs: 1000 } });
    assert.deepEqual(refused(() => arriving.create({ name: 'exact', data: {}, schedule_at: at(MIN5) })), bad("The 'schedule_at' value must be at least 5 minutes in the future"));
    assert.deepEqual(arriving.create({ name: 'lead', data: {}, schedule_at: at(MIN5 + 1000) }).message, 'Schedule created');
  });

  it('data of at most 4096 by the CLI objsize measure (numbers count 8), not the JSON length', () => {
    const numbers = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${String(i).padStart(3, '0')}`, 1]));
    assert.isBelow(JSON.stringify(numbers).length, 4096);
    assert.deepEqual(refused(() => store.create({ name: 'x', data: numbers, schedule_at: at(600_000) })), bad("The size of the 'data' payload must not exceed 4Kb"));
    assert.deepEqual(store.create({ name: 'y', data: { t: 'z'.repeat(4095) }, schedule_at: at(600_000) }).message, 'Schedule created');
  });

  it('the app measures schedule data as the platform does (park.ts scheduleDataSize = the CLI measure)', () => {
    const samples: unknown[] = [{}, { job: 'tick' }, { n: 1, ok: true, none: null }, { cb: { id: 'x', text: 'é😀 long'.repeat(40), n: [1, 2, 3] } }, { nested: { deeper: { k: 'v' } }, list: [{ a: 1 }, 'b'] }];
    for (const data of samples) assert.strictEqual(scheduleDataSize(data), fdkObjectSize(data), JSON.stringify(data).slice(0, 40));
  });

  it('checks mandatory keys, types, schedule_at, the scheduled event and repeat in the CLI order, with its messages', () => {
    const cases: Array<[unknown, string]> = [
      [{ data: {}, schedule_at: at(600_000) }, 'The following mandatory keys are missing - name'],
      [{ name: 'x', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'minutes' } }, 'The following mandatory keys are missing - frequency'],
      [{ name: 5, data: {}, schedule_at: at(600_000) }, 'Name must be of type string'],
      [{ name: 'x', data: 'text', schedule_at: at(600_000) }, "The 'data' value must be of type JSON"],
      [{ name: 'x', data: {}, schedule_at: 'tomorrow' }, "The 'schedule_at' value must be an ISO string"],
      [{ name: 'x', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'seconds', frequency: 1 } }, 'Time unit must either be days, minutes or hours'],
      [{ name: 'x', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'minutes', frequency: 1, timezone: 'Mars/Base' } }, 'Invalid timezone'],
      [{ name: 'x', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'minutes', frequency: '1' } }, "The 'frequency' value must be of type Number"],
      [{ name: 'x', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'minutes', frequency: 0 } }, "The 'frequency' value must be greater than 0"],
      [{ name: 'x', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'minutes', frequency: 61 } }, "The maximum frequency value for the 'minutes' parameter is 60"],
    ];
    for (const [spec, message] of cases) assert.deepEqual(refused(() => store.create(spec)), bad(message), JSON.stringify(spec));
    scheduledEvent = false;
    assert.deepEqual(refused(() => store.create({ name: 'x', data: {}, schedule_at: at(600_000) })), bad('The app has not registered an onScheduledEvent'));
  });

  it('fetch and delete need a string name', () => {
    assert.deepEqual(refused(() => store.fetch({})), bad('The following mandatory keys are missing - name'));
    assert.deepEqual(refused(() => store.delete({ name: 1 })), bad('Name must be of type string'));
  });

  it('at most 1 recurring schedule, and the production limit of one-time schedules (2 here)', () => {
    store.create({ name: 'a', data: {}, schedule_at: at(600_000) });
    store.create({ name: 'b', data: {}, schedule_at: at(600_000) });
    assert.deepEqual(refused(() => store.create({ name: 'c', data: {}, schedule_at: at(600_000) })), bad('The maximum number of one-time schedules is 2'));
    store.create({ name: 'r', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'hours', frequency: 1 } });
    assert.deepEqual(
      refused(() => store.create({ name: 'r2', data: {}, schedule_at: at(600_000), repeat: { time_unit: 'hours', frequency: 1 } })),
      bad('The maximum number of recurring schedules is 1'),
    );
  });

  it('update replaces the whole schedule (all mandatory keys needed); delete removes it', () => {
    store.create({ name: 'once', data: { a: 1 }, schedule_at: at(600_000) });
    assert.deepEqual(refused(() => store.update({ name: 'once', schedule_at: at(900_000) })), bad('The following mandatory keys are missing - data'));
    assert.deepEqual(store.update({ name: 'once', data: { b: 2 }, schedule_at: at(900_000) }), { status: 200, message: 'Schedule updated' });
    assert.deepEqual(store.fetch({ name: 'once' }), { name: 'once', data: { b: 2 }, schedule_at: at(900_000) });
    assert.deepEqual(store.delete({ name: 'once' }), { status: 200, message: 'Schedule deleted' });
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
  await $schedule.update({ name: 'every-5', data: { kind: 'recurring' }, schedule_at: new Date(Date.now() + 300000).toISOString(), repeat: { time_unit: 'minutes', frequency: 10 } });
  await $schedule.delete({ name: 'once' });
  const fetched = await $schedule.fetch({ name: 'every-5' });
  console.log(JSON.stringify(fetched.repeat));
  try { await $schedule.fetch({ name: 'once' }); } catch (error) { console.log(JSON.stringify(error)); }
},`,
      }),
    );
    await platform.install();
    const result = await platform.emitProductEvent('onTicketCreate', {});
    assert.deepEqual(result.logs.map((line) => JSON.parse(line) as unknown), [{ time_unit: 'minutes', frequency: 10, timezone: 'UTC' }, { status: 404, message: 'Schedule does not exist' }]);
    assert.strictEqual(result.scheduleOps, 4);
    const fired = await platform.advance(3_600_000);
    assert.strictEqual(fired.length, 6);
  });
});
