/**
 * The local FDK platform: loads an app (manifest.json, config/requests.json, server/server.js) and
 * runs it as the FDK does, with $request, $db, $schedule, renderData, generateTargetUrl, app set-up,
 * product, external and scheduled events, server methods, the platform limits, an injectable clock
 * and an HTTP dev server for external events and the front end. See tools/platform/README.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox } from './create-sandbox.js';
import { createDbApi } from './db-api.js';
import { createDevServer, type DevServer, type HttpReply, type RouteHandler } from './dev-server.js';
import { baseArgs, externalEventArgs, methodArgs, productEventArgs, scheduledEventArgs, type ArgsContext } from './event-args.js';
import { invokeHandler, type InvokeRuntime } from './invoke-handler.js';
import { jsonBytes, type JsonObject } from './json-value.js';
import type { InvocationKind } from './judge-invocation.js';
import { createKvStore, type StoredRecord } from './kv-store.js';
import { resolveLimits, type Limits } from './limits.js';
import { loadApp, missingExports, type LoadedApp } from './load-app.js';
import { createMinuteWindow } from './minute-window.js';
import { createVirtualClock, type PlatformClock } from './platform-clock.js';
import { createMetrics, type PlatformMetrics } from './platform-metrics.js';
import { rejectionBody } from './platform-rejection.js';
import type { CurrentHost, InvocationResult, LogLevel, LogLine } from './platform-types.js';
import { createRequestApi, type RequestSuccess } from './request-api.js';
import { reservePort } from './reserve-port.js';
import { createSandboxGlobals, inertGlobals } from './sandbox-globals.js';
import { createSandboxPool } from './sandbox-pool.js';
import { createSandboxRequire } from './sandbox-require.js';
import { createScheduleApi } from './schedule-api.js';
import { createScheduleStore, type StoredSchedule } from './schedule-store.js';
import { readState, writeState, type InstallationState } from './state-file.js';
import { parseExternalBody } from './parse-external-body.js';
import { loadTestData } from './test-data.js';

export const DEFAULT_SECURE_IPARAMS: readonly string[] = ['signl4_webhook', 'signl4_api_key', 'freshservice_api_key'];
export const DEFAULT_CURRENT_HOST: CurrentHost = { endpoint_urls: { freshservice: 'https://acme.freshservice.com' } };

interface DeferredEvent {
  at: number;
  seq: number;
  event: string;
  data: unknown;
  extra: Record<string, unknown>;
  resolve(result: InvocationResult): void;
  reject(error: unknown): void;
}

export type DataProvider = (kind: string, query: Record<string, string>) => Promise<unknown>;

export interface PlatformOptions {
  /** App root holding manifest.json, config/requests.json and server/server.js. */
  root: string;
  iparams: Record<string, unknown>;
  /** Names of secure iparams (default: signl4_webhook, signl4_api_key, freshservice_api_key). */
  secureIparams?: readonly string[];
  currentHost?: CurrentHost;
  /** 'connect.signl4.com' | 'acme.freshservice.com' | '*.freshservice.com' -> 'http://127.0.0.1:<port>'. */
  hostMap?: Record<string, string>;
  /** Default: a virtual clock starting now that moves only when told. */
  clock?: PlatformClock;
  /** Persist $db, schedules and the installation as JSON here (default: in memory). */
  stateFile?: string;
  limits?: Partial<Limits>;
  /** Real ms before a $request attempt times out (default 15000). */
  requestTimeoutMs?: number;
  log?: (line: LogLine) => void;
  /** Answers client.data.get(kind) for the front end (ticket, requester, loggedInUser, …). */
  dataProvider?: DataProvider;
  region?: string;
  /** Dev-server port; by default a free one is reserved so URLs handed out before listen() work after it. */
  port?: number;
  /**
   * false (default): a fresh sandbox per invocation, server.js loaded each time (no state survives).
   * true: warm sandboxes reused like a warm serverless container (module-level caches persist;
   * much faster for an app that compiles schemas at first use). See sandbox-pool.ts.
   */
  reuseSandbox?: boolean;
  /** With a real-time clock: how often (real ms) due schedules are checked (default 1000). */
  scheduleTickMs?: number;
}

