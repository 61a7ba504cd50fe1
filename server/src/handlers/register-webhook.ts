/**
 * Registers the external-event URL as SIGNL4's outbound webhook AFTER install. App set-up events
 * get 10 s in the CLI (CLI69 lib/routes/beevents.js, lib/utils/app-util.js) and one SIGNL4 call may
 * take the whole request timeout (15 s by default), which no documented template option bounds;
 * so install only generates the URL (generateTargetUrl is not allowed in scheduled events: CLI69
 * lib/event_handler/features/hook.js), records it as 'pending' and leaves the call to a one-time
 * schedule (20 s, like every scheduled event). An attempt that SIGNL4 may cure later (429, 5xx, a
 * timeout, a spent $db budget) is retried with growing delays. Each attempt first looks for a
 * webhook already pointing at the URL (an earlier attempt whose answer was lost, or one the admin
 * added by hand meanwhile) and adopts it, so none is made twice. When the id cannot be recorded,
 * the webhook just created is deleted again: nothing is left behind in SIGNL4.
 */
import { AppError, plainWords, toAppError } from '../errors/errors.js';
import type { Deps } from '../platform/platform-types.js';
import { deleteOutboundWebhook, findOutboundWebhook, registerOutboundWebhook } from '../signl4/signl4-client.js';
import { recordError } from '../records/diagnostics-record.js';
import { INSTALL_KEY, type InstallRecord } from '../records/install-record.js';
import { ONE_TIME_LEAD_MS } from '../work/schedule-rules.js';

export interface RegisterJob {
  job: 'register';
  /** This attempt, 1-based. */
  n: number;
  /** The webhook's name in SIGNL4. */
  name: string;
}

/**
 * Minutes from one attempt to the next, the first counted from install: as soon as a one-time
 * schedule may run (schedule-rules.ts), then backing off.
 */
const DELAY_MINUTES = [ONE_TIME_LEAD_MS / 60_000, 10, 30, 60, 180];
export const REGISTER_ATTEMPTS = DELAY_MINUTES.length;
/** An attempt lists SIGNL4's webhooks first; past this, the create waits for the next attempt (20 s per event). */
export const LIST_BUDGET_MS = 4000;

/** At most 30 characters (CLI69 features/schedule.js). */
export const registerScheduleName = (n: number): string => `s4-reg-${n}`;

const isAttempt = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1;

export function asRegisterJob(data: unknown): RegisterJob | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const { job, n, name } = data as Record<string, unknown>;
  return job === 'register' && isAttempt(n) && typeof name === 'string' ? { job, n, name } : undefined;
}

/** Creates attempt n's one-time schedule; resolves its name and when it runs. */
export async function scheduleRegistration(deps: Deps, n: number, name: string): Promise<{ job: string; at: number }> {
  const at = deps.clock.now() + (DELAY_MINUTES[n - 1] ?? 180) * 60_000;
  const job = registerScheduleName(n);
  await deps.scheduler.create({ name: job, data: { job: 'register', n, name }, scheduleAt: new Date(at) });
  return { job, at };
}

/** When the next attempt runs, in the words the diagnostics page shows (hours and minutes, UTC). */
export const pendingDetail = (at: number): string => `The app registers it with your SIGNL4 API key at ${new Date(at).toISOString().slice(11, 16)} UTC.`;

async function writeRecord(deps: Deps, record: InstallRecord): Promise<void> {
  try {
    await deps.store.set(INSTALL_KEY, record);
  } catch (error) {
    deps.log.warn('could not record the SIGNL4 registration state', { code: toAppError('install', error).code });
  }
}

/** The webhook at the URL: adopted (it was there already) or created by this attempt. */
interface Webhook {
  id: string;
  created: boolean;
}

const NO_ID = new AppError({
  code: 'unavailable',
  operation: 'signl4CreateWebhook',
  message: 'SIGNL4 accepted the webhook but named no id, and does not list it yet.',
  fix: 'Nothing to do: the next attempt finds it by its URL.',
});

