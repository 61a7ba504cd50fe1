import { assert } from 'chai';
import { fnv1a, fnv1a64 } from '../../../server/src/text/fnv1a.js';
import type { QueueItem } from '../../../server/src/work/delivery-queue.js';
import { guardName, origin, park, parkedName, placeGuard, RESERVE_FLAG, type Parkable } from '../../../server/src/work/park.js';
import { TICK_SCHEDULE } from '../../../server/src/handlers/run-tick.js';
import { fitName, MAX_SCHEDULE_NAME, shortId } from '../../../server/src/work/schedule-rules.js';
import { fakeDeps } from '../../fakes/fake-deps.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
/** Notification ids as SIGNL4 might send them: GUIDs, long hex, odd characters, absurdly long. */
const CALLBACK_IDS = ['n-1', '5f0c6b9e-3d4a-4c1b-9e7f-2a8b6c4d1e0f', '638d9f3a1b2c4d5e6f7081929a3b4c5d', 'ünïcødé/ïd with spaces', 'x'.repeat(500)];
const TICKETS = [1, 42, 123_456, 2_147_483_647, 9_999_999_999];
const COMEBACKS = [0, 1, 17, 240];

/** Every kind of job over the ids above; a callback job is named by its notification id alone (it is one notification). */
function everyJob(): Parkable[] {
  const jobs: Parkable[] = [];
  for (const k of COMEBACKS) for (const id of CALLBACK_IDS) jobs.push({ job: 'callback', cb: { id, type: 201 }, since: NOW, k });
  for (const t of TICKETS) {
    for (const k of COMEBACKS) {
      const since = { since: NOW, k };
      jobs.push({ job: 'sent', t, xid: 'x', at: NOW, ...since }, { job: 'forward', t, ...since });
      jobs.push({ job: 'item', item: { k: 'd', t, n: 0, due: NOW, since: NOW, r: 'r' }, ...since });
      jobs.push({ job: 'item', item: { k: 's', t, n: 0, due: NOW, since: NOW, r: 'r', st: 'resolved', xid: 'x', note: 'n' }, ...since });
      for (const id of CALLBACK_IDS) {
        const cb = { id, type: 201 };
        const rest: QueueItem = { k: 'c', t, n: 0, due: NOW, since: NOW, r: 'r', cb, plan: { note: 'n', timeline: { k: 'acknowledged', t: 'x' } }, noteDone: false };
        jobs.push({ job: 'item', item: rest, ...since });
      }
    }
  }
  return jobs;
}

describe('schedule rules: the names and times the app gives $schedule', () => {
  it('FNV-1a matches its published test vectors', () => {
    assert.equal(fnv1a(''), '811c9dc5');
    assert.equal(fnv1a('a'), 'e40c292c');
    assert.equal(fnv1a('foobar'), 'bf9cf968');
    assert.lengthOf(fnv1a64('foobar'), 16);
  });

  it('every schedule name the app can produce is at most 30 characters, stable, and unique per job', () => {
    const names = new Set<string>();
    const jobs = everyJob();
    for (const job of jobs) {
      const name = parkedName(job);
      assert.isAtMost(name.length, MAX_SCHEDULE_NAME, name);
      assert.equal(parkedName(structuredClone(job)), name, 'stable');
      names.add(name);
      if (job.job === 'callback' || job.job === 'forward') {
        const guard = guardName(job);
        assert.isAtMost(guard.length, MAX_SCHEDULE_NAME, guard);
        names.add(guard);
      }
    }
    const guarded = jobs.filter((job) => job.job === 'callback' || job.job === 'forward').length;
    assert.equal(names.size, jobs.length + guarded, 'no two jobs (or a job and its guard) share a name');
    for (const fixed of [TICK_SCHEDULE, RESERVE_FLAG]) assert.isAtMost(fixed.length, MAX_SCHEDULE_NAME, fixed);
  });

  it('keeps short plain ids readable and hashes the rest', () => {
    assert.equal(shortId('n-1', 16), 'n-1');
    assert.match(shortId('5f0c6b9e-3d4a-4c1b-9e7f-2a8b6c4d1e0f', 16), /^_[0-9a-f]{15}$/);
    assert.equal(fitName('s4-short'), 's4-short');
    assert.match(fitName(`s4-${'y'.repeat(40)}`), /^s4-_[0-9a-f]{16}$/);
  });

  it('parks and guards with names the platform accepts, for long callback ids too', async () => {
    const deps = fakeDeps(NOW);
    const cb = { id: CALLBACK_IDS[1] as string, type: 201 };
    assert.isTrue(await park(deps, { job: 'callback', cb, ...origin(NOW) }));
    assert.isString(await placeGuard(deps, { job: 'callback', cb, ...origin(NOW) }));
    assert.lengthOf([...deps.scheduler.schedules.keys()], 3, 'parked, reserve flag, guard');
  });

  describe('one-time schedules are accepted when the platform clock moves on during the invocation', () => {
    it('a parked job and a guard reach the platform up to a minute late and are still 5 minutes ahead', async () => {
      const deps = fakeDeps(NOW);
      deps.scheduler.arrivalLagMs = 59_000;
      const cb = { id: 'n-9', type: 201 };
      assert.isTrue(await park(deps, { job: 'callback', cb, ...origin(NOW) }));
      assert.isString(await placeGuard(deps, { job: 'forward', t: 9, ...origin(NOW) }));
      assert.sameMembers([...deps.scheduler.schedules.keys()], ['s4-cb-n-9-0', RESERVE_FLAG, 's4-g-t9-0']);
    });

    it('the platform measures at arrival: "now + 5 minutes" that arrives a millisecond late is refused (why the app asks for 6)', async () => {
      const deps = fakeDeps(NOW);
      deps.scheduler.arrivalLagMs = 1;
      const error = await deps.scheduler.create({ name: 's4-late', data: {}, scheduleAt: new Date(NOW + 5 * 60_000) }).then(
        () => undefined,
        (failure: unknown) => failure as Error,
      );
      assert.match(error?.message ?? '', /at least 5 minutes in the future/);
    });
  });
});
