/**
 * $request.invokeTemplate (serverless) and client.request.invokeTemplate (front end), docs/fdk-facts.md §3:
 * - the template must be declared in config/requests.json AND manifest modules.common.requests;
 * - the platform limit: N calls per app per platform-clock minute; over it the call is refused
 *   (429, errorSource PLATFORM, Retry-After = seconds to the next window) without any HTTP;
 * - substitution rules (render-template.ts), body a string of at most 6 MB;
 * - a real HTTP request to the host mapped through hostMap (unmapped hosts are refused: no internet);
 * - options.maxAttempts retries network errors, timeouts, 429 and 5xx, waiting options.retryDelay ms
 *   of PLATFORM time between attempts (a virtual clock jumps; nothing sleeps);
 * - success (2xx): { status, headers, response } with `response` always a string;
 *   non-2xx: rejects { status, headers, response, errorSource: 'APP', attempts }.
 * Every call counts in the metrics, refused ones included.
 */
import type { InvocationScope } from './invocation-scope.js';
import { killedRejection } from './invocation-scope.js';
import { isPlainObject } from './json-value.js';
import type { Limits } from './limits.js';
import type { LoadedApp } from './load-app.js';
import { createMinuteWindow, type MinuteWindow } from './minute-window.js';
import { waitOn, type PlatformClock } from './platform-clock.js';
import type { PlatformMetrics } from './platform-metrics.js';
import { PlatformRejection, refuse } from './platform-rejection.js';
import type { LogLevel } from './platform-types.js';
import { renderTemplate, type Caller, type PreparedRequest, type RequestTemplate } from './render-template.js';
import { sendHttp, type HttpAnswer } from './send-http.js';

export interface RequestSuccess {
  status: number;
  headers: Record<string, string | string[]>;
  response: string;
}

export interface RequestApiOptions {
  app: LoadedApp;
  clock: PlatformClock;
  limits: Limits;
  /** Host ('connect.signl4.com', 'acme.freshservice.com' or '*.freshservice.com') -> loopback base URL. */
  hostMap: () => Readonly<Record<string, string>>;
  timeoutMs: number;
  iparams: () => Readonly<Record<string, unknown>>;
  secure: ReadonlySet<string>;
  metrics: PlatformMetrics;
  log(level: LogLevel, text: string): void;
}

export interface RequestApi {
  readonly window: MinuteWindow;
  invoke(name: unknown, options: unknown, caller: Caller, scope?: InvocationScope): Promise<RequestSuccess>;
}

interface CallOptions {
  context: Record<string, unknown>;
  query: Record<string, unknown>;
  body: string | undefined;
}

/** The loopback base URL for a host, exact names first, then '*.' wildcards. */
export function mapHost(host: string, hostMap: Readonly<Record<string, string>>): URL | undefined {
  const exact = hostMap[host];
  if (exact !== undefined) return new URL(exact);
  for (const [pattern, base] of Object.entries(hostMap)) {
    if (pattern.startsWith('*.') && host.endsWith(pattern.slice(1))) return new URL(base);
  }
  return undefined;
}

