/**
 * What lets the installation page's validate() answer a boolean at once: the outcome of the checks
 * per snapshot of the form (SnapshotChecks) and the Freshservice key check remembered per key
 * (KeyChecks). The browser tests (test/browser/iparams.test.ts) show the same on the page.
 */
import { assert } from 'chai';
import type { KeyCheck } from '../../../../ui/iparams/freshservice-check.js';
import { KeyChecks } from '../../../../ui/iparams/key-checks.js';
import type { FieldProblem } from '../../../../ui/iparams/settings-check.js';
import { SnapshotChecks } from '../../../../ui/iparams/snapshot-checks.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const CHOICES = { statuses: ['Open'], types: [], sources: [], groups: [] };
const OK: KeyCheck = { ok: true, choices: CHOICES };
const REJECTED: KeyCheck = { ok: false, message: 'wrong key' };
const LIMITED: KeyCheck = { ok: false, message: 'rate-limited', retryInSeconds: 30 };

/** A KeyChecks whose runs answer from `answers` in turn, on a clock the test moves. */
function keyChecks(...answers: KeyCheck[]): { checks: KeyChecks; runs: string[]; clock: { now: number } } {
  const runs: string[] = [];
  const clock = { now: 1_000_000 };
  const checks = new KeyChecks(
    (apiKey) => {
      runs.push(apiKey);
      return Promise.resolve(answers[Math.min(runs.length, answers.length) - 1] ?? OK);
    },
    () => clock.now,
  );
  return { checks, runs, clock };
}

describe('installation page: the key check remembered per key', function () {
  it('a key that passed is not checked again, in the background or on Install', async function () {
    const { checks, runs } = keyChecks(OK);
    assert.deepEqual(await checks.check('k1', false), OK);
    assert.deepEqual(await checks.check('k1', true), OK);
    assert.deepEqual(await checks.check('k1', false), OK);
    assert.deepEqual(runs, ['k1']);
  });

  it('callers asking while a check of the same key runs share it', async function () {
    const answer = deferred<KeyCheck>();
    let runs = 0;
    const checks = new KeyChecks(() => {
      runs += 1;
      return answer.promise;
    });
    const both = Promise.all([checks.check('k1', false), checks.check('k1', true)]);
    answer.resolve(OK);
    assert.deepEqual(await both, [OK, OK]);
    assert.strictEqual(runs, 1);
  });

  it('a wrong key is reused by background checks but asked again on each explicit attempt', async function () {
    const { checks, runs } = keyChecks(REJECTED, REJECTED, OK);
    assert.deepEqual(await checks.check('k1', false), REJECTED);
    assert.deepEqual(await checks.check('k1', false), REJECTED);
    assert.deepEqual(runs, ['k1'], 'editing other fields does not call Freshservice again');
    assert.deepEqual(await checks.check('k1', true), REJECTED);
    assert.deepEqual(await checks.check('k1', true), OK, 'the role was fixed in the meantime');
    assert.deepEqual(runs, ['k1', 'k1', 'k1']);
  });

  it('a rate limit is never the final answer: Install asks again at once, the background after Retry-After', async function () {
    const { checks, runs, clock } = keyChecks(LIMITED, OK);
    assert.deepEqual(await checks.check('k1', false), LIMITED);
    clock.now += 29_000;
    assert.deepEqual(await checks.check('k1', false), LIMITED, 'within Retry-After the background waits');
    assert.lengthOf(runs, 1);
    clock.now += 1_000;
    assert.deepEqual(await checks.check('k1', false), OK, 'after Retry-After the background asks again');
    assert.lengthOf(runs, 2);

    const explicit = keyChecks(LIMITED, OK);
    await explicit.checks.check('k1', false);
    assert.deepEqual(await explicit.checks.check('k1', true), OK, 'Install does not wait for Retry-After');
  });

  it('a missing answer (retry in 0 s) is asked again by the next background check', async function () {
    const { checks, runs } = keyChecks({ ok: false, message: 'no answer', retryInSeconds: 0 }, OK);
    await checks.check('k1', false);
    assert.deepEqual(await checks.check('k1', false), OK);
    assert.lengthOf(runs, 2);
  });

  it('remembers the last 20 keys', async function () {
    const { checks, runs } = keyChecks(OK);
    for (let i = 0; i <= 20; i += 1) await checks.check(`k${i}`, false);
    await checks.check('k20', false);
    assert.lengthOf(runs, 21);
    await checks.check('k0', false);
    assert.lengthOf(runs, 22, 'the oldest key was forgotten');
  });
});

