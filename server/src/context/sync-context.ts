/** Everything a use case needs for one invocation: deps, valid settings, the account and its API host. */
import { hostOf, type FreshserviceTarget } from '../freshservice/freshservice-client.js';
import type { CurrentHost } from '../freshservice/ticket-event-types.js';
import type { Deps } from '../platform/platform-types.js';
import type { ParsedSettings } from '../settings/parse-settings.js';
import { accountOf } from '../signl4/external-id.js';

export interface SyncContext {
  deps: Deps;
  settings: ParsedSettings;
  fs: FreshserviceTarget;
  /** https://<account>.freshservice.com */
  freshserviceUrl: string;
  account: string;
  /** Key of the external-id tag: this installation's own Freshservice API key (never sent anywhere). */
  tagKey: string;
  /** When this invocation started (ms): a handler runs at most 20 s. */
  startedAt: number;
}

/**
 * A Signl is sent only this early in an invocation: the send may take the 15 s request timeout,
 * and a handler stopped between the send and its record could page twice (docs/specification.md §7).
 */
export const SEND_WITHIN_MS = 4_000;

/** Whether a send started now could outlive the invocation's 20 s. */
export function tooLateToSend(ctx: SyncContext): boolean {
  return ctx.deps.clock.now() - ctx.startedAt >= SEND_WITHIN_MS;
}

export function freshserviceUrlOf(currentHost: CurrentHost | undefined): string {
  const url = currentHost?.endpoint_urls?.freshservice;
  return typeof url === 'string' && /^https?:\/\/[^/\s]+/i.test(url) ? url.replace(/\/+$/, '') : 'https://localhost.freshservice.com';
}

export function createSyncContext(deps: Deps, settings: ParsedSettings, currentHost: CurrentHost | undefined): SyncContext {
  const freshserviceUrl = freshserviceUrlOf(currentHost);
  return {
    deps,
    settings,
    fs: { request: deps.request, host: hostOf(freshserviceUrl) },
    freshserviceUrl,
    account: accountOf(freshserviceUrl),
    tagKey: settings.freshservice_api_key,
    startedAt: deps.clock.now(),
  };
}
