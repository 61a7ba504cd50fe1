/**
 * A burst of N matching tickets created within one minute of platform time, in an installation
 * that has been running for a while (its scheduled tick is live), then whole minutes of platform
 * time until every ticket has its Signl, nothing new arrives for `stallMinutes`, or `capMinutes`
 * pass. Counts what reached SIGNL4 per ticket (delivered, duplicates, lost), the platform time
 * from the first ticket to the last Signl, and what the platform counted for the app.
 *
 * Variants: `s4LatencyMs` (SIGNL4 answers that many real ms late; platform time is real while a
 * request waits and virtual between, see held-clock.ts), with a real-time budget after which the
 * latency is dropped and the drain finishes at once (so lost and duplicated are still counted; the
 * drain time is then projected from the minutes measured with latency); `readsPerMinute` (agents
 * open the sidebar that often during the whole run, sidebar-reads.ts).
 */
import { startBenchLoop, urgentIncident, type BenchLoop } from './bench-loop.js';
import { ticketOf } from './bench-steps.js';
import { projectDrain } from './burst-floor.js';
import { advanceReading, createSidebarReader, type ReadTally, type SidebarReader } from './sidebar-reads.js';

export interface BurstCut {
  /** Real seconds after which the latency was dropped. */
  afterRealSeconds: number;
  /** Whole platform minutes measured with latency (from the first ticket). */
  minutes: number;
  /** Tickets with a Signl by then. */
  delivered: number;
  /** Drain minutes projected at the pace of those minutes (burst-floor.ts projectDrain). */
  projectedDrainMinutes: number;
}

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
  scheduleOps: number;
  requestsRateLimited: number;
  dbRateLimited: number;
  /** Invocations the platform judged failed or killed. */
  failedInvocations: number;
  killedInvocations: number;
  /** The platform's longest invocation in the run, real ms (the handler limit is 20,000). */
  maxInvocationMs: number;
  /** Signls raised per platform minute (minute 0 = the burst's). */
  perMinute: number[];
  /** SIGNL4's added answer time, real ms (0 = none). */
  s4LatencyMs: number;
  /** Present when the latency run was cut to bound its real time. */
  cut?: BurstCut;
  /** Present with readsPerMinute. */
  reads?: ReadTally;
  realSeconds: number;
}

export interface BurstOptions {
  /** Platform ms over which the tickets are created (default 55 s: within one minute). */
  spreadMs?: number;
  /** Stop when no Signl was raised for this many platform minutes (default 30). */
  stallMinutes?: number;
  /** Stop after this many platform minutes in any case (default 24 h). */
  capMinutes?: number;
  /** SIGNL4 answers this many real ms late. */
  s4LatencyMs?: number;
  /** With s4LatencyMs: real seconds after which the latency is dropped (0 or absent: never). */
  realBudgetSeconds?: number;
  /** Sidebar opens per platform minute during the whole run. */
  readsPerMinute?: number;
}

const MIN_MEASURED_MINUTES = 3;

interface Run {
  loop: BenchLoop;
  size: number;
  start: number;
  realStart: number;
  ids: string[];
  reader: SidebarReader | undefined;
  options: BurstOptions;
  cut?: BurstCut;
}

/** Ticket i is created at start + i × step (an absolute time: real waits inside do not stretch the burst). */
async function createBurst(run: Run): Promise<void> {
  const step = Math.floor((run.options.spreadMs ?? 55_000) / run.size);
  for (let i = 0; i < run.size; i += 1) {
    await advanceReading(run.loop, run.start + i * step, run.reader);
    const ticket = await run.loop.fs.createTicket(urgentIncident({ subject: `Burst ticket ${i}` }));
    run.ids.push(String(ticket['id']));
  }
}

function signlled(loop: BenchLoop): number {
  return new Set(loop.s4.signls().map((s) => ticketOf(s.externalId))).size;
}

function perMinuteOf(loop: BenchLoop, start: number): number[] {
  const perMinute: number[] = [];
  for (const signl of loop.s4.signls()) {
    const minute = Math.floor((signl.createdAt - start) / 60_000);
    perMinute[minute] = (perMinute[minute] ?? 0) + 1;
  }
  return Array.from(perMinute, (n) => n ?? 0);
}

