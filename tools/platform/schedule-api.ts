/**
 * $schedule for the sandbox: the store's rules (schedule-store.ts), available once the app is
 * being installed or is installed, each call counted in the metrics and the invocation.
 */
import type { InvocationScope } from './invocation-scope.js';
import type { PlatformMetrics } from './platform-metrics.js';
import { refuse } from './platform-rejection.js';
import type { ScheduleStore } from './schedule-store.js';

export type ScheduleOperation = 'create' | 'fetch' | 'update' | 'delete';

export interface ScheduleApi {
  call(operation: ScheduleOperation, arg: unknown, scope?: InvocationScope): Promise<unknown>;
}

export function createScheduleApi(options: { store: ScheduleStore; metrics: PlatformMetrics; available: () => boolean }): ScheduleApi {
  return {
    call(operation, arg, scope) {
      // The executor's throws become rejections, as the platform rejects rather than throws.
      return new Promise((resolve) => {
        options.metrics.count('scheduleOps');
        const settled = scope?.enter('schedule');
        try {
          if (!options.available()) throw refuse(400, '$schedule is available only after the app is installed');
          resolve(options.store[operation](arg));
        } finally {
          settled?.();
        }
      });
    },
  };
}