export interface DbInspector {
  get(key: string): JsonObject | undefined;
  /** Seeds a record (the store's key/value rules apply; no rate limit, no metrics). */
  set(key: string, value: JsonObject, options?: { ttl?: number }): void;
  keys(): string[];
  dump(): Record<string, StoredRecord>;
  reset(): void;
}

export interface ScheduleInspector {
  list(): StoredSchedule[];
  get(name: string): StoredSchedule | undefined;
  reset(): void;
}

export interface PlatformFaults {
  /** The next invocation is killed once it has made n $request + $db calls (models the 20 s kill). */
  killNextHandlerAfterOps(n: number): void;
  /**
   * true: the $db budget of the current minute, and of every minute while held, is used up (every
   * $db call answers 429 "You have exceeded the limit…"); false: the next minute is free again
   * (the current one stays spent, as a used budget does).
   */
  holdDbMinuteSpent(on: boolean): void;
}

export interface ExternalDelivery extends HttpReply {
  result?: InvocationResult;
}

export interface Platform {
  readonly app: LoadedApp;
  readonly clock: PlatformClock;
  readonly limits: Limits;
  readonly metrics: PlatformMetrics;
  /** The most recent log lines (at most 5000). */
  readonly logs: readonly LogLine[];
  readonly db: DbInspector;
  readonly schedules: ScheduleInspector;
  readonly faults: PlatformFaults;
  /** Mutable: simulators started later can add their hosts. */
  readonly hostMap: Record<string, string>;
  readonly iparams: Readonly<Record<string, unknown>>;
  readonly currentHost: CurrentHost;
  readonly installed: boolean;
  readonly installationId: string;
  /** http://127.0.0.1:<port> of the dev server (reserved before listen()). */
  readonly baseUrl: string;
  /** This installation's external-event URL, the one generateTargetUrl() returns. */
  readonly externalEventUrl: string;
  readonly server: DevServer;
  install(): Promise<InvocationResult>;
  uninstall(): Promise<InvocationResult>;
  updateIparams(iparams: Record<string, unknown>): void;
  emitProductEvent(event: string, data: unknown, extra?: Record<string, unknown>): Promise<InvocationResult>;
  /**
   * The same event delivered `delayMs` of platform time from now (as Freshservice may deliver an
   * update's event seconds after the change): it runs when advance() or the real-time ticker
   * reaches that time, in time order with the schedules (before a schedule due at the same ms).
   */
  emitProductEventLater(delayMs: number, event: string, data: unknown, extra?: Record<string, unknown>): Promise<InvocationResult>;
  /** Product events waiting for their delivery time. */
  readonly deferredProductEvents: number;
  /** Emits the `data` of server/test_data/<module>/<event>[.<variant>].json. */
  emitTestData(event: string, variant?: string): Promise<InvocationResult>;
  invokeMethod(name: string, payload?: unknown): Promise<InvocationResult>;
  /** The external-event path without HTTP (the dev server uses the same). */
  deliverExternalEvent(installationId: string, token: string, body: Buffer | string, headers?: Record<string, string>): Promise<ExternalDelivery>;
  /** client.request.invokeTemplate: location 'installation' is the settings page. */
  invokeTemplateFromPage(name: string, options: unknown, location?: string): Promise<RequestSuccess>;
  /** Fires every schedule due now, in time order, awaiting each handler. */
  fireDueSchedules(): Promise<InvocationResult[]>;
  /** Moves the clock by ms, firing every schedule that falls due on the way, in time order. */
  advance(ms: number): Promise<InvocationResult[]>;
  addRoute(method: string, pathPrefix: string, handler: RouteHandler): void;
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

const CLIENT_SCRIPT = fileURLToPath(new URL('./client/fdk-client.js', import.meta.url));
const LOG_CAP = 5000;

function newInstallation(): InstallationState {
  return { id: randomUUID(), token: randomBytes(18).toString('base64url'), installed: false };
}

function withModules(host: CurrentHost, modules: string[]): CurrentHost {
  return { ...structuredClone(host), subscribed_modules: host.subscribed_modules ?? modules, product_types: host.product_types ?? { freshservice: 'ITSM' } };
}


/** Refuses to start when server.js does not load or lacks a handler the manifest names. */
function checkExports(app: LoadedApp, requireFn: (name: string) => unknown, timeoutMs: number): void {
  const sandbox = createSandbox(app, { now: Date.now, require: requireFn });
  sandbox.install(inertGlobals('while server.js loads'));
  let exported: Record<string, unknown>;
  try {
    exported = sandbox.load(timeoutMs);
  } catch (error) {
    throw new Error(`${app.serverFile} fails to load: ${(error as Error).message}`, { cause: error });
  }
  const missing = missingExports(app, exported);
  if (missing.length > 0) throw new Error(`${app.serverFile} does not export what manifest.json names: ${missing.join('; ')}`);
}

export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const root = resolve(options.root);
  const clock = options.clock ?? createVirtualClock();
  const limits = resolveLimits(options.limits);
  const metrics = createMetrics();
  const logs: LogLine[] = [];
  const log = (level: LogLevel, text: string): void => {
    const line: LogLine = { level, text, at: clock.now() };
    logs.push(line);
    if (logs.length > LOG_CAP) logs.splice(0, logs.length - LOG_CAP);
    options.log?.(line);
  };
  const warn = (text: string): void => log('warn', text);

