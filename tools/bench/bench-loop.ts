/**
 * The whole loop the benchmark drives: the built server.js on the local platform (virtual clock,
 * warm sandboxes, the app installed, its callback URL registered in SIGNL4), the simulated
 * Freshservice (whose ticket changes fire product events into the platform) and the simulated
 * SIGNL4 (whose callbacks reach the external-event URL over HTTP). Optionally a timing relay in
 * front of each simulator, and a hook that reshapes product-event payloads on their way in.
 * With `s4LatencyMs`, SIGNL4's relay answers that many real ms late and the clock is a HeldClock
 * (held-clock.ts): virtual between requests, real while one is with a simulator.
 */
import { fileURLToPath } from 'node:url';
import { createPlatform, type Platform } from '../platform/create-platform.js';
import { createVirtualClock, type PlatformClock } from '../platform/platform-clock.js';
import {
  createFreshserviceSimulator,
  createSignl4Simulator,
  type FreshserviceSimulator,
  type ProductEventData,
  type Signl4Simulator,
  type Signl4SimulatorOptions,
} from '../simulators/index.js';
import { createHeldClock } from './held-clock.js';
import { createTimingRelay, type RelayOptions, type TimingRelay } from './timing-relay.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FS_KEY = 'fs-key-0001';
export const S4_SECRET = 'team-secret-0001';
export const START = Date.UTC(2026, 10, 30, 9, 0, 0);

/** Returns the `data` to deliver, or undefined to hold the event back (the ticket still changes). */
export type EventReshaper = (event: string, data: ProductEventData) => unknown;

export interface BenchLoop {
  clock: PlatformClock;
  fs: FreshserviceSimulator;
  s4: Signl4Simulator;
  platform: Platform;
  /** Present with `relays: true` or `s4LatencyMs`: real ms spent inside the simulators. */
  relays?: { fs: TimingRelay; s4: TimingRelay };
  /** Replace to reshape the next product events (default: as the simulator sent them). */
  reshape: EventReshaper;
  close(): Promise<void>;
}

export interface BenchLoopOptions {
  s4?: Signl4SimulatorOptions;
  relays?: boolean;
  iparams?: Record<string, unknown>;
  /** SIGNL4 answers this many real ms late (relays on, platform time held while waiting). */
  s4LatencyMs?: number;
}

interface RelayPlan {
  fs: RelayOptions;
  s4: RelayOptions;
}

async function hostsFor(fsUrl: string, s4Url: string, plan: RelayPlan | undefined): Promise<{ map: Record<string, string>; relays?: { fs: TimingRelay; s4: TimingRelay } }> {
  if (plan === undefined) return { map: { 'connect.signl4.com': s4Url, 'acme.freshservice.com': fsUrl } };
  const pair = { fs: await createTimingRelay(fsUrl, plan.fs), s4: await createTimingRelay(s4Url, plan.s4) };
  return { map: { 'connect.signl4.com': pair.s4.url, 'acme.freshservice.com': pair.fs.url }, relays: pair };
}

export async function startBenchLoop(options: BenchLoopOptions = {}): Promise<BenchLoop> {
  const latency = options.s4LatencyMs;
  const held = latency === undefined ? undefined : createHeldClock(START);
  const clock = held ?? createVirtualClock(START);
  const hold = held === undefined ? undefined : (): (() => void) => held.hold();
  const plan: RelayPlan | undefined =
    hold !== undefined ? { fs: { hold }, s4: { hold, latencyMs: latency ?? 0 } } : options.relays === true ? { fs: {}, s4: {} } : undefined;
  const holder: { platform?: Platform; reshape: EventReshaper } = { reshape: (_event, data) => data };
  const fs = createFreshserviceSimulator({
    clock,
    onTicketEvent: async (event, data) => {
      const reshaped = holder.reshape(event, data);
      if (holder.platform !== undefined && reshaped !== undefined) await holder.platform.emitProductEvent(event, reshaped);
    },
  });
  const s4 = createSignl4Simulator({ clock, ...options.s4 });
  const hosts = await hostsFor(await fs.listen(), await s4.listen(), plan);
  const platform = await createPlatform({
    root: ROOT,
    iparams: { signl4_webhook: `https://connect.signl4.com/webhook/${S4_SECRET}`, freshservice_api_key: FS_KEY, signl4_api_key: '', ...options.iparams },
    clock,
    hostMap: hosts.map,
    reuseSandbox: true,
  });
  holder.platform = platform;
  await platform.listen();
  const installed = await platform.install();
  if (!installed.ok) throw new Error(`install failed: ${installed.error ?? installed.blocked ?? 'unknown'}`);
  s4.registerWebhook(platform.externalEventUrl, 'Freshservice');
  const loop: BenchLoop = {
    clock,
    fs,
    s4,
    platform,
    get reshape() {
      return holder.reshape;
    },
    set reshape(fn: EventReshaper) {
      holder.reshape = fn;
    },
    async close() {
      await platform.close();
      await fs.close();
      await s4.close();
      await hosts.relays?.fs.close();
      await hosts.relays?.s4.close();
    },
  };
  if (hosts.relays !== undefined) loop.relays = hosts.relays;
  return loop;
}

/** A ticket as the Freshservice UI would create it: Urgent incident, the default filter matches. */
export function urgentIncident(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { email: 'ada.lovelace@acme.example', subject: 'Database cluster down', description: '<p>Primary <b>db-01</b> is not answering.</p>', priority: 4, urgency: 3, impact: 3, status: 2, type: 'Incident', ...overrides };
}
