/**
 * Counters and the last errors for the diagnostics page, in one $db record `diag`, written with
 * atomic increments and appends (never read-modify-write from handlers).
 */
import type { AppError } from '../errors/errors.js';
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

/**
 * SIGNL4's "created" confirmation of a Signl leaves this key in `diag` (in the same increment as
 * the day's count, so at no extra cost): evidence that SIGNL4 has the Signl, for a send whose
 * answer was lost or whose handler was stopped. Kept 10 to 20 minutes (rotateEvidence).
 */
export function evidenceKey(ticketId: number, generation: number): string {
  return `s${ticketId}_${generation}`;
}

const EVIDENCE = /^s\d+_\d+$/;

/** Best effort: a failure to count is logged, never allowed to fail the use case. */
export async function count(store: KvStore, clock: Clock, log: Logger, counters: Partial<Record<Counter, number>>, evidence?: string): Promise<void> {
  const day = dayOf(clock.now());
  const attrs: Record<string, number> = evidence === undefined ? {} : { [evidence]: 1 };
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

/**
 * Whether SIGNL4 confirmed this Signl (one $db read): 'unknown' when no confirmation has ever
 * arrived (SIGNL4's outbound webhook not registered), so that absence proves nothing.
 */
export async function signl4Evidence(store: KvStore, ticketId: number, generation: number): Promise<'confirmed' | 'absent' | 'unknown'> {
  const diag = await store.get<Record<string, unknown>>(DIAG_KEY);
  if (diag?.[evidenceKey(ticketId, generation)] !== undefined) return 'confirmed';
  return typeof diag?.['fwd'] === 'number' && diag['fwd'] > 0 ? 'absent' : 'unknown';
}

/** Days whose counters are kept (the diagnostics page shows the last seven). */
export const KEEP_DAYS = 14;

const DAY_COUNTER = /^d(\d{8})_/;

/** Per-day counter keys older than KEEP_DAYS. */
function oldDays(diag: Record<string, unknown>, now: number): string[] {
  const oldest = dayOf(now - KEEP_DAYS * 86_400_000);
  return Object.keys(diag).filter((key) => (DAY_COUNTER.exec(key)?.[1] ?? oldest) < oldest);
}

/**
 * Every ten minutes: evidence keys already seen last time are removed, the others remembered for
 * next time (so each lives 10 to 20 minutes); day counters older than KEEP_DAYS are removed and
 * the error list is trimmed. At most two writes.
 */
export async function tidyDiagnostics(store: KvStore, diag: Record<string, unknown> | undefined, now: number): Promise<void> {
  if (diag === undefined) return;
  const previous = new Set(strings(diag['seen']));
  const current = Object.keys(diag).filter((key) => EVIDENCE.test(key));
  const expired = [...current.filter((key) => previous.has(key)), ...oldDays(diag, now)];
  if (expired.length > 0) await store.remove(DIAG_KEY, expired);
  const seen = current.filter((key) => !previous.has(key));
  const errors = Array.isArray(diag['errors']) ? diag['errors'] : [];
  if (seen.length + previous.size > 0 || errors.length > MAX_ERRORS) await store.update(DIAG_KEY, 'set', { seen, errors: errors.slice(-MAX_ERRORS) });
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
}