  const app = loadApp(root);
  const sandboxRequire = createSandboxRequire(root, app.dependencies, warn);
  checkExports(app, sandboxRequire, limits.handlerTimeoutMs);

  const secure = new Set(options.secureIparams ?? DEFAULT_SECURE_IPARAMS);
  let iparams = structuredClone(options.iparams);
  const hostMap: Record<string, string> = { ...(options.hostMap ?? {}) };
  const currentHost = withModules(options.currentHost ?? DEFAULT_CURRENT_HOST, app.productModules);
  const region = options.region ?? 'US';
  const argsContext = (): ArgsContext => ({ currentHost, iparams, region, now: clock.now() });

  const stored = options.stateFile === undefined ? undefined : readState(options.stateFile);
  let installation = stored?.installation ?? newInstallation();
  let phase: 'idle' | 'installing' | 'installed' = installation.installed ? 'installed' : 'idle';
  let ready = false;
  let persisting = false;
  const persist = (): void => {
    if (options.stateFile === undefined || !ready || persisting) return;
    persisting = true;
    try {
      writeState(options.stateFile, { version: 1, installation, db: store.dump(), schedules: scheduleStore.list() });
    } finally {
      persisting = false;
    }
  };
  const now = (): number => clock.now();
  const store = createKvStore({ now, limits, onChange: persist });
  const scheduleStore = createScheduleStore({ now, limits, hasScheduledEvent: () => app.events.has('onScheduledEvent'), onChange: persist });
  if (stored !== undefined) {
    store.load(stored.db);
    scheduleStore.load(stored.schedules);
  }
  ready = true;

  const available = (): boolean => phase !== 'idle';
  const port = options.port ?? (await reservePort());
  let baseUrl = `http://127.0.0.1:${port}`;
  const targetUrl = (): string => `${baseUrl}/__fdk/ext/${installation.id}/${installation.token}`;

