/**
 * A burst of N matching tickets created within one minute of platform time, in an installation
 * that has been running for a while (its scheduled tick is live), then whole minutes of platform
 * time until every ticket has its Signl, nothing new arrives for `stallMinutes`, or `capMinutes`
 * pass. Counts what reached SIGNL4 per ticket (delivered, duplicates, lost), the platform time
 * from the first ticket to the last Signl, and what the platform counted for the app.
 */
import { startBenchLoop, urgentIncident, type BenchLoop } from './bench-loop.js';
import { nextMinute, ticketOf } from './bench-steps.js';

export interface BurstResult {
  tickets: number;
  delivered: number;
  /** Tickets with more than one Signl. */
  duplicates: number;
  /** Tickets with no Signl when the run stopped. */
  lost: number;
  /** Platform minutes from the first ticket to the last Signl raised. */
  drainMinutes: number;
  /** Why the run stopped: 'drained', 'stalled' (nothing new for stallMinutes) or 'cap'. */
  stop: 'drained' | 'stalled' | 'cap';
  /** Platform calls counted by the platform (all handlers), refused ones included. */
  requests: number;
  dbOps: number;
  requestsRateLimited: number;
  dbRateLimited: number;
  /** Invocations the platform judged failed or killed. */
  failedInvocations: number;
  /** Signls raised per platform minute (minute 0 = the burst's). */
  perMinute: number[];
  realSeconds: number;
}

export interface BurstOptions {
  /** Platform ms over which the tickets are created (default 55 s: within one minute). */
  spreadMs?: number;
  /** Stop when no Signl was raised for this many platform minutes (default 30). */
  stallMinutes?: number;
  /** Stop after this many platform minutes in any case (default 24 h). */
  capMinutes?: number;
}

async function createBurst(loop: BenchLoop, size: number, spreadMs: number): Promise<string[]> {
  const step = Math.floor(spreadMs / size);
  const ids: string[] = [];
  for (let i = 0; i < size; i += 1) {
    const ticket = await loop.fs.createTicket(urgentIncident({ subject: `Burst ticket ${i}` }));
    ids.push(String(ticket['id']));
    await loop.platform.advance(step);
  }
  return ids;
}

/** Advances minute by minute until drained, stalled or capped. */
async function drain(loop: BenchLoop, size: number, start: number, options: BurstOptions): Promise<BurstResult['stop']> {
  const stall = options.stallMinutes ?? 30;
  const cap = options.capMinutes ?? 24 * 60;
  let lastCount = -1;
  let quiet = 0;
  for (let minute = 0; minute < cap; minute += 1) {
    const count = new Set(loop.s4.signls().map((s) => ticketOf(s.externalId))).size;
    if (count >= size) return 'drained';
    quiet = count === lastCount ? quiet + 1 : 0;
    if (quiet >= stall) return 'stalled';
    lastCount = count;
    await nextMinute(loop);
    await loop.s4.whenIdle();
  }
  return loop.clock.now() - start >= cap * 60_000 ? 'cap' : 'drained';
}

function tally(loop: BenchLoop, ids: readonly string[], start: number): Pick<BurstResult, 'delivered' | 'duplicates' | 'lost' | 'drainMinutes' | 'perMinute'> {
  const perTicket = new Map<string, number>();
  const perMinute: number[] = [];
  let last = start;
  for (const signl of loop.s4.signls()) {
    const id = ticketOf(signl.externalId);
    perTicket.set(id, (perTicket.get(id) ?? 0) + 1);
    last = Math.max(last, signl.createdAt);
    const minute = Math.floor((signl.createdAt - start) / 60_000);
    perMinute[minute] = (perMinute[minute] ?? 0) + 1;
  }
  return {
    delivered: ids.filter((id) => perTicket.has(id)).length,
    duplicates: [...perTicket.values()].filter((n) => n > 1).length,
    lost: ids.filter((id) => !perTicket.has(id)).length,
    drainMinutes: Math.round(((last - start) / 60_000) * 100) / 100,
    perMinute: Array.from(perMinute, (n) => n ?? 0),
  };
}

export async function runBurst(size: number, options: BurstOptions = {}): Promise<BurstResult> {
  const realStart = performance.now();
  const loop = await startBenchLoop();
  try {
    await loop.platform.advance(10 * 60_000);
    await nextMinute(loop);
    loop.platform.metrics.reset();
    const start = loop.clock.now();
    const ids = await createBurst(loop, size, options.spreadMs ?? 55_000);
    const stop = await drain(loop, size, start, options);
    const totals = loop.platform.metrics.totals;
    return {
      tickets: size,
      ...tally(loop, ids, start),
      stop,
      requests: totals.requests,
      dbOps: totals.dbOps,
      requestsRateLimited: totals.requestsRateLimited,
      dbRateLimited: totals.dbRateLimited,
      failedInvocations: totals.failedInvocations + totals.killedInvocations,
      realSeconds: Math.round((performance.now() - realStart) / 100) / 10,
    };
  } finally {
    await loop.close();
  }
}