async function findOrCreate(deps: Deps, url: string, job: RegisterJob, started: number): Promise<Webhook> {
  const existing = await findOutboundWebhook(deps.request, url);
  if (existing !== undefined) return { id: existing, created: false };
  if (deps.clock.now() - started > LIST_BUDGET_MS) {
    throw new AppError({ code: 'timeout', operation: 'signl4ListWebhooks', message: 'SIGNL4 listed its webhooks too slowly to register one in the same run.' });
  }
  const id = (await registerOutboundWebhook(deps.request, url, job.name)) ?? (await findOutboundWebhook(deps.request, url));
  if (id === undefined) throw NO_ID;
  return { id, created: true };
}

/** Deletes a webhook the app created but could not record; if that fails too, the admin is told. */
async function removeOrphan(deps: Deps, webhookId: string): Promise<void> {
  try {
    await deleteOutboundWebhook(deps.request, webhookId);
    deps.log.info('removed the SIGNL4 webhook whose id could not be recorded');
  } catch (error) {
    const failure = toAppError('signl4DeleteWebhook', error);
    if (failure.code === 'not_found') return;
    deps.log.error('could not remove the SIGNL4 webhook whose id could not be recorded; remove it in SIGNL4 by hand', { code: failure.code, webhookId });
    await recordError(deps.store, deps.clock, deps.log, new AppError({ code: failure.code, operation: 'signl4DeleteWebhook', message: `Outbound webhook ${webhookId} is left in SIGNL4.`, fix: 'Delete it in SIGNL4 (Integrations, Webhook (Outbound)).' }));
  }
}

async function giveUp(deps: Deps, record: InstallRecord, error: AppError): Promise<'failed'> {
  deps.log.error('SIGNL4 webhook registration failed', { code: error.code, status: error.status });
  await writeRecord(deps, { url: record.url, registration: 'failed', at: deps.clock.now(), detail: plainWords(error) });
  await recordError(deps.store, deps.clock, deps.log, error);
  return 'failed';
}

async function afterFailure(deps: Deps, record: InstallRecord, job: RegisterJob, error: AppError): Promise<'retrying' | 'failed'> {
  if (!error.retryable || job.n >= REGISTER_ATTEMPTS) return giveUp(deps, record, error);
  let next: { job: string; at: number };
  try {
    next = await scheduleRegistration(deps, job.n + 1, job.name);
  } catch (scheduleError) {
    return giveUp(deps, record, toAppError('schedule register', scheduleError));
  }
  deps.log.warn('SIGNL4 webhook registration will be tried again', { code: error.code, attempt: job.n });
  await writeRecord(deps, { url: record.url, registration: 'pending', at: deps.clock.now(), job: next.job, detail: `${plainWords(error)} ${pendingDetail(next.at)}` });
  return 'retrying';
}

/** One attempt (a one-time schedule coming back): 1–2 $db operations and 1–2 SIGNL4 calls. */
export async function runRegisterJob(deps: Deps, job: RegisterJob): Promise<'registered' | 'retrying' | 'failed' | 'moved on'> {
  const started = deps.clock.now();
  const record = await deps.store.get<InstallRecord>(INSTALL_KEY);
  if (record?.registration !== 'pending') return 'moved on';
  let webhook: Webhook;
  try {
    webhook = await findOrCreate(deps, record.url, job, started);
  } catch (error) {
    return afterFailure(deps, record, job, toAppError('signl4CreateWebhook', error));
  }
  try {
    await deps.store.set(INSTALL_KEY, { url: record.url, registration: 'api', webhookId: webhook.id, at: deps.clock.now() });
  } catch (error) {
    // Only what this attempt created is removed: an adopted webhook (added by hand, or an earlier attempt's) stays.
    if (webhook.created) await removeOrphan(deps, webhook.id);
    return afterFailure(deps, record, job, toAppError('set install', error));
  }
  deps.log.info('registered the SIGNL4 outbound webhook', { attempt: job.n });
  return 'registered';
}