  const request = createRequestApi({
    app,
    clock,
    limits,
    hostMap: () => hostMap,
    timeoutMs: options.requestTimeoutMs ?? 15_000,
    iparams: () => iparams,
    secure,
    metrics,
    log,
  });
  const db = createDbApi({ store, clock, limits, metrics, available });
  const schedule = createScheduleApi({ store: scheduleStore, metrics, available });
  const services = { request, db, schedule, targetUrl, log, externalEventDeclared: app.events.has('onExternalEvent') };

  let sequence = 0;
  let killBudget: number | undefined;
  const runtime: InvokeRuntime = {
    app,
    clock,
    limits,
    metrics,
    sandboxes: createSandboxPool(() => createSandbox(app, { now, require: sandboxRequire }), options.reuseSandbox === true),
    log,
    globals: (scope, sandbox, render) => createSandboxGlobals(services, scope, sandbox, render),
    takeKillBudget: () => {
      const budget = killBudget;
      killBudget = undefined;
      return budget;
    },
    nextId: () => (sequence += 1),
  };
  const invoke = (kind: InvocationKind, event: string, handler: string, args: Record<string, unknown>, timeoutMs = limits.handlerTimeoutMs): Promise<InvocationResult> =>
    invokeHandler(runtime, { kind, event, handler, args, timeoutMs });

  /** A result for an event the platform answered without running a handler. */
  const synthetic = (kind: InvocationKind, event: string, handler: string, outcome: { ok: boolean; error?: string; status?: number }): InvocationResult => {
    const result: InvocationResult = {
      id: (sequence += 1),
      handler,
      event,
      kind,
      ...outcome,
      ...(outcome.ok ? {} : { dropped: true }),
      durationMs: 0,
      platformMs: 0,
      startedAt: clock.now(),
      requests: 0,
      dbOps: 0,
      scheduleOps: 0,
      logs: [],
    };
    metrics.record(result);
    log(outcome.ok ? 'info' : 'warn', `${event}: ${outcome.ok ? 'no handler declared; done' : `not run (${outcome.error ?? ''})`}`);
    return result;
  };

  const setupEvent = async (event: string): Promise<InvocationResult> => {
    const binding = app.events.get(event);
    if (binding === undefined) return synthetic('setup', event, '', { ok: true });
    return invoke('setup', event, binding.handler, baseArgs(event, argsContext()), limits.setupTimeoutMs);
  };

  const forgetInstallation = (): void => {
    installation = newInstallation();
    phase = 'idle';
    store.clear();
    scheduleStore.clear();
    persist();
  };

  const install = async (): Promise<InvocationResult> => {
    if (phase !== 'idle') throw new Error('The app is already installed');
    phase = 'installing';
    const result = await setupEvent('onAppInstall');
    if (!result.ok) {
      forgetInstallation();
      return result;
    }
    phase = 'installed';
    installation = { ...installation, installed: true };
    persist();
    return result;
  };

  const uninstall = async (): Promise<InvocationResult> => {
    if (phase !== 'installed') throw new Error('The app is not installed');
    const result = await setupEvent('onAppUninstall');
    if (result.ok) forgetInstallation();
    return result;
  };

  const emitProductEvent = async (event: string, data: unknown, extra: Record<string, unknown> = {}): Promise<InvocationResult> => {
    const binding = app.events.get(event);
    if (binding === undefined || binding.module === 'common') throw new Error(`manifest.json declares no product-event handler for ${event}`);
    if (phase !== 'installed') return synthetic('event', event, binding.handler, { ok: false, error: 'the app is not installed' });
    const args = productEventArgs(event, data, argsContext(), extra);
    const bytes = jsonBytes(args);
    if (bytes > limits.productEventBytes) {
      return synthetic('event', event, binding.handler, { ok: false, error: `payload is ${bytes} bytes; the limit is ${limits.productEventBytes}` });
    }
    return invoke('event', event, binding.handler, args);
  };

