/** Deps for unit tests: the memory store, a routed request client, a settable clock, a capturing logger. */
import { mapRequestFailure } from '../../server/src/platform/map-request-failure.js';
import type { Deps, HttpResult, InvokeOptions, Logger, RequestClient, Scheduler, ScheduleSpec, TemplateName } from '../../server/src/platform/platform-types.js';
import type { Redactor } from '../../server/src/platform/redact.js';
import { schedulerOver } from '../../server/src/platform/fdk-platform.js';
import { DEFAULT_LIMITS } from '../../tools/platform/limits.js';
import { createScheduleStore, type ScheduleStore } from '../../tools/platform/schedule-store.js';
import { asPlatformCall, MemoryStore } from './memory-store.js';

export interface RecordedCall {
  template: TemplateName;
  options: InvokeOptions;
}

export type Route = (call: RecordedCall) => HttpResult | Error | Promise<HttpResult>;

/**
 * Answers a test need not set: an account whose workspaces are not listed (one workspace, as most
 * are), so group names come from one plain list. Tests of several workspaces set their own.
 */
const DEFAULT_ROUTES = new Map<TemplateName, Route[]>([['fsListWorkspaces', [() => ({ status: 200, headers: {}, body: { workspaces: [] } })]]]);

export class FakeRequest implements RequestClient {
  readonly calls: RecordedCall[] = [];
  private readonly routes = new Map<TemplateName, Route[]>();

  /** Answers the next call of a template (queued answers first, then the last one repeats). */
  on(template: TemplateName, ...answers: Route[]): this {
    this.routes.set(template, [...(this.routes.get(template) ?? []), ...answers]);
    return this;
  }

  async invoke(template: TemplateName, options: InvokeOptions): Promise<HttpResult> {
    const call = { template, options: structuredClone(options) };
    this.calls.push(call);
    const queue = this.routes.get(template) ?? DEFAULT_ROUTES.get(template);
    if (queue === undefined || queue.length === 0) throw new Error(`no fake answer for ${template}`);
    const route = (queue.length > 1 ? queue.shift() : queue[0]) as Route;
    const result = await route(call);
    if (result instanceof Error) throw result;
    return result;
  }

  count(template?: TemplateName): number {
    return template === undefined ? this.calls.length : this.calls.filter((c) => c.template === template).length;
  }

  /** The calls of one template, oldest first. */
  callsOf(template: TemplateName): RecordedCall[] {
    return this.calls.filter((c) => c.template === template);
  }

  /** The body sent with the last call of a template. */
  lastBody<T = Record<string, unknown>>(template: TemplateName): T {
    const calls = this.callsOf(template);
    return calls[calls.length - 1]?.options.body as T;
  }
}

export function ok(body: unknown, status = 200, headers: Record<string, string> = {}): Route {
  return () => ({ status, headers, body });
}

export interface FailureOptions {
  retryAfter?: string;
  body?: unknown;
  /** The redactor the platform adapter would use (fdk-platform.ts builds it from the iparams). */
  redact?: Redactor;
  nowMs?: number;
}

const serviceOf = (template: TemplateName): 'SIGNL4' | 'Freshservice' => (template.startsWith('signl4') ? 'SIGNL4' : 'Freshservice');

/**
 * A rejected $request as the platform adapter reports it: the raw failure goes through the real
 * mapRequestFailure, so the AppError (code, Retry-After, details, fix) is the one production sees.
 */
export function failure(raw: { status?: number; message?: string }, options: FailureOptions = {}): Route {
  return (call) =>
    mapRequestFailure(
      {
        ...raw,
        ...(options.retryAfter === undefined ? {} : { headers: { 'Retry-After': options.retryAfter } }),
        ...(options.body === undefined ? {} : { response: options.body }),
      },
      { operation: call.template, service: serviceOf(call.template), nowMs: options.nowMs ?? 0, redact: options.redact ?? ((t) => t) },
    );
}

/** A non-2xx HTTP answer (429, 5xx, 400, 404 ...). */
export function httpError(status: number, options: FailureOptions = {}): Route {
  return failure({ status }, options);
}

