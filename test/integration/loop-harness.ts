/**
 * The whole loop on the local platform: the built server.js, the simulated Freshservice (whose
 * ticket changes fire product events into the platform) and the simulated SIGNL4 (whose
 * callbacks reach the app's external-event URL over HTTP). Virtual clock; nothing real waits.
 */
import { fileURLToPath } from 'node:url';
import { buildServer } from '../../tools/build.js';
import { createPlatform, type Platform } from '../../tools/platform/create-platform.js';
import { createVirtualClock, type PlatformClock } from '../../tools/platform/platform-clock.js';
import type { InvocationResult } from '../../tools/platform/platform-types.js';
import {
  createFreshserviceSimulator,
  createSignl4Simulator,
  type FreshserviceSimulator,
  type FreshserviceSimulatorOptions,
  type ProductEventData,
  type Signl4Simulator,
  type Signl4SimulatorOptions,
} from '../../tools/simulators/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FS_KEY = 'fs-key-0001';
export const S4_SECRET = 'team-secret-0001';
export const START = Date.UTC(2026, 10, 28, 9, 0, 0);

export const BASE_IPARAMS: Record<string, unknown> = {
  signl4_webhook: `https://connect.signl4.com/webhook/${S4_SECRET}`,
  freshservice_api_key: FS_KEY,
  signl4_api_key: '',
};

let built: Promise<string> | undefined;
export function buildOnce(): Promise<string> {
  built ??= buildServer();
  return built;
}

export interface Loop {
  clock: PlatformClock;
  fs: FreshserviceSimulator;
  s4: Signl4Simulator;
  platform: Platform;
  /** Every product-event invocation the simulator fired, in order. */
  events: InvocationResult[];
  close(): Promise<void>;
}

export interface LoopOptions {
  iparams?: Record<string, unknown>;
  fs?: FreshserviceSimulatorOptions;
  s4?: Signl4SimulatorOptions;
  requestTimeoutMs?: number;
  /** Register the callback URL in SIGNL4 by hand (no API key); default true. */
  registerCallback?: boolean;
  /**
   * Platform ms after the change at which Freshservice delivers its product event (default 0: at
   * once, awaited). A delayed event runs when platform time reaches it (Platform.emitProductEventLater).
   */
  productEventDelayMs?: (event: string, data: ProductEventData) => number;
  /** Runs before the app is installed (the simulators listen; product events are not delivered yet). */
  beforeInstall?: (parts: { clock: PlatformClock; fs: FreshserviceSimulator; s4: Signl4Simulator }) => Promise<void>;
}

export async function startLoop(options: LoopOptions = {}): Promise<Loop> {
  await buildOnce();
  const clock = createVirtualClock(START);
  const events: InvocationResult[] = [];
  const holder: { platform?: Platform } = {};
  const fs = createFreshserviceSimulator({
    clock,
    ...options.fs,
    onTicketEvent: async (event, data) => {
      const platform = holder.platform;
      if (platform === undefined) return;
      const delay = options.productEventDelayMs?.(event, data) ?? 0;
      if (delay <= 0) events.push(await platform.emitProductEvent(event, data));
      else void platform.emitProductEventLater(delay, event, data).then((result) => events.push(result));
    },
  });
  const s4 = createSignl4Simulator({ clock, ...options.s4 });
  const [fsUrl, s4Url] = [await fs.listen(), await s4.listen()];
  const platform = await createPlatform({
    root: ROOT,
    iparams: { ...BASE_IPARAMS, ...options.iparams },
    clock,
    hostMap: { 'connect.signl4.com': s4Url, 'acme.freshservice.com': fsUrl },
    requestTimeoutMs: options.requestTimeoutMs ?? 3000,
    reuseSandbox: true,
  });
  holder.platform = platform;
  await platform.listen();
  await options.beforeInstall?.({ clock, fs, s4 });
  const installed = await platform.install();
  if (!installed.ok) {
    await Promise.all([platform.close(), fs.close(), s4.close()]);
    throw new Error(`install failed: ${installed.error ?? installed.blocked ?? 'unknown'}`);
  }
  if (options.registerCallback !== false) s4.registerWebhook(platform.externalEventUrl, 'Freshservice');
  const p = platform;
  return {
    clock,
    fs,
    s4,
    platform: p,
    events,
    async close() {
      await p.close();
      await fs.close();
      await s4.close();
    },
  };
}

/** A ticket as the Freshservice UI would create it. */
export function urgentIncident(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { email: 'ada.lovelace@acme.example', subject: 'Database cluster down', description: '<p>Primary <b>db-01</b> is not answering.</p>', priority: 4, urgency: 3, impact: 3, status: 2, type: 'Incident', ...overrides };
}