  /**
   * Emits a fixture's data with the platform's currentHost, iparams and clock. Other top-level keys
   * (account_id, domain, version, …) are kept, and so is the timestamp's format: integer ms in
   * FDK-generated test data, float seconds in live payloads.
   */
  const emitTestData = (event: string, variant?: string): Promise<InvocationResult> => {
    const module = app.events.get(event)?.module ?? 'service_ticket';
    const fixture = loadTestData(root, module, event, variant);
    const replaced = new Set(['data', 'currentHost', 'iparams', 'event', 'timestamp', 'region']);
    const extra = Object.fromEntries(Object.entries(fixture).filter(([key]) => !replaced.has(key)));
    const milliseconds = Number.isInteger(fixture['timestamp']) && (fixture['timestamp'] as number) > 1e12;
    return emitProductEvent(event, fixture['data'], milliseconds ? { ...extra, timestamp: clock.now() } : extra);
  };

  const smiWindow = createMinuteWindow(limits.smiPerMinute, now);
  const invokeMethod = async (name: string, payload: unknown = {}): Promise<InvocationResult> => {
    const spec = app.functions.get(name);
    if (spec === undefined) return synthetic('method', name, name, { ok: false, status: 404, error: 'Requested function not found or registered' });
    metrics.count('smiCalls');
    const bytes = jsonBytes(payload ?? {});
    if (bytes > limits.smiPayloadBytes) return synthetic('method', name, name, { ok: false, status: 413, error: `Payload is ${bytes} bytes; the limit is ${limits.smiPayloadBytes}` });
    if (!smiWindow.take().ok) {
      metrics.count('smiRateLimited');
      return synthetic('method', name, name, { ok: false, status: 429, error: `You have exceeded the limit of ${smiWindow.limit} requests per minute` });
    }
    // functions.<name>.timeout (20|25|30 s) scales the handler limit (20 s), so tests can shrink both.
    const timeoutMs = (limits.handlerTimeoutMs * (spec.timeoutSeconds ?? 20)) / 20;
    return invoke('method', name, name, methodArgs(payload, argsContext()), timeoutMs);
  };

  const externalWindow = createMinuteWindow(limits.externalEventsPerMinute, now);
  const deliverExternalEvent = async (id: string, token: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<ExternalDelivery> => {
    const binding = app.events.get('onExternalEvent');
    if (phase !== 'installed' || binding === undefined || id !== installation.id || token !== installation.token) {
      return { status: 404, body: { message: 'Not found' } };
    }
    metrics.count('externalEvents');
    const raw = typeof body === 'string' ? body : body.toString('utf8');
    const bytes = Buffer.byteLength(raw);
    if (bytes > limits.externalEventBytes) {
      metrics.count('externalEventsTooLarge');
      log('warn', `onExternalEvent refused: body is ${bytes} bytes; the limit is ${limits.externalEventBytes}`);
      return { status: 413, body: { message: `Payload too large: the limit is ${limits.externalEventBytes} bytes` } };
    }
    const decision = externalWindow.take();
    if (!decision.ok) {
      metrics.count('externalEventsRateLimited');
      log('warn', 'onExternalEvent refused: rate limit');
      return { status: 429, body: { message: `You have exceeded the limit of ${externalWindow.limit} requests per minute` }, headers: { 'retry-after': String(decision.retryAfterSeconds) } };
    }
    const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
    const data = parseExternalBody(raw, lower['content-type']);
    const result = await invoke('event', 'onExternalEvent', binding.handler, externalEventArgs(data, lower, argsContext()));
    return { status: 200, body: { status: 'ok' }, result };
  };

  let scheduleChain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = scheduleChain.then(work, work);
    scheduleChain = next.catch(() => undefined);
    return next;
  };