/** The platform's timeout (no status, a timeout message). */
export function timeout(): Route {
  return failure({ message: 'Timeout error while processing the request.' });
}

/** A network failure (no status). */
export function networkError(): Route {
  return failure({ message: 'socket hang up' });
}

export class CaptureLogger implements Logger {
  readonly lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, ...(fields === undefined ? {} : { fields }) });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, ...(fields === undefined ? {} : { fields }) });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, ...(fields === undefined ? {} : { fields }) });
  }
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields ?? {})}`).join('\n');
  }
}

/**
 * The app's Scheduler for unit tests: the app's own $schedule adapter (fdk-platform.ts
 * schedulerOver) over the local platform's schedule model (tools/platform/schedule-store.ts), on
 * the test's clock. `arrivalLagMs` is how much later than the app's clock read the call reaches
 * the platform (as time passes while the app awaits), for the 5-minute rule.
 */
export class FakeScheduler implements Scheduler {
  readonly platform: ScheduleStore;
  /** Calls in order, e.g. "exists signl4-sync-tick". */
  readonly calls: string[] = [];
  /** Set by a test: read at each call, e.g. the store's operation count, to prove what came first. */
  probe: (() => number) | undefined;
  /** What `probe` read at each create, in order. */
  readonly probedAtCreate: number[] = [];
  /** Makes one kind of call reject (as $schedule does when the platform refuses). */
  readonly failing: Partial<Record<'create' | 'exists' | 'fetch' | 'delete', Error>> = {};
  /** Platform time that passes between the app reading its clock and the call arriving (the local platform's default transit unless a test sets it). */
  arrivalLagMs = DEFAULT_LIMITS.scheduleTransitMs;
  private readonly app: Scheduler;

  constructor(now: () => number = () => Date.now()) {
    this.platform = createScheduleStore({ now: () => now() + this.arrivalLagMs, limits: { ...DEFAULT_LIMITS, scheduleTransitMs: 0 } });
    const over = this.platform;
    this.app = schedulerOver({
      create: (spec) => asPlatformCall(() => over.create(spec)),
      fetch: (query) => asPlatformCall(() => over.fetch(query)),
      delete: (query) => asPlatformCall(() => over.delete(query)),
    });
  }

  /** The schedules as the app asked for them, by name. */
  get schedules(): Map<string, ScheduleSpec> {
    return new Map(
      this.platform.list().map((s) => [
        s.name,
        { name: s.name, data: s.data, scheduleAt: new Date(s.schedule_at), ...(s.repeat === undefined ? {} : { repeatEveryMinutes: s.repeat.frequency }) },
      ]),
    );
  }

  private check(kind: 'create' | 'exists' | 'fetch' | 'delete', name: string): void {
    this.calls.push(`${kind} ${name}`);
    const error = this.failing[kind];
    if (error !== undefined) throw error;
  }

  async create(spec: ScheduleSpec): Promise<'created' | 'exists'> {
    if (this.probe !== undefined) this.probedAtCreate.push(this.probe());
    this.check('create', spec.name);
    return this.app.create(spec);
  }
  async exists(name: string): Promise<boolean> {
    this.check('exists', name);
    return this.app.exists(name);
  }
  async fetch(name: string): Promise<Record<string, unknown> | undefined> {
    this.check('fetch', name);
    return this.app.fetch(name);
  }
  async delete(name: string): Promise<void> {
    this.check('delete', name);
    return this.app.delete(name);
  }
}

export interface TestDeps extends Deps {
  request: FakeRequest;
  store: MemoryStore;
  scheduler: FakeScheduler;
  log: CaptureLogger;
  clock: { now(): number; set(ms: number): void; advance(ms: number): void };
}

export function fakeDeps(startMs = Date.UTC(2026, 10, 28, 12, 0, 0)): TestDeps {
  let now = startMs;
  return {
    request: new FakeRequest(),
    store: new MemoryStore(() => now),
    scheduler: new FakeScheduler(() => now),
    log: new CaptureLogger(),
    clock: {
      now: () => now,
      set: (ms: number) => {
        now = ms;
      },
      advance: (ms: number) => {
        now += ms;
      },
    },
  };
}
