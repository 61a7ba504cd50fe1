/** A SyncContext for use-case tests: real settings parsing and context building over fakeDeps. */
import type { CurrentHost } from '../../server/src/freshservice/ticket-event-types.js';
import { parseSettings, type ParsedSettings } from '../../server/src/settings/parse-settings.js';
import { makeExternalId } from '../../server/src/signl4/external-id.js';
import { createSyncContext, type SyncContext } from '../../server/src/context/sync-context.js';
import { stateKey, type TicketState } from '../../server/src/signl/ticket-state.js';
import { fakeDeps, type TestDeps } from './fake-deps.js';

export const FS_URL = 'https://acme.freshservice.com';
export const ACCOUNT = 'acme';
export const FS_KEY = 'fs-key-0001-abcdef';
export const S4_SECRET = 'team-secret-0001';
export const S4_API_KEY = 's4-api-key-0001-xyz';

export const CURRENT_HOST: CurrentHost = { endpoint_urls: { freshservice: FS_URL } };

/** The two required settings; everything else takes the defaults of docs/specification.md §6. */
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

/** A stored ticket state as forward-ticket leaves it after a successful send (overridable). */
export function ticketState(overrides: Partial<TicketState> & { id?: number } = {}): TicketState {
  const id = overrides.id ?? 42;
  const gen = overrides.gen ?? 1;
  return { v: 1, id, gen, xid: xidOf(id, gen), st: 'open', ev: ['ev-1'], fwdAt: Date.UTC(2026, 10, 28, 11, 0, 0), cb: [], seen: {}, tl: [], log: {}, body: null, del: null, ...overrides };
}

/** Puts a ticket state into the store as the app would have written it. */
export async function storeState(deps: TestDeps, state: TicketState): Promise<TicketState> {
  await deps.store.set(stateKey(state.id), state);
  deps.store.resetCounts();
  return state;
}
