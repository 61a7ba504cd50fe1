/**
 * $db for the sandbox: the store's semantics (kv-store.ts) plus the platform's rules around it:
 * available only once the app is being installed or is installed; 50 operations per platform-clock
 * minute (every set/get/update/delete counts; over it: 429 "You have exceeded the limit of 50
 * requests per minute"); each call counted in the metrics and the invocation.
 */
import type { InvocationScope } from './invocation-scope.js';
import type { KvStore } from './kv-store.js';
import type { Limits } from './limits.js';
import { createMinuteWindow, type MinuteWindow } from './minute-window.js';
import type { PlatformClock } from './platform-clock.js';
import type { PlatformMetrics } from './platform-metrics.js';
import { refuse } from './platform-rejection.js';

export type DbOperation = 'set' | 'get' | 'update' | 'delete';

export interface DbApi {
  readonly window: MinuteWindow;
  /**
   * While on, each minute's budget is found used up (as when other invocations of the same app
   * spent it): every call is refused with 429 until the next minute after it is turned off.
   */
  holdSpent(on: boolean): void;
  call(operation: DbOperation, args: unknown[], scope?: InvocationScope): Promise<unknown>;
}

export interface DbApiOptions {
  store: KvStore;
  clock: PlatformClock;
  limits: Limits;
  metrics: PlatformMetrics;
  available: () => boolean;
}

function run(store: KvStore, operation: DbOperation, args: unknown[]): unknown {
  switch (operation) {
    case 'set':
      return store.set(args[0], args[1], args[2]);
    case 'get':
      return store.get(args[0]);
    case 'update':
      return store.update(args[0], args[1], args[2]);
    default:
      return store.delete(args[0]);
  }
}

export function createDbApi(options: DbApiOptions): DbApi {
  const window = createMinuteWindow(options.limits.dbOpsPerMinute, () => options.clock.now());
  let spent = false;
  return {
    window,
    holdSpent(on) {
      spent = on;
      if (on) window.exhaust();
    },
    call(operation, args, scope) {
      // The executor's throws become rejections, as the platform rejects rather than throws.
      return new Promise((resolve) => {
        options.metrics.count('dbOps');
        const settled = scope?.enter('db');
        try {
          if (!options.available()) throw refuse(400, '$db is available only after the app is installed');
          if (spent) window.exhaust();
          if (!window.take().ok) {
            options.metrics.count('dbRateLimited');
            throw refuse(429, `You have exceeded the limit of ${window.limit} requests per minute`);
          }
          resolve(run(options.store, operation, args));
        } finally {
          settled?.();
        }
      });
    },
  };
}
