/**
 * The installation parameters npm start installs: built-in ones that match the simulators,
 * overridden by .local/settings.json when it exists (settings.example.json shows the keys), or by
 * what the Settings tab's installation page posts.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { InstallInfo } from './stage-types.js';

export const SIM_SECRETS = {
  signl4TeamSecret: 'team-secret-0001',
  signl4ApiKey: 's4-api-key-0001',
  freshserviceApiKey: 'fs-key-0001',
} as const;

export const SECURE_KEYS: readonly string[] = ['signl4_webhook', 'signl4_api_key', 'freshservice_api_key'];

export function simulatorSettings(): Record<string, unknown> {
  return {
    signl4_webhook: `https://connect.signl4.com/webhook/${SIM_SECRETS.signl4TeamSecret}`,
    signl4_api_key: SIM_SECRETS.signl4ApiKey,
    freshservice_api_key: SIM_SECRETS.freshserviceApiKey,
    signl4_category: '{group}',
    // A custom status of the simulated account, so an acknowledgement visibly moves the ticket.
    status_on_acknowledge: 'In progress',
  };
}

/**
 * What the installation page's postConfigs() returned, stored as the whole configuration: nothing
 * is merged, so a key left out is gone (CLI69 lib/routes/configs.js stores the body verbatim; its
 * fetch drops only '__meta', which the app's handlers never see here either).
 */
export function storedConfigs(configs: Record<string, unknown>): Record<string, unknown> {
  const stored = structuredClone(configs);
  delete stored['__meta'];
  return stored;
}

/**
 * .local/settings.json over the simulator settings: `next` over `current`, without comment keys
 * ('_…'). A secure key missing from `next` keeps its value; with `emptySecretKeeps` an empty
 * secure value keeps it too, while '' otherwise means "remove" (the optional SIGNL4 API key).
 */
export function mergeSettings(current: Record<string, unknown>, next: Record<string, unknown>, options: { emptySecretKeeps?: boolean } = {}): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(next)) {
    if (key.startsWith('_')) continue;
    const empty = value === '' || value === undefined || value === null;
    if (SECURE_KEYS.includes(key) && empty && (options.emptySecretKeeps === true || value !== '')) continue;
    merged[key] = value;
  }
  return merged;
}

export interface InitialSettings {
  iparams: Record<string, unknown>;
  source: InstallInfo['source'];
}

export function initialSettings(localFile: string): InitialSettings {
  if (!existsSync(localFile)) return { iparams: simulatorSettings(), source: 'simulator defaults' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(localFile, 'utf8'));
  } catch (error) {
    throw new Error(`${localFile} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${localFile} must hold one JSON object of installation parameters`);
  return { iparams: mergeSettings(simulatorSettings(), parsed as Record<string, unknown>, { emptySecretKeeps: true }), source: '.local/settings.json' };
}
