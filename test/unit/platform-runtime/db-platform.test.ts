import { assert } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVirtualClock } from '../../../tools/platform/platform-clock.js';
import { cleanUp, makeFixtureApp, START, startPlatform } from './fixture-app.js';

/** Runs `args.data.ops` ($db calls) in order and logs each outcome. */
const DB_RUNNER = `
onTicketCreateHandler: async function (args) {
  for (const op of args.data.ops) {
    try {
      const value = await $db[op[0]].apply(null, op.slice(1));
      console.log(JSON.stringify({ ok: true, value: value }));
    } catch (error) {
      console.log(JSON.stringify({ ok: false, error: error }));
    }
  }
},
echo: function (args) {
  $db.set('early', { a: 1 }).then(function () { renderData(null, 'stored'); }, function (error) { renderData(null, error); });
},`;

interface Outcome {
  ok: boolean;
  value?: unknown;
  error?: { status: number; message: string };
}

const parse = (logs: string[]): Outcome[] => logs.map((line) => JSON.parse(line) as Outcome);

describe('platform runtime: $db inside the platform', () => {
  const folders: string[] = [];
  afterEach(async () => {
    await cleanUp();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('allows 50 $db operations per platform minute, then rejects 429, and opens a new window a minute later', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: DB_RUNNER }));
    await platform.install();
    const ops = [['set', 'k', { v: 1 }], ...Array.from({ length: 50 }, () => ['get', 'k'])];
    const result = await platform.emitProductEvent('onTicketCreate', { ops });
    const outcomes = parse(result.logs);
    assert.strictEqual(outcomes.filter((o) => o.ok).length, 50);
    assert.deepEqual(outcomes[50]?.error, { status: 429, message: 'You have exceeded the limit of 50 requests per minute' });
    assert.strictEqual(result.dbOps, 51);
    assert.strictEqual(platform.metrics.totals.dbRateLimited, 1);
    await platform.advance(60_000);
    const later = await platform.emitProductEvent('onTicketCreate', { ops: [['get', 'k']] });
    assert.deepEqual(parse(later.logs)[0], { ok: true, value: { v: 1 } });
  });

  it('holds each minute\'s $db budget spent while the fault is on; after it is off, the next minute is free', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: DB_RUNNER }));
    await platform.install();
    await platform.emitProductEvent('onTicketCreate', { ops: [['set', 'k', { v: 1 }]] });
    platform.faults.holdDbMinuteSpent(true);
    const spent = parse((await platform.emitProductEvent('onTicketCreate', { ops: [['get', 'k']] })).logs);
    assert.deepEqual(spent[0]?.error, { status: 429, message: 'You have exceeded the limit of 50 requests per minute' });
    await platform.advance(60_000);
    assert.isFalse(parse((await platform.emitProductEvent('onTicketCreate', { ops: [['get', 'k']] })).logs)[0]?.ok, 'still spent in the next minute');
    platform.faults.holdDbMinuteSpent(false);
    assert.isFalse(parse((await platform.emitProductEvent('onTicketCreate', { ops: [['get', 'k']] })).logs)[0]?.ok, 'the current minute stays spent');
    await platform.advance(60_000);
    assert.deepEqual(parse((await platform.emitProductEvent('onTicketCreate', { ops: [['get', 'k']] })).logs)[0], { ok: true, value: { v: 1 } });
  });

  it('refuses $db before the app is installed (a server method on the installation page)', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: DB_RUNNER }));
    const result = await platform.invokeMethod('echo', {});
    assert.deepEqual(result.rendered?.data, { status: 400, message: '$db is available only after the app is installed' });
  });

  it('keeps $db records, schedules and the installation in the state file across a restart', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'fdk-state-'));
    folders.push(folder);
    const stateFile = join(folder, 'nested', 'state.json');
    const root = makeFixtureApp({
      handlers: `${DB_RUNNER}
onAppInstallHandler: async function () {
  await $schedule.create({ name: 'drain', data: { q: 1 }, schedule_at: new Date(Date.now() + 600000).toISOString(), repeat: { time_unit: 'minutes', frequency: 5 } });
  renderData();
},`,
    });
    const first = await startPlatform(root, { stateFile });
    await first.install();
    await first.emitProductEvent('onTicketCreate', { ops: [['set', 'ticket-1', { alert: 'a1' }], ['set', 'short', { v: 1 }, { ttl: 30 }]] });
    const url = first.externalEventUrl;
    await first.close();
    assert.include(readFileSync(stateFile, 'utf8'), 'ticket-1');

    const second = await startPlatform(root, { stateFile, clock: createVirtualClock(START + 60_000) });
    assert.isTrue(second.installed);
    assert.strictEqual(second.externalEventUrl.split('/__fdk/')[1], url.split('/__fdk/')[1], 'same installation and token');
    assert.deepEqual(second.db.get('ticket-1'), { alert: 'a1' });
    assert.isUndefined(second.db.get('short'), 'the ttl ran out while the platform was down');
    assert.deepEqual(second.schedules.list().map((s) => s.name), ['drain']);
    const read = await second.emitProductEvent('onTicketCreate', { ops: [['get', 'ticket-1']] });
    assert.deepEqual(parse(read.logs)[0]?.value, { alert: 'a1' });
  });

  it('deletes all $db data and schedules on uninstall, and events stop reaching the app', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: DB_RUNNER }));
    await platform.install();
    await platform.emitProductEvent('onTicketCreate', { ops: [['set', 'k', { v: 1 }]] });
    const result = await platform.uninstall();
    assert.isTrue(result.ok);
    assert.isFalse(platform.installed);
    assert.deepEqual(platform.db.keys(), []);
    const dropped = await platform.emitProductEvent('onTicketCreate', { ops: [['get', 'k']] });
    assert.include(dropped, { ok: false, dropped: true, error: 'the app is not installed' });
  });

  it('lets tests seed and inspect records without limits or metrics', async () => {
    const platform = await startPlatform(makeFixtureApp({ handlers: DB_RUNNER }));
    await platform.install();
    platform.db.set('seeded', { v: 1 });
    const result = await platform.emitProductEvent('onTicketCreate', { ops: [['get', 'seeded']] });
    assert.deepEqual(parse(result.logs)[0]?.value, { v: 1 });
    assert.strictEqual(platform.metrics.totals.dbOps, 1);
    platform.db.reset();
    assert.deepEqual(platform.db.keys(), []);
  });
});
