/**
 * The app's KvStore for unit tests: the app's own $db adapter (fdk-platform.ts storeOver) over the
 * local platform's $db model (tools/platform/kv-store.ts), so every test meets the one emulation
 * of the FDK's rules. It counts operations, and failures can be injected in front of it.
 */
import { AppError } from '../../server/src/errors/errors.js';
import { storeOver, type FdkDb } from '../../server/src/platform/fdk-platform.js';
import type { KvStore, SetOptions } from '../../server/src/platform/platform-types.js';
import { createKvStore, type KvStore as PlatformKvStore } from '../../tools/platform/kv-store.js';
import { DEFAULT_LIMITS } from '../../tools/platform/limits.js';
import { rejectionBody } from '../../tools/platform/platform-rejection.js';

/** Runs a platform call as the sandbox sees it: resolved, or rejected with the plain { status, message }. */
export function asPlatformCall<T>(run: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      resolve(run());
    } catch (error) {
      reject(rejectionBody(error));
    }
  });
}

/** $db as the sandbox has it, over one platform store. */
export function fdkDbOver(platform: PlatformKvStore): FdkDb {
  return {
    get: (key) => asPlatformCall(() => platform.get(key)),
    set: (key, value, options) => asPlatformCall(() => platform.set(key, value, options)),
    update: (key, action, attributes) => asPlatformCall(() => platform.update(key, action, attributes)),
    delete: (key) => asPlatformCall(() => platform.delete(key)),
  };
}

export type StoreOp = 'get' | 'set' | 'update' | 'remove' | 'delete';

/** Decides whether one operation fails (return the error) or runs (return undefined). */
export type FailureRule = (op: StoreOp, key: string) => AppError | undefined;

export class MemoryStore implements KvStore {
  /** The platform's store itself (for inspection without counting). */
  readonly platform: PlatformKvStore;
  ops = 0;
  /** Every operation in order, failed ones included (the platform counts them too). */
  readonly opLog: Array<{ op: StoreOp; key: string }> = [];
  /** When set, the next operations reject with this error (one per call) until the queue is empty. */
  failures: AppError[] = [];
  private readonly rules: FailureRule[] = [];
  private readonly app: KvStore;

  constructor(now: () => number = () => Date.now()) {
    this.platform = createKvStore({ now, limits: DEFAULT_LIMITS });
    this.app = storeOver(fdkDbOver(this.platform), (text) => text);
  }

  /** The stored records (copies), for assertions. */
  get data(): Map<string, Record<string, unknown>> {
    return new Map(this.platform.keys().flatMap((key) => {
      const value = this.platform.peek(key);
      return value === undefined ? [] : [[key, value] as [string, Record<string, unknown>]];
    }));
  }

  /** Fails the operations a rule picks (e.g. only updates of one key), for as long as the rule says. */
  failWhen(rule: FailureRule): this {
    this.rules.push(rule);
    return this;
  }

  /** A record as stored (a copy), for assertions. */
  peek<T>(key: string): T | undefined {
    return this.platform.peek(key) as T | undefined;
  }

  /** Operations since the last reset, optionally of one kind. */
  count(op?: StoreOp): number {
    return op === undefined ? this.opLog.length : this.opLog.filter((o) => o.op === op).length;
  }

  resetCounts(): void {
    this.ops = 0;
    this.opLog.length = 0;
  }

  private tick(op: StoreOp, key: string): void {
    this.ops += 1;
    this.opLog.push({ op, key });
    for (const rule of this.rules) {
      const ruled = rule(op, key);
      if (ruled !== undefined) throw ruled;
    }
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
  }

  async get<T extends object>(key: string): Promise<T | undefined> {
    this.tick('get', key);
    return this.app.get<T>(key);
  }

  async set(key: string, value: object, options?: SetOptions): Promise<boolean> {
    this.tick('set', key);
    return this.app.set(key, value, options);
  }

  async update(key: string, action: 'set' | 'increment' | 'append', attributes: Record<string, unknown>): Promise<void> {
    this.tick('update', key);
    return this.app.update(key, action, attributes);
  }

  async remove(key: string, paths: string[]): Promise<void> {
    this.tick('remove', key);
    return this.app.remove(key, paths);
  }

  async delete(key: string): Promise<void> {
    this.tick('delete', key);
    return this.app.delete(key);
  }
}

export function storeRateLimited(): AppError {
  return new AppError({ code: 'rate_limited', operation: '$db update', status: 429, message: '$db update failed: budget spent' });
}

export function storeUnavailable(key = 'db'): AppError {
  return new AppError({ code: 'store_failed', operation: `update ${key}`, status: 500, message: '$db failed' });
}
