/**
 * Counters and the last errors for the diagnostics page, in one $db record `diag`, written with
 * atomic increments and appends (never read-modify-write from handlers).
 */
import type { AppError } from '../errors.js';
import type { Clock, KvStore, Logger } from '../platform/platform-types.js';

export type Counter = 'fwd' | 'dlv' | 'cbOk' | 'cbRej' | 'fail';
export const COUNTERS: readonly Counter[] = ['fwd', 'dlv', 'cbOk', 'cbRej', 'fail'];

export interface StoredError {
  at: number;
  code: string;
  operation: string;
  message: string;
  fix: string;
}

export const DIAG_KEY = 'diag';
export const MAX_ERRORS = 30;

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Best effort: a failure to count is logged, never allowed to fail the use case. */
export async function count(store: KvStore, clock: Clock, log: Logger, counters: Partial<Record<Counter, number>>): Promise<void> {
  const day = dayOf(clock.now());
  const attrs: Record<string, number> = {};
  for (const [name, by] of Object.entries(counters)) {
    attrs[name] = by;
    attrs[`d${day}_${name}`] = by;
  }
  try {
    await store.update(DIAG_KEY, 'increment', attrs);
  } catch (error) {
    log.warn('could not update the diagnostics counters', { error: String(error) });
  }
}

export async function recordError(store: KvStore, clock: Clock, log: Logger, error: AppError): Promise<void> {
  const stored: StoredError = { at: clock.now(), code: error.code, operation: error.operation, message: error.message.slice(0, 500), fix: error.fix.slice(0, 300) };
  try {
    await store.update(DIAG_KEY, 'append', { errors: [stored] });
  } catch (failure) {
    log.warn('could not record the error for the diagnostics page', { error: String(failure) });
  }
}
