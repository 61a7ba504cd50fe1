/**
 * onAppInstall / onAppUninstall (docs/specification.md §5): the external-event URL, the recurring tick and,
 * with a SIGNL4 API key, the one-time schedule that registers the URL in SIGNL4 a few minutes
 * later (register-webhook.ts says why install itself never calls SIGNL4). Install thus makes no
 * outside call and stays far inside the 10 s set-up budget; a failure blocks it with at most 60
 * characters and undoes the schedules it made. Uninstall removes what install set up and never fails.
 */
import { toAppError, type AppError } from '../errors/errors.js';
import type { Deps } from '../platform/platform-types.js';
import type { SettingsResult } from '../settings/parse-settings.js';
import { deleteOutboundWebhook } from '../signl4/signl4-client.js';
import { recordError } from '../records/diagnostics-record.js';
import { INSTALL_KEY, type InstallRecord } from '../records/install-record.js';
import { pendingDetail, REGISTER_ATTEMPTS, registerScheduleName, scheduleRegistration } from './register-webhook.js';
import { TICK_MINUTES, TICK_SCHEDULE } from './run-tick.js';
import { ONE_TIME_LEAD_MS } from '../work/schedule-rules.js';

/**
 * The CLI checks the 5-minute lead for one-time schedules only (CLI69
 * lib/event_handler/features/schedule.js); older FDK docs ask it of every schedule (UNCONFIRMED
 * for 3.0), so the recurring tick starts as far ahead as a one-time schedule.
 */
export const FIRST_TICK_DELAY_MS = ONE_TIME_LEAD_MS;

/** Short messages (≤ 60 characters) for the install dialog; install calls no outside service. */
export function blockMessage(error: AppError): string {
  return error.code === 'settings_invalid' ? 'Settings invalid: open the app settings to fix' : 'Setup could not finish: try installing again';
}

async function replace(deps: Deps, name: string): Promise<void> {
  if (await deps.scheduler.exists(name)) await deps.scheduler.delete(name);
}

async function ensureTick(deps: Deps): Promise<void> {
  await replace(deps, TICK_SCHEDULE);
  await deps.scheduler.create({ name: TICK_SCHEDULE, data: { job: 'tick' }, scheduleAt: new Date(deps.clock.now() + FIRST_TICK_DELAY_MS), repeatEveryMinutes: TICK_MINUTES });
}

/** With an API key, the first registration attempt is scheduled and the record says when it runs. */
async function setUp(deps: Deps, url: string, account: string, withApiKey: boolean): Promise<InstallRecord> {
  let record: InstallRecord = { url, registration: 'manual', at: deps.clock.now() };
  if (withApiKey) {
    await replace(deps, registerScheduleName(1));
    const first = await scheduleRegistration(deps, 1, `Freshservice (${account})`);
    record = { ...record, registration: 'pending', job: first.job, detail: pendingDetail(first.at) };
  }
  await deps.store.set(INSTALL_KEY, record);
  await ensureTick(deps);
  return record;
}

/** Deletes a schedule the app may have made; a failure is logged (the platform drops them at uninstall). */
async function dropSchedule(deps: Deps, name: string): Promise<void> {
  try {
    await deps.scheduler.delete(name);
  } catch (error) {
    deps.log.warn('could not delete a schedule', { schedule: name, code: toAppError('schedule delete', error).code });
  }
}

/** Best effort: a blocked install leaves no schedule of its own behind. */
async function undoSchedules(deps: Deps): Promise<void> {
  for (const name of [TICK_SCHEDULE, registerScheduleName(1)]) await dropSchedule(deps, name);
}

/** Returns undefined to let the install complete, or the message that blocks it. */
export async function installApp(deps: Deps, parsed: SettingsResult, url: string, account: string): Promise<string | undefined> {
  if (!parsed.ok) {
    deps.log.error('install blocked: settings invalid', { problems: parsed.error.details });
    return blockMessage(parsed.error);
  }
  try {
    const record = await setUp(deps, url, account, parsed.settings.signl4_api_key !== '');
    deps.log.info('installed', { registration: record.registration });
    return undefined;
  } catch (error) {
    const failure = toAppError('install', error);
    deps.log.error('install blocked', { code: failure.code, message: failure.message });
    await undoSchedules(deps);
    return blockMessage(failure);
  }
}

/** Never blocks: every step is attempted and failures are only logged. */
export async function uninstallApp(deps: Deps): Promise<void> {
  await dropSchedule(deps, TICK_SCHEDULE);
  // Every registration attempt's schedule, not only the recorded one (its record may not have been written).
  for (let n = 1; n <= REGISTER_ATTEMPTS; n += 1) await dropSchedule(deps, registerScheduleName(n));
  try {
    const record = await deps.store.get<InstallRecord>(INSTALL_KEY);
    if (record?.webhookId !== undefined) await deleteOutboundWebhook(deps.request, record.webhookId);
  } catch (error) {
    const failure = toAppError('uninstall', error);
    deps.log.warn('could not remove the SIGNL4 outbound webhook; remove it in SIGNL4 by hand', { code: failure.code });
    await recordError(deps.store, deps.clock, deps.log, failure);
  }
}