function targetUrl(prepared: PreparedRequest, base: URL): URL {
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/$/, '')}${prepared.path}`;
  url.search = new URLSearchParams(prepared.query).toString();
  return url;
}

function objectOption(value: unknown, label: string, name: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw refuse(400, `Request template "${name}": ${label} must be an object`, { errorSource: 'PLATFORM' });
  return value;
}

function callOptions(name: string, raw: unknown, maxBody: number): CallOptions {
  const options = objectOption(raw, 'the options', name);
  const body = options['body'];
  if (body !== undefined && typeof body !== 'string') {
    throw refuse(400, `Request template "${name}": body must be a string (JSON.stringify it)`, { errorSource: 'PLATFORM' });
  }
  if (body !== undefined && Buffer.byteLength(body) > maxBody) {
    throw refuse(413, `Request template "${name}": the body is larger than ${maxBody} bytes`, { errorSource: 'PLATFORM' });
  }
  return { context: objectOption(options['context'], 'context', name), query: objectOption(options['query'], 'query', name), body };
}

function retryable(answer: HttpAnswer | undefined): boolean {
  return answer === undefined || answer.status === 429 || answer.status >= 500;
}

function settle(answer: HttpAnswer | undefined, failure: PlatformRejection | undefined, attempts: number): RequestSuccess {
  if (answer === undefined) throw new PlatformRejection({ ...(failure as PlatformRejection).body, attempts });
  if (answer.status >= 200 && answer.status < 300) return { status: answer.status, headers: answer.headers, response: answer.body };
  throw new PlatformRejection({ status: answer.status, headers: answer.headers, response: answer.body, errorSource: 'APP', attempts });
}

export function createRequestApi(options: RequestApiOptions): RequestApi {
  const window = createMinuteWindow(options.limits.requestsPerMinute, () => options.clock.now());

  const template = (name: unknown): [string, RequestTemplate] => {
    const found = typeof name === 'string' ? options.app.templates.get(name) : undefined;
    if (found === undefined) {
      throw refuse(400, `Request template "${String(name)}" not found: declare it in config/requests.json and manifest.json modules.common.requests`, { errorSource: 'PLATFORM' });
    }
    return [name as string, found];
  };

  const admit = (): void => {
    const decision = window.take();
    if (decision.ok) return;
    options.metrics.count('requestsRateLimited');
    throw refuse(429, `You have exceeded the limit of ${window.limit} requests per minute`, {
      errorSource: 'PLATFORM',
      headers: { 'retry-after': String(decision.retryAfterSeconds) },
    });
  };

  const prepare = (name: string, spec: RequestTemplate, call: CallOptions, caller: Caller): { prepared: PreparedRequest; url: URL } => {
    const prepared = renderTemplate({ name, template: spec, iparams: options.iparams(), secure: options.secure, context: call.context, query: call.query, caller });
    const base = mapHost(prepared.host, options.hostMap());
    if (base === undefined) {
      throw refuse(502, `Request template "${name}": no local server for host "${prepared.host}" (the local platform has no internet; map it in hostMap)`, { errorSource: 'PLATFORM' });
    }
    return { prepared, url: targetUrl(prepared, base) };
  };

  const attempt = async (name: string, prepared: PreparedRequest, url: URL, body: string | undefined, scope: InvocationScope | undefined, maxAttempts: number, retryDelay: number): Promise<RequestSuccess> => {
    for (let count = 1; ; count += 1) {
      options.metrics.count('httpAttempts');
      const started = performance.now();
      let answer: HttpAnswer | undefined;
      let failure: PlatformRejection | undefined;
      try {
        answer = await sendHttp({ method: prepared.method, url, headers: { ...prepared.headers, host: prepared.host }, ...(body === undefined ? {} : { body }), timeoutMs: options.timeoutMs, maxResponseBytes: options.limits.responseBytes });
      } catch (error) {
        failure = error as PlatformRejection;
      }
      const outcome = answer === undefined ? `${failure?.body.status ?? 502} (${failure?.message ?? 'failed'})` : String(answer.status);
      options.log(answer !== undefined && answer.status < 400 ? 'info' : 'warn', `$request ${name}: ${prepared.method} ${prepared.host} -> ${outcome} (attempt ${count}/${maxAttempts}, ${(performance.now() - started).toFixed(0)} ms)`);
      if (count >= maxAttempts || !retryable(answer)) return settle(answer, failure, count);
      await waitOn(options.clock, retryDelay);
      if (scope?.killed === true) throw killedRejection();
    }
  };

  const perform = async (rawName: unknown, rawOptions: unknown, caller: Caller, scope: InvocationScope | undefined): Promise<RequestSuccess> => {
    let name = String(rawName);
    let spec: RequestTemplate;
    let call: CallOptions;
    let target: { prepared: PreparedRequest; url: URL };
    try {
      [name, spec] = template(rawName);
      admit();
      call = callOptions(name, rawOptions, options.limits.requestBodyBytes);
      target = prepare(name, spec, call, caller);
    } catch (error) {
      if (error instanceof PlatformRejection && error.body.status !== 429) {
        options.metrics.count('requestsRefused');
        options.log('warn', `$request ${name} refused: ${error.message}`);
      }
      throw error;
    }
    const maxAttempts = spec.options?.maxAttempts ?? 1;
    // retryDelay default: 1000 ms per the 2.3 guide, 0 per the KB (UNCONFIRMED); platform time either way.
    const retryDelay = spec.options?.retryDelay ?? 1000;
    return attempt(name, target.prepared, target.url, call.body, scope, maxAttempts, retryDelay);
  };

  return {
    window,
    async invoke(name, rawOptions, caller, scope) {
      options.metrics.count('requests');
      const settled = scope?.enter('request');
      try {
        return await perform(name, rawOptions, caller, scope);
      } finally {
        settled?.();
      }
    },
  };
}