  const deferred: DeferredEvent[] = [];
  let deferredSeq = 0;
  const emitProductEventLater = (delayMs: number, event: string, data: unknown, extra: Record<string, unknown> = {}): Promise<InvocationResult> => {
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError('emitProductEventLater needs a delay of 0 ms or more');
    const binding = app.events.get(event);
    if (binding === undefined || binding.module === 'common') throw new Error(`manifest.json declares no product-event handler for ${event}`);
    return new Promise((resolveResult, rejectResult) => {
      deferred.push({ at: clock.now() + delayMs, seq: (deferredSeq += 1), event, data: structuredClone(data), extra, resolve: resolveResult, reject: rejectResult });
      deferred.sort((a, b) => a.at - b.at || a.seq - b.seq);
    });
  };

  /** The deferred event due first, when it is due no later than `until` and not after the schedule `before`. */
  const takeDeferred = (until: number, before: StoredSchedule | undefined): DeferredEvent | undefined => {
    const first = deferred[0];
    if (first === undefined || first.at > until || (before !== undefined && before.nextRunAt < first.at)) return undefined;
    return deferred.shift();
  };

  /** Emits a deferred event at its time; its promise settles with the invocation (or the error). */
  const runDeferred = async (item: DeferredEvent, results: InvocationResult[]): Promise<void> => {
    if (clock.kind === 'virtual' && item.at > clock.now()) clock.advance(item.at - clock.now());
    try {
      const result = await emitProductEvent(item.event, item.data, item.extra);
      results.push(result);
      item.resolve(result);
    } catch (error) {
      item.reject(error);
    }
  };

  const runSchedulesUntil = async (until: number, collapseMissed: boolean): Promise<InvocationResult[]> => {
    const results: InvocationResult[] = [];
    const binding = app.events.get('onScheduledEvent');
    for (let guard = 0; guard < 1_000_000; guard += 1) {
      const due = scheduleStore.nextDue(until);
      const early = takeDeferred(until, due);
      if (early !== undefined) {
        await runDeferred(early, results);
        continue;
      }
      if (due === undefined) break;
      if (clock.kind === 'virtual' && due.nextRunAt > clock.now()) clock.advance(due.nextRunAt - clock.now());
      const data = structuredClone(due.data);
      scheduleStore.fired(due, collapseMissed ? { skipMissedUpTo: clock.now() } : {});
      if (binding === undefined) {
        warn(`schedule "${due.name}" fell due, but manifest.json declares no onScheduledEvent handler`);
        continue;
      }
      results.push(await invoke('event', 'onScheduledEvent', binding.handler, scheduledEventArgs(data, argsContext())));
    }
    return results;
  };

  const fireDueSchedules = (): Promise<InvocationResult[]> => serial(() => runSchedulesUntil(clock.now(), clock.kind === 'real'));
  const advance = (ms: number): Promise<InvocationResult[]> =>
    serial(async () => {
      const target = clock.now() + ms;
      const results = await runSchedulesUntil(target, false);
      if (clock.now() < target) clock.advance(target - clock.now());
      return results;
    });

  let ticking = false;
  const ticker =
    clock.kind === 'real'
      ? setInterval(() => {
          if (ticking) return;
          ticking = true;
          void fireDueSchedules().finally(() => {
            ticking = false;
          });
        }, options.scheduleTickMs ?? 1000)
      : undefined;
  ticker?.unref();

  const nonSecureIparams = (): Record<string, unknown> => Object.fromEntries(Object.entries(iparams).filter(([name]) => !secure.has(name)));

  const invokeTemplateFromPage = (name: string, rawOptions: unknown, location?: string): Promise<RequestSuccess> =>
    request.invoke(name, rawOptions, location === 'installation' ? 'installation' : 'frontend');