/** Past the real-time budget: SIGNL4 answers at once from now on; the pace so far is kept. */
function cutIfOverBudget(run: Run, count: number): void {
  const budget = run.options.realBudgetSeconds ?? 0;
  const elapsed = (performance.now() - run.realStart) / 1000;
  const minutes = Math.round((run.loop.clock.now() - run.start) / 60_000);
  // At least two minutes after the burst's own, so the projection has a pace to go by.
  if (run.cut !== undefined || minutes < MIN_MEASURED_MINUTES || !(run.options.s4LatencyMs !== undefined && budget > 0 && elapsed > budget)) return;
  run.loop.relays?.s4.setLatency(0);
  run.cut = {
    afterRealSeconds: Math.round(elapsed),
    minutes,
    delivered: count,
    projectedDrainMinutes: Math.round(projectDrain(perMinuteOf(run.loop, run.start), minutes, run.size - count) * 100) / 100,
  };
}

/** Advances minute by minute until drained, stalled or capped. */
async function drain(run: Run): Promise<BurstResult['stop']> {
  const { loop, size } = run;
  const stall = run.options.stallMinutes ?? 30;
  const cap = run.options.capMinutes ?? 24 * 60;
  let lastCount = -1;
  let quiet = 0;
  for (let minute = 0; minute < cap; minute += 1) {
    const count = signlled(loop);
    if (count >= size) return 'drained';
    quiet = count === lastCount ? quiet + 1 : 0;
    if (quiet >= stall) return 'stalled';
    lastCount = count;
    cutIfOverBudget(run, count);
    const now = loop.clock.now();
    await advanceReading(loop, now + 60_000 - (now % 60_000), run.reader);
    await loop.s4.whenIdle();
  }
  return loop.clock.now() - run.start >= cap * 60_000 ? 'cap' : 'drained';
}

function tally(run: Run): Pick<BurstResult, 'delivered' | 'duplicates' | 'lost' | 'drainMinutes' | 'perMinute'> {
  const perTicket = new Map<string, number>();
  let last = run.start;
  for (const signl of run.loop.s4.signls()) {
    const id = ticketOf(signl.externalId);
    perTicket.set(id, (perTicket.get(id) ?? 0) + 1);
    last = Math.max(last, signl.createdAt);
  }
  return {
    delivered: run.ids.filter((id) => perTicket.has(id)).length,
    duplicates: [...perTicket.values()].filter((n) => n > 1).length,
    lost: run.ids.filter((id) => !perTicket.has(id)).length,
    drainMinutes: Math.round(((last - run.start) / 60_000) * 100) / 100,
    perMinute: perMinuteOf(run.loop, run.start),
  };
}

export async function runBurst(size: number, options: BurstOptions = {}): Promise<BurstResult> {
  const realStart = performance.now();
  const loop = await startBenchLoop(options.s4LatencyMs === undefined ? {} : { s4LatencyMs: options.s4LatencyMs });
  try {
    await loop.platform.advance(10 * 60_000);
    const now = loop.clock.now();
    await loop.platform.advance(60_000 - (now % 60_000));
    loop.platform.metrics.reset();
    const start = loop.clock.now();
    const ids: string[] = [];
    const reader = options.readsPerMinute === undefined ? undefined : createSidebarReader(start, options.readsPerMinute, ids);
    const run: Run = { loop, size, start, realStart, ids, reader, options };
    await createBurst(run);
    const stop = await drain(run);
    const totals = loop.platform.metrics.totals;
    return {
      tickets: size,
      ...tally(run),
      stop,
      requests: totals.requests,
      dbOps: totals.dbOps,
      scheduleOps: totals.scheduleOps,
      requestsRateLimited: totals.requestsRateLimited,
      dbRateLimited: totals.dbRateLimited,
      failedInvocations: totals.failedInvocations,
      killedInvocations: totals.killedInvocations,
      maxInvocationMs: Math.round(totals.maxDurationMs),
      s4LatencyMs: options.s4LatencyMs ?? 0,
      ...(run.cut === undefined ? {} : { cut: run.cut }),
      ...(reader === undefined ? {} : { reads: reader.tally() }),
      realSeconds: Math.round((performance.now() - realStart) / 100) / 10,
    };
  } finally {
    await loop.close();
  }
}
