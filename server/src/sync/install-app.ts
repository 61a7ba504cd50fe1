/**
 * onAppInstall / onAppUninstall (PRODUCT.md §5): the external-event URL, its SIGNL4 registration
 * (with an API key), the recurring tick; a failure blocks the install with at most 60 characters
 * saying what to fix. Uninstall removes what install set up and never fails.
 */
import { toAppError, type AppError } from '../errors.js';
import type { Deps } from '../platform/platform-types.js';
import type { SettingsResult } from '../settings/parse-settings.js';
import { deleteOutboundWebhook, registerOutboundWebhook } from '../signl4/signl4-client.js';
import { recordError } from './diagnostics-record.js';
import { INSTALL_KEY, type InstallRecord } from './install-record.js';
import { TICK_MINUTES, TICK_SCHEDULE } from './run-tick.js';
import { ONE_TIME_LEAD_MS } from './schedule-rules.js';

/**
 * The CLI checks the 5-minute lead for one-time schedules only (CLI69
 * lib/event_handler/features/schedule.js); older FDK docs ask it of every schedule (UNCONFIRMED
 * for 3.0), so the recurring tick starts as far ahead as a one-time schedule.
 */
export const FIRST_TICK_DELAY_MS = ONE_TIME_LEAD_MS;

const SIGNL4_BLOCKS: Partial<Record<AppError['code'], string>> = {
  unauthorized: 'SIGNL4 API key rejected: check it or leave it empty',
  forbidden: 'SIGNL4 API key lacks rights to add webhooks',
  rate_limited: 'SIGNL4 is busy: try installing again in a minute',
  unavailable: 'SIGNL4 unreachable: try installing again later',
  timeout: 'SIGNL4 did not answer: try installing again later',
};

/**
 * Short messages (≤ 60 characters) for the install dialog. Only a failure of the SIGNL4 webhook
 * registration speaks of SIGNL4 and its API key; the app's own steps ($db, the schedule) failing
 * is a matter of trying again.
 */
export function blockMessage(error: AppError): string {
  if (error.code === 'settings_invalid') return 'Settings invalid: open the app settings to fix';
  if (!error.operation.startsWith('signl4')) return 'Setup could not finish: try installing again';
  return (SIGNL4_BLOCKS[error.code] ?? 'SIGNL4 refused the webhook: leave the API key empty').slice(0, 60);
}

async function register(deps: Deps, url: string, account: string): Promise<InstallRecord> {
  const webhookId = await registerOutboundWebhook(deps.request, url, `Freshservice (${account})`);
  return { url, registration: 'api', webhookId, at: deps.clock.now() };
}

async function ensureTick(deps: Deps): Promise<void> {
  if (await deps.scheduler.exists(TICK_SCHEDULE)) await deps.scheduler.delete(TICK_SCHEDULE);
  await deps.scheduler.create({ name: TICK_SCHEDULE, data: { job: 'tick' }, scheduleAt: new Date(deps.clock.now() + FIRST_TICK_DELAY_MS), repeatEveryMinutes: TICK_MINUTES });
}

/** Returns undefined to let the install complete, or the message that blocks it. */
export async function installApp(deps: Deps, parsed: SettingsResult, url: string, account: string): Promise<string | undefined> {
  if (!parsed.ok) {
    deps.log.error('install blocked: settings invalid', { problems: parsed.error.details });
    return blockMessage(parsed.error);
  }
  try {
    const record = parsed.settings.signl4_api_key === '' ? { url, registration: 'manual' as const, at: deps.clock.now() } : await register(deps, url, account);
    await deps.store.set(INSTALL_KEY, record);
    await ensureTick(deps);
    deps.log.info('installed', { registration: record.registration });
    return undefined;
  } catch (error) {
    const failure = toAppError('install', error);
    deps.log.error('install blocked', { code: failure.code, message: failure.message });
    return blockMessage(failure);
  }
}

/** Never blocks: every step is attempted and failures are only logged. */
export async function uninstallApp(deps: Deps): Promise<void> {
  try {
    await deps.scheduler.delete(TICK_SCHEDULE);
  } catch (error) {
    deps.log.warn('could not delete the schedule', { error: String(error) });
  }
  try {
    const record = await deps.store.get<InstallRecord>(INSTALL_KEY);
    if (record?.webhookId !== undefined) await deleteOutboundWebhook(deps.request, record.webhookId);
  } catch (error) {
    const failure = toAppError('uninstall', error);
    deps.log.warn('could not remove the SIGNL4 outbound webhook; remove it in SIGNL4 by hand', { code: failure.code });
    await recordError(deps.store, deps.clock, deps.log, failure);
  }
}
