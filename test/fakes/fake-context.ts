/** A SyncContext for use-case tests: real settings parsing and context building over fakeDeps. */
import type { CurrentHost } from '../../server/src/freshservice/ticket-event-types.js';
import { parseSettings, type ParsedSettings } from '../../server/src/settings/parse-settings.js';
import { makeExternalId } from '../../server/src/signl4/external-id.js';
import { createSyncContext, type SyncContext } from '../../server/src/sync/sync-context.js';
import { fakeDeps, type TestDeps } from './fake-deps.js';

export const FS_URL = 'https://acme.freshservice.com';
export const ACCOUNT = 'acme';
export const FS_KEY = 'fs-key-0001-abcdef';
export const S4_SECRET = 'team-secret-0001';
export const S4_API_KEY = 's4-api-key-0001-xyz';

export const CURRENT_HOST: CurrentHost = { endpoint_urls: { freshservice: FS_URL } };

/** The two required settings; everything else takes the defaults of PRODUCT.md §6. */
export const BASE_IPARAMS: Readonly<Record<string, unknown>> = {
  signl4_webhook: `https://connect.signl4.com/webhook/${S4_SECRET}`,
  freshservice_api_key: FS_KEY,
  signl4_api_key: '',
};

export function settingsWith(overrides: Record<string, unknown> = {}): ParsedSettings {
  const parsed = parseSettings({ ...BASE_IPARAMS, ...overrides });
  if (!parsed.ok) throw new Error(`test settings are invalid: ${parsed.error.message}`);
  return parsed.settings;
}

export interface TestContext {
  ctx: SyncContext;
  deps: TestDeps;
}

export function fakeContext(overrides: Record<string, unknown> = {}, deps: TestDeps = fakeDeps()): TestContext {
  return { ctx: createSyncContext(deps, settingsWith(overrides), CURRENT_HOST), deps };
}

/** The external id this installation mints for a ticket and generation. */
export function xidOf(ticketId: number, generation = 1): string {
  return makeExternalId(FS_KEY, ACCOUNT, ticketId, generation);
}
