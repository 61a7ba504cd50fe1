/** Small helpers the benchmark scenarios share: minute boundaries, picking invocations, Signls. */
import type { InvocationResult } from '../platform/platform-types.js';
import type { Signl } from '../simulators/index.js';
import type { BenchLoop } from './bench-loop.js';

export interface Cost {
  requests: number;
  dbOps: number;
}

/** The ticket id inside an external id `FS-<account>-<ticket>-<generation>-<tag>`. */
export function ticketOf(externalId: string | undefined): string {
  return String(externalId?.split('-')[2]);
}

export function signlOf(loop: BenchLoop, ticketId: number): Signl {
  const signl = loop.s4.signls().find((s) => ticketOf(s.externalId) === String(ticketId));
  if (signl === undefined) throw new Error(`ticket ${ticketId} has no Signl`);
  return signl;
}

/** Moves platform time to the start of the next minute: fresh $request and $db windows. */
export async function nextMinute(loop: BenchLoop): Promise<void> {
  await loop.platform.advance(60_000 - (loop.clock.now() % 60_000));
}

/** Runs `action` and returns the invocations of `event` it caused (everything settled). */
export async function invocationsOf(loop: BenchLoop, event: string, action: () => Promise<unknown>): Promise<InvocationResult[]> {
  const before = loop.platform.metrics.totals.invocations;
  await action();
  await loop.s4.whenIdle();
  await loop.fs.whenIdle();
  const added = loop.platform.metrics.totals.invocations - before;
  return loop.platform.metrics.invocations.slice(-added).filter((i) => i.event === event);
}

/** The cost of the one invocation of `event` that `action` caused. */
export async function costOf(loop: BenchLoop, event: string, action: () => Promise<unknown>): Promise<Cost> {
  const found = await invocationsOf(loop, event, action);
  if (found.length !== 1) throw new Error(`expected one ${event}, got ${found.length}`);
  const [only] = found as [InvocationResult];
  if (!only.ok) throw new Error(`${event} failed: ${only.error ?? 'unknown'}`);
  return { requests: only.requests, dbOps: only.dbOps };
}
