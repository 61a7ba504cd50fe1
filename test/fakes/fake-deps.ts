/** Deps for unit tests: the memory store, a routed request client, a settable clock, a capturing logger. */
import type { Deps, HttpResult, InvokeOptions, Logger, RequestClient, Scheduler, ScheduleSpec, TemplateName } from '../../server/src/platform/platform-types.js';
import { MemoryStore } from './memory-store.js';

export interface RecordedCall {
  template: TemplateName;
  options: InvokeOptions;
}

export type Route = (call: RecordedCall) => HttpResult | Error | Promise<HttpResult>;

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
    const queue = this.routes.get(template);
    if (queue === undefined || queue.length === 0) throw new Error(`no fake answer for ${template}`);
    const route = (queue.length > 1 ? queue.shift() : queue[0]) as Route;
    const result = await route(call);
    if (result instanceof Error) throw result;
    return result;
  }

  count(template?: TemplateName): number {
    return template === undefined ? this.calls.length : this.calls.filter((c) => c.template === template).length;
  }
}

export function ok(body: unknown, status = 200, headers: Record<string, string> = {}): Route {
  return () => ({ status, headers, body });
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

export class FakeScheduler implements Scheduler {
  readonly schedules = new Map<string, ScheduleSpec>();
  async create(spec: ScheduleSpec): Promise<void> {
    this.schedules.set(spec.name, spec);
    return Promise.resolve();
  }
  async exists(name: string): Promise<boolean> {
    return Promise.resolve(this.schedules.has(name));
  }
  async delete(name: string): Promise<void> {
    this.schedules.delete(name);
    return Promise.resolve();
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
    store: new MemoryStore(),
    scheduler: new FakeScheduler(),
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