const PROBLEM: FieldProblem = { field: 'note_closed', message: 'Unknown placeholder {usr}.' };

/** SnapshotChecks whose checks wait for the test to answer them, in the order they started. */
function snapshotChecks(): { checks: SnapshotChecks<string>; started: Array<{ input: string; fresh: boolean; answer: Deferred<FieldProblem[]> }> } {
  const started: Array<{ input: string; fresh: boolean; answer: Deferred<FieldProblem[]> }> = [];
  const checks = new SnapshotChecks<string>(
    (input, fresh) => {
      const answer = deferred<FieldProblem[]>();
      started.push({ input, fresh, answer });
      return answer.promise;
    },
    () => [{ field: '', message: 'could not check' }],
  );
  return { checks, started };
}

describe('installation page: the checks per snapshot of the form', function () {
  it('a snapshot passes only once a check of it found no problem', async function () {
    const { checks, started } = snapshotChecks();
    assert.isFalse(checks.passed('s1'));
    assert.isFalse(checks.known('s1'));
    const run = checks.start('s1', 'values 1', true);
    assert.isFalse(checks.passed('s1'), 'not while it runs');
    assert.isTrue(checks.known('s1'));
    started[0]?.answer.resolve([]);
    assert.deepEqual(await run, []);
    assert.isTrue(checks.passed('s1'));
    assert.isFalse(checks.passed('s2'), 'another snapshot is not checked');
  });

  it('a snapshot with problems does not pass', async function () {
    const { checks, started } = snapshotChecks();
    const run = checks.start('s1', 'values', true);
    started[0]?.answer.resolve([PROBLEM]);
    assert.deepEqual(await run, [PROBLEM]);
    assert.isFalse(checks.passed('s1'));
    assert.isTrue(checks.known('s1'));
  });

  it('Install does not join a background check (it may reuse failed key checks) but a background caller joins Install', async function () {
    const { checks, started } = snapshotChecks();
    const background = checks.start('s1', 'values', false);
    assert.strictEqual(checks.start('s1', 'values', false), background, 'two background callers share');
    const install = checks.start('s1', 'values', true);
    assert.notStrictEqual(install, background);
    assert.deepEqual(
      started.map((s) => s.fresh),
      [false, true],
    );
    assert.strictEqual(checks.start('s1', 'values', false), install);
    assert.strictEqual(checks.start('s1', 'values', true), install);
    started[1]?.answer.resolve([]);
    started[0]?.answer.resolve([PROBLEM]);
    await Promise.all([install, background]);
    assert.isTrue(checks.passed('s1'), 'the later check decides, whatever ends last');
  });

  it('a check that throws or rejects counts as a problem, never as a pass', async function () {
    const throwing = new SnapshotChecks<string>(
      () => {
        throw new Error('boom');
      },
      () => [{ field: '', message: 'could not check' }],
    );
    assert.deepEqual(await throwing.start('s1', 'v', true), [{ field: '', message: 'could not check' }]);
    assert.isFalse(throwing.passed('s1'));
    const rejecting = new SnapshotChecks<string>(
      () => Promise.reject(new Error('boom')),
      () => [{ field: '', message: 'could not check' }],
    );
    assert.deepEqual(await rejecting.start('s1', 'v', true), [{ field: '', message: 'could not check' }]);
    assert.isFalse(rejecting.passed('s1'));
  });

  it('a finished snapshot is checked afresh when started again (Install after a failure asks again)', async function () {
    const { checks, started } = snapshotChecks();
    const first = checks.start('s1', 'values', true);
    started[0]?.answer.resolve([PROBLEM]);
    await first;
    const second = checks.start('s1', 'values', true);
    assert.lengthOf(started, 2);
    started[1]?.answer.resolve([]);
    await second;
    assert.isTrue(checks.passed('s1'));
  });
});
