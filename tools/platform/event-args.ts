/**
 * The `args` the platform hands to handlers (docs/fdk-facts.md §4.2): currentHost, iparams, event,
 * region, timestamp and app_settings, plus per event data/headers. The timestamp is epoch seconds
 * as a float, like the live payload (FDK test data uses integer ms: pass `extra` to test that).
 */
import type { CurrentHost } from './platform-types.js';

export interface ArgsContext {
  currentHost: CurrentHost;
  iparams: Readonly<Record<string, unknown>>;
  region: string;
  now: number;
}

export function baseArgs(event: string, context: ArgsContext): Record<string, unknown> {
  return {
    currentHost: structuredClone(context.currentHost),
    iparams: structuredClone(context.iparams),
    event,
    region: context.region,
    timestamp: context.now / 1000,
    app_settings: {},
  };
}

export function productEventArgs(event: string, data: unknown, context: ArgsContext, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return { ...baseArgs(event, context), data, version: '1.0.0', ...extra };
}

export function externalEventArgs(data: unknown, headers: Record<string, string>, context: ArgsContext): Record<string, unknown> {
  return { ...baseArgs('onExternalEvent', context), data, headers };
}

export function scheduledEventArgs(data: unknown, context: ArgsContext): Record<string, unknown> {
  return { ...baseArgs('onScheduledEvent', context), data };
}

/** Server methods get the caller's payload plus iparams and currentHost (§4.5). */
export function methodArgs(payload: unknown, context: ArgsContext): Record<string, unknown> {
  const fields = payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  return { ...fields, iparams: structuredClone(context.iparams), currentHost: structuredClone(context.currentHost) };
}
