/**
 * The platform limits the local runtime enforces (docs/fdk-facts.md §3.4, §4.1, §4.4–§4.7).
 * Where sources disagree or a limit is UNCONFIRMED for platform 3.0, the stricter value is used,
 * so an app that lives within these limits also lives within the real ones.
 */
export interface Limits {
  /** $request calls per app per platform-clock minute (fixed window) [OFF-req3]. */
  requestsPerMinute: number;
  /** Request body passed to invokeTemplate. */
  requestBodyBytes: number;
  /** Response body the platform hands back [OFF-req3]. */
  responseBytes: number;
  /** Request templates in config/requests.json [OFF-req3]. */
  templates: number;
  /** $db operations per platform-clock minute; every set/get/update/delete counts [OFF-kv]. */
  dbOpsPerMinute: number;
  /** $db key, and each top-level attribute name: non-empty, at most this many characters (CLI69 lib/api/db.js). */
  dbKeyChars: number;
  /** $db key + JSON value, in bytes [KB]. */
  dbRecordBytes: number;
  /** External events accepted per platform-clock minute [OFF-ext]. */
  externalEventsPerMinute: number;
  /** External event body: 100 KB on the v3.0 page, 128 KB on the legacy one (UNCONFIRMED: the smaller). */
  externalEventBytes: number;
  /** Payload into a product-event handler [OFF-pe3-fs]. */
  productEventBytes: number;
  /** Server-method calls per platform-clock minute [KB]. */
  smiPerMinute: number;
  /** Server-method payload [KB, OFF-smi]. */
  smiPayloadBytes: number;
  /** Execution time of a product, scheduled or external event handler, real milliseconds [OFF-pe3]. */
  handlerTimeoutMs: number;
  /**
   * Execution time of an app set-up event (onAppInstall, afterAppUpdate, onAppUninstall), real
   * milliseconds: 10 s in the CLI (CLI69 lib/routes/beevents.js, lib/utils/app-util.js), although
   * the v3.0 page says 20 s [OFF-setup3]; the stricter value.
   */
  setupTimeoutMs: number;
  /** renderData({ message }) in app set-up events [OFF-setup3]. */
  renderMessageChars: number;
  /** $schedule data (JSON) [OFF-sched-crm; UNCONFIRMED for 3.0]. */
  scheduleDataBytes: number;
  /** One-time schedules per installation [OFF-sched-crm; UNCONFIRMED for 3.0]. */
  oneTimeSchedules: number;
  /** Recurring schedules per installation [OFF-sched-crm; UNCONFIRMED for 3.0]. */
  recurringSchedules: number;
  /**
   * Platform time a $schedule call takes to arrive. The CLI checks a one-time schedule's 5-minute
   * lead against its clock when the call arrives (CLI69 lib/event_handler/features/schedule.js), so
   * "now + 5 minutes" computed by the app is refused there; a virtual clock that stood still would
   * accept it.
   */
  scheduleTransitMs: number;
}

const KB = 1024;
const MB = 1024 * KB;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  requestsPerMinute: 50,
  requestBodyBytes: 6 * MB,
  responseBytes: 6 * MB,
  templates: 100,
  dbOpsPerMinute: 50,
  dbKeyChars: 30,
  dbRecordBytes: 40 * KB,
  externalEventsPerMinute: 250,
  externalEventBytes: 100 * KB,
  productEventBytes: 256 * KB,
  smiPerMinute: 50,
  smiPayloadBytes: 100 * KB,
  handlerTimeoutMs: 20_000,
  setupTimeoutMs: 10_000,
  renderMessageChars: 60,
  scheduleDataBytes: 4 * KB,
  oneTimeSchedules: 1000,
  recurringSchedules: 1,
  scheduleTransitMs: 1000,
});

export function resolveLimits(overrides: Partial<Limits> | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...(overrides ?? {}) };
}
