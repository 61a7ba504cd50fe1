import { assert } from 'chai';
import { AppError } from '../../../server/src/errors/errors.js';
import { schedulerOver, storeOver, type FdkDb, type FdkSchedule } from '../../../server/src/platform/fdk-platform.js';
import { consoleSink, createLogger } from '../../../server/src/platform/logger.js';
import { rejects } from '../../fakes/rejects.js';

/** A $db whose every call rejects with the given plain body (as the platform does). */
function dbRejecting(body: unknown): FdkDb {
  const refuse = (): Promise<never> => Promise.reject(body);
  return { get: refuse, set: refuse, update: refuse, delete: refuse };
}

function scheduleRejecting(body: unknown): FdkSchedule {
  const refuse = (): Promise<never> => Promise.reject(body);
  return { create: refuse, fetch: refuse, delete: refuse };
}

const same = (text: string): string => text;
const SPEC = { name: 's4-x', data: {}, scheduleAt: new Date(0) };

describe('fdk-platform adapters: the platform\'s answers as the app reads them', () => {
  it('$db get: 404 "Record not found" is a missing record; 404 "Route not allowed" is a failure', async () => {
    assert.isUndefined(await storeOver(dbRejecting({ status: 404, message: 'Record not found' }), same).get('k'));
    const gated = (await rejects(storeOver(dbRejecting({ status: 404, message: 'Route not allowed' }), same).get('k'))) as AppError;
    assert.equal(gated.code, 'store_failed');
  });

  it('$db set with setIf: 400 "The setIf conditional request failed" resolves false; without setIf it is a failure', async () => {
    const db = dbRejecting({ status: 400, message: 'The setIf conditional request failed' });
    assert.isFalse(await storeOver(db, same).set('k', { v: 1 }, { setIf: 'not_exist' }));
    assert.equal(((await rejects(storeOver(db, same).set('k', { v: 1 }))) as AppError).code, 'store_failed');
  });

  it('$db update: the invalid-path 400 and remove on a missing record are not_found; 429 is rate_limited; others store_failed', async () => {
    const cases: Array<[unknown, AppError['code']]> = [
      [{ status: 400, message: 'One or more paths in the attributes are invalid or overlapping with each other' }, 'not_found'],
      [{ status: 404, message: 'Record not found' }, 'not_found'],
      [{ status: 429, message: 'You have exceeded the limit of 50 requests per minute' }, 'rate_limited'],
      [{ status: 400, message: 'Key length should not exceed 30 characters' }, 'store_failed'],
    ];
    for (const [body, code] of cases) {
      const error = (await rejects(storeOver(dbRejecting(body), same).update('q', 'set', { 'items.d1': 1 }))) as AppError;
      assert.equal(error.code, code, JSON.stringify(body));
      assert.include(error.message, (body as { message: string }).message);
    }
    const remove = (await rejects(storeOver(dbRejecting({ status: 400, message: 'The specified key for remove operation does not exist in the data store' }), same).remove('q', ['a']))) as AppError;
    assert.equal(remove.code, 'not_found');
  });

  it('$db delete of a missing key is done', async () => {
    await storeOver(dbRejecting({ status: 404, message: 'Record not found' }), same).delete('k');
  });

  it('$schedule: 400 "already exists" is "exists"; 404 "Schedule does not exist" is absence; other refusals keep the platform\'s words', async () => {
    assert.equal(await schedulerOver(scheduleRejecting({ status: 400, message: 'This Schedule name already exists' })).create(SPEC), 'exists');
    const missing = scheduleRejecting({ status: 404, message: 'Schedule does not exist' });
    assert.isFalse(await schedulerOver(missing).exists('s4-x'));
    await schedulerOver(missing).delete('s4-x');
    const refused = (await rejects(schedulerOver(scheduleRejecting({ status: 400, message: 'Name length must not be greater than 30' })).create(SPEC))) as AppError;
    assert.include(refused, { code: 'rejected', status: 400 });
    assert.include(refused.message, 'Name length must not be greater than 30');
    const statusless = (await rejects(schedulerOver(scheduleRejecting({ message: 'The maximum number of recurring schedules is 1' })).create(SPEC))) as AppError;
    assert.include(statusless.message, 'The maximum number of recurring schedules is 1');
  });
});

describe('logger over the sandbox console', () => {
  const capture = (withWarn: boolean): { lines: string[]; target: Parameters<typeof consoleSink>[0] } => {
    const lines: string[] = [];
    const at = (method: string) => (...args: unknown[]) => lines.push(`${method}: ${args.join(' ')}`);
    return { lines, target: { log: at('log'), info: at('info'), error: at('error'), ...(withWarn ? { warn: at('warn') } : {}) } };
  };

  it('writes warnings with console.log and a WARN tag where console.warn is missing (the CLI sandbox)', () => {
    const { lines, target } = capture(false);
    const log = createLogger(consoleSink(target), same);
    log.info('one');
    log.warn('two');
    log.error('three');
    assert.deepEqual(lines, ['info: [signl4] one', 'log: WARN [signl4] two', 'error: [signl4] three']);
  });

  it('uses console.warn where it is a function', () => {
    const { lines, target } = capture(true);
    createLogger(consoleSink(target), same).warn('two');
    assert.deepEqual(lines, ['warn: [signl4] two']);
  });
});
