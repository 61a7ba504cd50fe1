/** Totals and the per-invocation list (capped) that tests and the benchmark read. */
import type { InvocationResult } from './platform-types.js';

export interface MetricsTotals {
  invocations: number;
  failedInvocations: number;
  killedInvocations: number;
  droppedInvocations: number;
  /** $request calls (serverless and front end), refused ones included. */
  requests: number;
  requestsRateLimited: number;
  /** Calls refused before any HTTP (template rule, unmapped host, body size, not declared). */
  requestsRefused: number;
  /** HTTP attempts actually made (retries included). */
  httpAttempts: number;
  dbOps: number;
  dbRateLimited: number;
  scheduleOps: number;
  externalEvents: number;
  externalEventsRateLimited: number;
  externalEventsTooLarge: number;
  smiCalls: number;
  smiRateLimited: number;
  /** The longest invocation so far, real ms (the handler limit is real time). */
  maxDurationMs: number;
}

export interface PlatformMetrics {
  readonly totals: MetricsTotals;
  /** The most recent invocations, oldest first (at most `cap`). */
  readonly invocations: readonly InvocationResult[];
  readonly cap: number;
  count(name: keyof MetricsTotals, by?: number): void;
  record(result: InvocationResult): void;
  reset(): void;
}

function zero(): MetricsTotals {
  return {
    invocations: 0,
    failedInvocations: 0,
    killedInvocations: 0,
    droppedInvocations: 0,
    requests: 0,
    requestsRateLimited: 0,
    requestsRefused: 0,
    httpAttempts: 0,
    dbOps: 0,
    dbRateLimited: 0,
    scheduleOps: 0,
    externalEvents: 0,
    externalEventsRateLimited: 0,
    externalEventsTooLarge: 0,
    smiCalls: 0,
    smiRateLimited: 0,
    maxDurationMs: 0,
  };
}

export function createMetrics(cap = 10_000): PlatformMetrics {
  const totals = zero();
  const invocations: InvocationResult[] = [];
  return {
    totals,
    invocations,
    cap,
    count(name, by = 1) {
      totals[name] += by;
    },
    record(result) {
      totals.invocations += 1;
      if (!result.ok) totals.failedInvocations += 1;
      if (result.killed === true) totals.killedInvocations += 1;
      if (result.dropped === true) totals.droppedInvocations += 1;
      totals.maxDurationMs = Math.max(totals.maxDurationMs, result.durationMs);
      invocations.push(result);
      if (invocations.length > cap) invocations.splice(0, invocations.length - cap);
    },
    reset() {
      Object.assign(totals, zero());
      invocations.length = 0;
    },
  };
}
