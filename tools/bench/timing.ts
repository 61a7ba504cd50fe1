/**
 * Handler time per event, excluding the simulators' own time: each sample is one invocation run
 * alone (callbacks held and released one at a time, the ticket updates the app's own changes fire
 * held back), and its platform-measured duration minus the real time its requests spent behind
 * the timing relays in front of the simulators. What remains is the app's code plus the local
 * platform's work for it (sandbox entry, $db emulation, opening the HTTP connection), so it is an
 * upper bound of the app's own time. Warm sandboxes, as a warm serverless container.
 */
import { SEED_AGENTS } from '../simulators/index.js';
import type { InvocationResult } from '../platform/platform-types.js';
import { startBenchLoop, urgentIncident, type BenchLoop } from './bench-loop.js';
import { invocationsOf, nextMinute, signlOf } from './bench-steps.js';

export interface Percentiles {
  samples: number;
  /** Handler time without the simulators' time, ms. */
  medianMs: number;
  p99Ms: number;
  /** The same invocations as the platform timed them, simulators included, ms. */
  medianTotalMs: number;
}

export interface TimingTable {
  create: Percentiles;
  update: Percentiles;
  callbackAcknowledge: Percentiles;
  callbackCreated: Percentiles;
}

const GRACE = SEED_AGENTS[1]!;
const WARM_UP = 10;

interface Sample {
  ownMs: number;
  totalMs: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

function summarise(samples: readonly Sample[]): Percentiles {
  const own = samples.map((s) => s.ownMs).sort((a, b) => a - b);
  const total = samples.map((s) => s.totalMs).sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { samples: samples.length, medianMs: round(percentile(own, 50)), p99Ms: round(percentile(own, 99)), medianTotalMs: round(percentile(total, 50)) };
}

/** One invocation of `event` caused by `action`, timed with and without the simulators. */
async function timed(loop: BenchLoop, event: string, action: () => Promise<unknown>): Promise<Sample> {
  const relays = loop.relays;
  if (relays === undefined) throw new Error('timing needs the relays');
  relays.fs.reset();
  relays.s4.reset();
  const found = await invocationsOf(loop, event, action);
  const only = found[0] as InvocationResult;
  if (found.length !== 1 || !only.ok) throw new Error(`expected one successful ${event}, got ${found.length}`);
  const simulators = relays.fs.busyMs() + relays.s4.busyMs();
  return { ownMs: Math.max(0, only.durationMs - simulators), totalMs: only.durationMs };
}

type Samples = Record<keyof TimingTable, Sample[]>;

async function oneRound(loop: BenchLoop, samples: Samples): Promise<void> {
  await nextMinute(loop);
  let id = 0;
  samples.create.push(await timed(loop, 'onTicketCreate', async () => {
    id = Number((await loop.fs.createTicket(urgentIncident()))['id']);
  }));
  samples.callbackCreated.push(await timed(loop, 'onExternalEvent', () => loop.s4.releaseCallbacks()));
  await loop.s4.acknowledge(signlOf(loop, id).id, GRACE.signl4UserId);
  loop.reshape = () => undefined;
  samples.callbackAcknowledge.push(await timed(loop, 'onExternalEvent', () => loop.s4.releaseCallbacks()));
  loop.reshape = (_event, data) => data;
  samples.update.push(await timed(loop, 'onTicketUpdate', () => loop.fs.updateTicket(id, { status: 4 })));
  await loop.s4.releaseCallbacks();
  await loop.s4.whenIdle();
}

export async function measureTiming(rounds: number): Promise<TimingTable> {
  const loop = await startBenchLoop({ s4: { callbackDelivery: 'manual' }, relays: true });
  try {
    loop.fs.setRequiredForClosure('root_cause', false);
    await loop.platform.advance(10 * 60_000);
    const samples: Samples = { create: [], update: [], callbackAcknowledge: [], callbackCreated: [] };
    for (let round = 0; round < rounds + WARM_UP; round += 1) {
      await oneRound(loop, samples);
      if (round === WARM_UP - 1) for (const list of Object.values(samples)) list.length = 0;
    }
    return { create: summarise(samples.create), update: summarise(samples.update), callbackAcknowledge: summarise(samples.callbackAcknowledge), callbackCreated: summarise(samples.callbackCreated) };
  } finally {
    await loop.close();
  }
}