  let clientScript: string | undefined;
  const status = (): unknown => ({
    installed: phase === 'installed',
    installationId: installation.id,
    baseUrl,
    clock: { kind: clock.kind, now: new Date(clock.now()).toISOString() },
    limits,
    windows: {
      requests: { used: request.window.used(), limit: request.window.limit },
      db: { used: db.window.used(), limit: db.window.limit },
      externalEvents: { used: externalWindow.used(), limit: externalWindow.limit },
      serverMethods: { used: smiWindow.used(), limit: smiWindow.limit },
    },
    totals: metrics.totals,
    dbKeys: store.keys().length,
    schedules: scheduleStore.list().map(({ name, nextRunAt, repeat }) => ({ name, next: new Date(nextRunAt).toISOString(), ...(repeat === undefined ? {} : { repeat }) })),
    recent: metrics.invocations.slice(-20).map(({ id, event, handler, ok, error, durationMs, requests, dbOps, killed }) => ({ id, event, handler, ok, error, durationMs, requests, dbOps, killed })),
  });

  const server = createDevServer({
    app,
    externalEvent: (id, token, body, headers) => deliverExternalEvent(id, token, body, headers),
    async method(name, payload) {
      const result = await invokeMethod(name, payload);
      const requestID = `${installation.id}-${result.id}`;
      if (result.ok) return { status: 200, body: { requestID, response: result.rendered?.data ?? null } };
      const code = result.status ?? 500;
      return { status: code, body: { requestID, status: code, message: result.error ?? 'failed' } };
    },
    async template(name, rawOptions, location) {
      try {
        return { status: 200, body: await invokeTemplateFromPage(name, rawOptions, location) };
      } catch (error) {
        const body = rejectionBody(error);
        return { status: body.status >= 400 && body.status <= 599 ? body.status : 502, body };
      }
    },
    async data(kind, query) {
      if (kind === 'currentHost') return { status: 200, body: { currentHost } };
      const value = options.dataProvider === undefined ? undefined : await options.dataProvider(kind, query);
      if (value === undefined) return { status: 404, body: { status: 404, message: `No data for "${kind}" in the local platform` } };
      return { status: 200, body: { [kind]: value } };
    },
    iparams: nonSecureIparams,
    status,
    async clientScript() {
      clientScript ??= await readFile(CLIENT_SCRIPT, 'utf8');
      return clientScript;
    },
  });

  return {
    app,
    clock,
    limits,
    metrics,
    logs,
    hostMap,
    currentHost,
    server,
    get iparams() {
      return iparams;
    },
    get installed() {
      return phase === 'installed';
    },
    get installationId() {
      return installation.id;
    },
    get baseUrl() {
      return baseUrl;
    },
    get externalEventUrl() {
      return targetUrl();
    },
    db: {
      get: (key) => store.peek(key),
      set: (key, value, setOptions) => void store.set(key, value, setOptions),
      keys: () => store.keys(),
      dump: () => store.dump(),
      reset: () => store.clear(),
    },
    schedules: {
      list: () => scheduleStore.list(),
      get: (name) => scheduleStore.list().find((item) => item.name === name),
      reset: () => scheduleStore.clear(),
    },
    faults: {
      killNextHandlerAfterOps(n) {
        if (!Number.isInteger(n) || n < 0) throw new RangeError('killNextHandlerAfterOps needs an integer n >= 0');
        killBudget = n;
      },
      holdDbMinuteSpent: (on) => db.holdSpent(on),
    },
    install,
    uninstall,
    updateIparams(next) {
      iparams = structuredClone(next);
      log('info', 'iparams updated');
    },
    emitProductEvent,
    emitProductEventLater,
    get deferredProductEvents() {
      return deferred.length;
    },
    emitTestData,
    invokeMethod,
    deliverExternalEvent,
    invokeTemplateFromPage,
    fireDueSchedules,
    advance,
    addRoute: (method, prefix, handler) => server.addRoute(method, prefix, handler),
    async listen(listenPort) {
      const bound = await server.listen(listenPort ?? port);
      baseUrl = `http://127.0.0.1:${bound}`;
      log('info', `local platform listening on ${baseUrl}`);
      return baseUrl;
    },
    async close() {
      if (ticker !== undefined) clearInterval(ticker);
      await server.close();
    },
  };
}
