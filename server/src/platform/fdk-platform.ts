/**
 * The only module that touches the FDK globals ($request, $db, $schedule, renderData,
 * generateTargetUrl, console). It turns them into the typed Deps the use cases receive.
 */
import { AppError, toAppError } from '../errors/errors.js';
import { consoleSink, createLogger } from './logger.js';
import { mapRequestFailure, type RawFailure } from './map-request-failure.js';
import { parseJsonBody } from './parse-json-body.js';
import type { Deps, HttpResult, InvokeOptions, KvStore, RequestClient, Scheduler, SetOptions, TemplateName } from './platform-types.js';
import { createRedactor, secretsOf, type Redactor } from './redact.js';

const clock = { now: (): number => Date.now() };

function flatHeaders(headers: Record<string, string | string[] | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function asFailure(value: unknown): RawFailure {
  if (value !== null && typeof value === 'object') return value as RawFailure;
  return { message: typeof value === 'string' ? value : 'request failed' };
}

function createRequestClient(redact: Redactor): RequestClient {
  return {
    async invoke(template: TemplateName, options: InvokeOptions): Promise<HttpResult> {
      const service = template.startsWith('signl4') ? 'SIGNL4' : 'Freshservice';
      const call = {
        ...(options.context === undefined ? {} : { context: options.context }),
        ...(options.query === undefined ? {} : { query: options.query }),
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      };
      try {
        const result = await $request.invokeTemplate(template, call);
        return { status: result.status, headers: flatHeaders(result.headers), body: parseJsonBody(result.response) };
      } catch (error) {
        throw mapRequestFailure(asFailure(error), { operation: template, service, nowMs: clock.now(), redact });
      }
    },
  };
}

/**
 * How the platform says "not there" (CLI69 lib/api/db.js, lib/utils/data-util.js): get of a
 * missing record is 404 "Record not found"; an update whose path has no parent (a missing record
 * included, as update 'set' starts from {}) is 400 "One or more paths ... invalid ..."; remove on
 * a missing record is 400 "... does not exist in the data store". All three become not_found. A
 * 404 "Route not allowed" (the install-state gate) is not a missing record.
 */
function isMissing(failure: RawFailure): boolean {
  const message = failure.message ?? '';
  if (failure.status === 404) return !/not allowed/i.test(message);
  return failure.status === 400 && /paths in the attributes are invalid|does not exist in the data store/i.test(message);
}

function storeErrorCode(failure: RawFailure): 'rate_limited' | 'not_found' | 'store_failed' {
  if (failure.status === 429) return 'rate_limited';
  return isMissing(failure) ? 'not_found' : 'store_failed';
}

function storeError(call: string, error: unknown, redact: Redactor): AppError {
  const failure = asFailure(error);
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  const operation = `$db ${call}`;
  return new AppError({
    code: storeErrorCode(failure),
    operation,
    ...(status === undefined ? {} : { status }),
    message: redact(`${operation} failed: ${failure.message ?? 'no message'}`),
    fix: status === 429 ? 'The $db budget for this minute is spent; the app retries next minute.' : 'The app retries; if it persists, see the app log.',
  });
}

/** A missing record or schedule: 404 (not "Route not allowed"), or a rejection without a status that says so. A 5xx never is. */
function isNotFound(error: unknown): boolean {
  const failure = asFailure(error);
  if (failure.status === 404) return isMissing(failure);
  return failure.status === undefined && /not\s*found|does not exist/i.test(failure.message ?? '');
}

/** setIf that did not hold: 400 "The setIf conditional request failed" (CLI69 lib/utils/data-util.js); 409/412 kept for other variants. */
function isConditionFailure(error: unknown): boolean {
  const failure = asFailure(error);
  if (failure.status === 409 || failure.status === 412) return true;
  return /setIf|conditional/i.test(failure.message ?? '');
}

/** The $db global's shape (fdk-globals.d.ts); tests pass the local platform's store behind it. */
export type FdkDb = Pick<typeof $db, 'get' | 'set' | 'update' | 'delete'>;
/** The $schedule global's shape. */
export type FdkSchedule = Pick<typeof $schedule, 'create' | 'fetch' | 'delete'>;

/** The app's KvStore over $db: a missing record reads as undefined; a setIf that does not hold resolves false. */
export function storeOver(db: FdkDb, redact: Redactor): KvStore {
  return {
    async get<T extends object>(key: string): Promise<T | undefined> {
      try {
        return (await db.get(key)) as T;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw storeError(`get ${key}`, error, redact);
      }
    },
    async set(key: string, value: object, options?: SetOptions): Promise<boolean> {
      try {
        await db.set(key, value, options);
        return true;
      } catch (error) {
        if (options?.setIf !== undefined && isConditionFailure(error)) return false;
        throw storeError(`set ${key}`, error, redact);
      }
    },
    async update(key, action, attributes): Promise<void> {
      try {
        await db.update(key, action, attributes);
      } catch (error) {
        throw storeError(`update ${key}`, error, redact);
      }
    },
    async remove(key: string, paths: string[]): Promise<void> {
      try {
        await db.update(key, 'remove', paths);
      } catch (error) {
        throw storeError(`remove ${key}`, error, redact);
      }
    },
    async delete(key: string): Promise<void> {
      try {
        await db.delete(key);
      } catch (error) {
        if (isNotFound(error)) return;
        throw storeError(`delete ${key}`, error, redact);
      }
    },
  };
}

/** A refused or failed $schedule call (plain { status, message }) as an AppError that keeps the platform's words. */
function scheduleErrorCode(status: number | undefined): 'rate_limited' | 'rejected' | 'unavailable' {
  if (status === 429) return 'rate_limited';
  return status !== undefined && status < 500 ? 'rejected' : 'unavailable';
}

function scheduleError(operation: string, error: unknown): AppError {
  if (error instanceof Error) return toAppError(operation, error);
  const failure = asFailure(error);
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  return new AppError({ code: scheduleErrorCode(status), operation, status, message: `${operation} failed: ${failure.message ?? 'no message'}` });
}

/** The app's Scheduler over $schedule: "This Schedule name already exists" (400) is 'exists'; "Schedule does not exist" (404) is absence. */
export function schedulerOver(schedule: FdkSchedule): Scheduler {
  return {
    async create(spec) {
      try {
        await schedule.create({
          name: spec.name,
          data: spec.data,
          schedule_at: spec.scheduleAt.toISOString(),
          ...(spec.repeatEveryMinutes === undefined ? {} : { repeat: { time_unit: 'minutes', frequency: spec.repeatEveryMinutes } }),
        });
        return 'created';
      } catch (error) {
        if (/already exists/i.test(asFailure(error).message ?? '')) return 'exists';
        throw scheduleError('schedule create', error);
      }
    },
    async exists(name) {
      return (await this.fetch(name)) !== undefined;
    },
    async fetch(name) {
      try {
        const found = (await schedule.fetch({ name })) as { data?: unknown } | undefined;
        const data = found?.data;
        return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw scheduleError('schedule fetch', error);
      }
    },
    async delete(name) {
      try {
        await schedule.delete({ name });
      } catch (error) {
        if (!isNotFound(error)) throw scheduleError('schedule delete', error);
      }
    },
  };
}

/** Builds the Deps for one invocation from the handler's args (iparams feed the redactor). */
export function createFdkDeps(args: { iparams?: Record<string, unknown> | undefined }): Deps {
  const redact = createRedactor(secretsOf(args.iparams));
  const log = createLogger(consoleSink(console), redact);
  return { request: createRequestClient(redact), store: storeOver($db, redact), scheduler: schedulerOver($schedule), clock, log };
}

export function targetUrl(): Promise<string> {
  return generateTargetUrl();
}

/** App set-up events: no argument lets the action complete; { message } (≤ 60 chars) blocks it. */
export function renderSetup(blockMessage: string | undefined): void {
  if (blockMessage === undefined) renderData();
  else renderData({ message: blockMessage.slice(0, 60) });
}

/** Server methods: renderData(null, data) or renderData({ status, message }). */
export function renderMethod(outcome: { data: unknown } | { status: number; message: string }): void {
  if ('data' in outcome) renderData(null, outcome.data);
  else renderData({ status: outcome.status, message: outcome.message });
}
