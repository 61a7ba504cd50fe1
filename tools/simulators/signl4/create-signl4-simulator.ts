/**
 * A contract-faithful simulated SIGNL4 on loopback: the inbound webhook
 * (`POST /webhook/{secret}`, `POST /api/v2/events/{id}` with X-S4-Api-Key) answering
 * 201 {"eventId"}, 404 code 3004, 400, 405 and 429 with X-RateLimit-*; X-S4-ExternalID /
 * X-S4-Status semantics; the REST calls the app uses; outbound callbacks (200, 201/2,
 * 201/4, 202, 203, 1, 300–303) to registered URLs, optionally twice or held and released
 * out of order; phone-side actions; fault injection.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../common/clock.js';
import { applyFault, Faults, type FaultSpec } from '../common/faults.js';
import { BodyTooLarge, headerValue, mediaType, readBody, sendJson, sendText } from '../common/http-io.js';
import { LoopbackServer } from '../common/loopback-server.js';
import { RequestLog } from '../common/request-log.js';
import { Router } from '../common/router.js';
import { SEED_AGENTS, UNMATCHED_SIGNL4_USER } from '../common/seed-people.js';
import { CallbackDispatcher, type PendingDelivery } from './callback-dispatcher.js';
import {
  annotatedPayload, createdPayload, dutyPayload, escalatedPayload, statusPayload, testPayload, type PayloadContext,
} from './callback-payloads.js';
import { readControls } from './event-controls.js';
import { parseInbound } from './parse-inbound.js';
import * as rest from './rest-handlers.js';
import { SignlStore } from './signl-store.js';
import { eventSourceNotFound, s4Error, type S4Answer } from './signl4-errors.js';
import { rateHeaders, Signl4Limits, type Signl4RateLimitOptions } from './signl4-rate-limit.js';
import type { InboundEvent, SentCallback, Signl, Signl4User, WebhookRegistration } from './types.js';

export interface Signl4SimulatorOptions {
  /** Team or integration secrets accepted in /webhook/{secret} (default ['team-secret-0001']). */
  secrets?: string[];
  /** Keys accepted in X-S4-Api-Key (default ['s4-api-key-0001']). */
  apiKeys?: string[];
  clock?: Clock;
  users?: Signl4User[];
  rateLimit?: Signl4RateLimitOptions;
  callbackDelivery?: 'immediate' | 'manual';
  /** Deliver every callback twice (same notification id). */
  duplicateCallbacks?: boolean;
  teamId?: string;
  subscriptionId?: string;
  /** How POST /api/webhooks gives the new id (default 'text', as SIGNL4's v1 spec says). */
  webhookIdAnswer?: rest.WebhookIdAnswer;
}

export interface ActionOptions {
  /** Deliver this action's callback twice. */
  duplicate?: boolean;
}

/** A phone-side action the lifecycle refuses (status 409), or an unknown alert/user (404/400). */
export class Signl4ActionError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

interface RouteDef {
  method: string;
  route: string;
  kind: 'inbound' | 'rest';
  handler?: (ctx: rest.RestContext) => rest.RestResult;
}

const ROUTES: RouteDef[] = [
  { method: 'POST', route: '/webhook/:secret', kind: 'inbound' },
  { method: 'POST', route: '/api/v2/events/:secret', kind: 'inbound' },
  { method: 'POST', route: '/api/v2/alerts/paged', kind: 'rest', handler: rest.pagedAlerts },
  ...['/api/v2', '/api'].flatMap((prefix): RouteDef[] => [
    { method: 'GET', route: `${prefix}/alerts/:id`, kind: 'rest', handler: rest.getAlert },
    { method: 'GET', route: `${prefix}/alerts/:id/details`, kind: 'rest', handler: rest.getAlertDetails },
    { method: 'POST', route: `${prefix}/alerts/:id/acknowledge`, kind: 'rest', handler: rest.changeStatus('acknowledge') },
    { method: 'POST', route: `${prefix}/alerts/:id/close`, kind: 'rest', handler: rest.changeStatus('close') },
    { method: 'POST', route: `${prefix}/alerts/:id/annotate`, kind: 'rest', handler: rest.annotate },
  ]),
  { method: 'POST', route: '/api/webhooks', kind: 'rest', handler: rest.createWebhook },
  { method: 'GET', route: '/api/webhooks', kind: 'rest', handler: rest.listWebhooks },
  { method: 'GET', route: '/api/webhooks/:id', kind: 'rest', handler: rest.getWebhook },
  { method: 'DELETE', route: '/api/webhooks/:id', kind: 'rest', handler: rest.deleteWebhook },
];

const BODY_LIMIT = 10 * 1024 * 1024;

export const DEFAULT_SIGNL4_USERS: readonly Signl4User[] = [
  ...SEED_AGENTS.filter((p) => p.signl4UserId !== '').map((p) => ({ id: p.signl4UserId, username: `${p.firstName} ${p.lastName}`, mailaddress: p.email })),
  { ...UNMATCHED_SIGNL4_USER },
];

export class Signl4Simulator {
  readonly store = new SignlStore();
  readonly faults = new Faults();
  readonly requests = new RequestLog();
  readonly limits: Signl4Limits;
  readonly clock: Clock;
  readonly secrets: Set<string>;
  readonly apiKeys: Set<string>;
  readonly users: Map<string, Signl4User>;
  readonly webhooks = new Map<string, WebhookRegistration>();
  readonly teamId: string;
  readonly subscriptionId: string;
  duplicateCallbacks: boolean;
  webhookIdAnswer: rest.WebhookIdAnswer;
  readonly #dispatcher: CallbackDispatcher;
  readonly #server: LoopbackServer;
  readonly #router = new Router<RouteDef>(ROUTES);
  readonly #serverErrors: unknown[] = [];
  readonly #inflight = new Set<Promise<unknown>>();
  #subMs = 0;

  constructor(options: Signl4SimulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.secrets = new Set(options.secrets ?? ['team-secret-0001']);
    this.apiKeys = new Set(options.apiKeys ?? ['s4-api-key-0001']);
    this.users = new Map((options.users ?? DEFAULT_SIGNL4_USERS).map((u) => [u.id, { ...u }]));
    this.limits = new Signl4Limits(options.rateLimit ?? { per15s: 150 }, this.clock);
    this.teamId = options.teamId ?? '0b3c5e8a-7d41-4c2e-9f10-5a6b7c8d9e01';
    this.subscriptionId = options.subscriptionId ?? '1c4d6f9b-8e52-4d3f-a021-6b7c8d9e0f12';
    this.duplicateCallbacks = options.duplicateCallbacks ?? false;
    this.webhookIdAnswer = options.webhookIdAnswer ?? 'text';
    this.#dispatcher = new CallbackDispatcher(options.callbackDelivery ?? 'immediate', () => this.clock.now());
    this.#server = new LoopbackServer((req, res) => this.#handle(req, res), (error) => this.#serverErrors.push(error));
  }

  get url(): string {
    return this.#server.url;
  }

  get port(): number {
    return this.#server.port;
  }

  listen(port = 0): Promise<string> {
    return this.#server.listen(port);
  }

  /**
   * `close()` stops the server and frees everything; `close(alertId, userId)` is the phone's
   * Close (201 with statusCode 4 and the user; rejects with 404/400/409).
   */
  close(): Promise<void>;
  close(alertId: string, userId: string, options?: ActionOptions): Promise<SentCallback[]>;
  async close(alertId?: string, userId?: string, options: ActionOptions = {}): Promise<void | SentCallback[]> {
    if (alertId === undefined) {
      await this.#server.close();
      await this.whenIdle();
      return;
    }
    return this.#act({ kind: 'close', alertId, userId: userId ?? '' }, options);
  }

  /** Resolves once every callback delivery started so far has been answered. */
  async whenIdle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  get serverErrors(): readonly unknown[] {
    return this.#serverErrors;
  }

  // ---- inspection -------------------------------------------------------------------

  signls(): Signl[] {
    return [...this.store.signls.values()];
  }

  signl(id: string): Signl | undefined {
    return this.store.signls.get(id);
  }

  signlsByExternalId(externalId: string): Signl[] {
    return this.store.byExternalId(externalId);
  }

  get events(): readonly InboundEvent[] {
    return this.store.events;
  }

  /** Every callback delivery attempted, with the answer status (or the error). */
  get callbacks(): readonly SentCallback[] {
    return this.#dispatcher.sent;
  }

  pendingCallbacks(): PendingDelivery[] {
    return this.#dispatcher.pending();
  }

  counts(): Record<string, number> {
    return this.requests.counts();
  }

  // ---- outbound webhooks and phone-side actions -------------------------------------

  registerWebhook(url: string, name = 'Webhook'): WebhookRegistration {
    const hook: WebhookRegistration = { id: randomUUID(), name, externalAddress: url, enabled: true, teamId: this.teamId, subscriptionId: this.subscriptionId };
    this.webhooks.set(hook.id, hook);
    return hook;
  }

  set callbackDelivery(mode: 'immediate' | 'manual') {
    this.#dispatcher.mode = mode;
  }

  get callbackDelivery(): 'immediate' | 'manual' {
    return this.#dispatcher.mode;
  }

  /** Sends held callbacks (see CallbackDispatcher.release); `{ together: true }` posts them concurrently. */
  releaseCallbacks(order?: number[] | 'reverse', options: { together?: boolean } = {}): Promise<SentCallback[]> {
    const delivery = this.#dispatcher.release(order, options.together ?? false);
    this.#inflight.add(delivery);
    void delivery.finally(() => this.#inflight.delete(delivery));
    return delivery;
  }

  /** The phone's Acknowledge: 201 with statusCode 2 and the user. Rejects with 404/400/409. */
  async acknowledge(alertId: string, userId: string, options: ActionOptions = {}): Promise<SentCallback[]> {
    return this.#act({ kind: 'acknowledge', alertId, userId }, options);
  }

  /** The phone's Annotate: 203 with annotation.message. */
  async annotate(alertId: string, userId: string, text: string, options: ActionOptions = {}): Promise<SentCallback[]> {
    return this.#act({ kind: 'annotate', alertId, userId, text }, options);
  }

  /** Changes the Signl and starts the callback delivery; throws when the action is refused. */
  #act(action: { kind: 'acknowledge' | 'close' | 'annotate'; alertId: string; userId: string; text?: string }, options: ActionOptions): Promise<SentCallback[]> {
    const user = this.#user(action.userId);
    const now = this.clock.now();
    if (action.kind === 'annotate') {
      const result = this.store.annotate(action.alertId, user.id, action.text ?? '', now);
      if (!result.ok) throw this.#actionError(result.reason, action.alertId, action.kind);
      return this.#notify(annotatedPayload(result.signl, user, { id: result.annotationId, message: action.text ?? '' }, this.#payloadContext()), options);
    }
    const result = action.kind === 'acknowledge' ? this.store.acknowledge(action.alertId, user.id, now) : this.store.close(action.alertId, user.id, now);
    if (!result.ok) throw this.#actionError(result.reason, action.alertId, action.kind);
    return this.#notify(statusPayload(result.signl, user, this.#payloadContext()), options);
  }

  /** The Signl was not acknowledged in time and escalated (202). */
  async escalate(alertId: string, options: ActionOptions = {}): Promise<SentCallback[]> {
    const result = this.store.escalate(alertId, this.clock.now());
    if (!result.ok) throw this.#actionError(result.reason, alertId, 'escalate');
    return this.#notify(escalatedPayload(result.signl, this.#payloadContext()), options);
  }

  async sendTestEvent(options: ActionOptions = {}): Promise<SentCallback[]> {
    return this.#notify(testPayload(this.#payloadContext()), options);
  }

  async dutyEvent(eventType: 300 | 301 | 302 | 303, userId?: string, options: ActionOptions = {}): Promise<SentCallback[]> {
    return this.#notify(dutyPayload(eventType, userId, this.#payloadContext()), options);
  }

  #user(userId: string): Signl4User {
    const user = this.users.get(userId);
    if (!user) throw new Signl4ActionError(400, `No SIGNL4 user ${userId}`);
    return user;
  }

  #actionError(reason: 'not-found' | 'conflict', alertId: string, action: string): Signl4ActionError {
    return reason === 'not-found'
      ? new Signl4ActionError(404, `No alert ${alertId}`)
      : new Signl4ActionError(409, `The ${action} of alert ${alertId} is against the alert lifecycle`);
  }

  /** `2025-06-02T09:00:00.1230001Z`: 7 fractional digits, strictly increasing within a ms. */
  #payloadContext(): PayloadContext {
    const ms = this.clock.now();
    this.#subMs = (this.#subMs + 1) % 10_000;
    const raisedUtc = new Date(ms).toISOString().replace('Z', `${String(this.#subMs).padStart(4, '0')}Z`);
    return { subscriptionId: this.subscriptionId, teamId: this.teamId, raisedUtc };
  }

  #notify(body: Record<string, unknown>, options: ActionOptions): Promise<SentCallback[]> {
    const urls = [...this.webhooks.values()].filter((hook) => hook.enabled).map((hook) => hook.externalAddress);
    const delivery = this.#dispatcher.dispatch(urls, body, options.duplicate ?? this.duplicateCallbacks);
    this.#inflight.add(delivery);
    void delivery.finally(() => this.#inflight.delete(delivery));
    return delivery;
  }

  // ---- HTTP -------------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const match = this.#router.match(method, url.pathname);
    const route = match.kind === 'found' ? match.route.route : match.kind === 'method-not-allowed' ? match.pattern : url.pathname;
    const log = { at: this.clock.now(), method, path: maskSecret(url.pathname), query: maskQuery(url.searchParams), route };
    const handling = { answer: (fault: FaultSpec) => this.#answerFault(fault, req, res), log: this.requests, entry: log, wait: (ms: number) => this.#server.wait(ms) };
    const fault = this.faults.take(method, url.pathname);
    if (await applyFault(fault, handling)) return;
    const raw = await readBody(req, BODY_LIMIT).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) return undefined;
      throw error;
    });
    let answer: S4Answer;
    if (raw === undefined) answer = s4Error(413, 'Payload too large.', 'The request body is too large.');
    else if (match.kind === 'not-found') answer = s4Error(404, 'Not found.', `No resource at ${maskSecret(url.pathname)}.`);
    else if (match.kind === 'method-not-allowed') answer = s4Error(405, 'Method not allowed.', `${method} is not allowed here; use POST.`);
    else if (match.route.kind === 'inbound') answer = this.#inbound(req, url, match.params['secret'] ?? '', raw.toString('utf8'));
    else answer = this.#rest(req, url, match.route, match.params, raw.toString('utf8'));
    if (answer.text === undefined) sendJson(res, answer.status, answer.body, answer.headers);
    else sendText(res, answer.status, answer.text, answer.headers);
    this.requests.add({ ...log, status: answer.status, ...(fault ? { fault: fault.kind } : {}) });
  }

  #inbound(req: IncomingMessage, url: URL, target: string, raw: string): S4Answer {
    const viaApi = url.pathname.startsWith('/api/');
    const decision = this.limits.spend(this.limits.events);
    const headers = rateHeaders(decision);
    if (!decision.allowed) return this.#throttled(decision.retryAfterSeconds, headers);
    if (viaApi && !this.#apiKeyOk(req, url)) return { ...s4Error(401, 'Unauthorized.', 'A valid X-S4-Api-Key header is required.'), headers };
    if (!this.secrets.has(target) && !(viaApi && target === this.teamId)) return this.#bad(eventSourceNotFound(target), headers);
    const contentType = mediaType(req);
    const parsed = parseInbound(contentType, raw);
    if (!parsed.ok) return this.#bad(s4Error(400, 'Error raising event.', parsed.message), headers);
    const controls = readControls(parsed.params, url.searchParams);
    const { event, changed } = this.store.applyEvent({ via: viaApi ? 'events-api' : 'webhook', contentType, params: parsed.params, controls, now: this.clock.now() });
    for (const signl of changed) {
      const body = event.action === 'created' ? createdPayload(signl, this.#payloadContext()) : statusPayload(signl, undefined, this.#payloadContext());
      void this.#notify(body, {});
    }
    return { status: 201, body: { eventId: event.eventId }, headers };
  }

  /** Bad requests are throttled to 10 a minute (then 429 instead of the 400/404). */
  #bad(answer: S4Answer, headers: Record<string, string>): S4Answer {
    const decision = this.limits.bad.spend();
    if (!decision.allowed) return this.#throttled(decision.retryAfterSeconds, headers);
    return { ...answer, headers };
  }

  #throttled(retryAfterSeconds: number, headers: Record<string, string>): S4Answer {
    const answer = s4Error(429, 'Too many requests.', `The event intake is throttled; retry after ${retryAfterSeconds} seconds.`);
    return { ...answer, headers: { ...headers, 'Retry-After': String(retryAfterSeconds) } };
  }

  /** X-S4-Api-Key header; the `x-s4-api-key` query parameter is accepted too (UNCONFIRMED). */
  #apiKeyOk(req: IncomingMessage, url: URL): boolean {
    const key = headerValue(req, 'x-s4-api-key') ?? url.searchParams.get('x-s4-api-key') ?? '';
    return this.apiKeys.has(key);
  }

  #rest(req: IncomingMessage, url: URL, route: RouteDef, params: Record<string, string>, raw: string): S4Answer {
    const decision = this.limits.spend(this.limits.rest);
    const headers = rateHeaders(decision);
    if (!decision.allowed) return this.#throttled(decision.retryAfterSeconds, headers);
    if (!this.#apiKeyOk(req, url)) return { ...s4Error(401, 'Unauthorized.', 'A valid X-S4-Api-Key header is required.'), headers };
    let body: unknown;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return { ...s4Error(400, 'Invalid request.', 'The body is not valid JSON.'), headers };
      }
    }
    const handler = route.handler as (ctx: rest.RestContext) => rest.RestResult;
    const result = handler({
      store: this.store, users: this.users, webhooks: this.webhooks, teamId: this.teamId, subscriptionId: this.subscriptionId,
      selfUrl: this.url, webhookIdAnswer: this.webhookIdAnswer, params, query: url.searchParams, body, now: this.clock.now(),
    });
    const { action, ...answer } = result;
    if (action) void this.#act({ ...action, userId: action.user.id }, {});
    const alertId = action?.alertId;
    const finalAnswer = alertId ? { ...answer, body: rest.alertInfo(this.store.signls.get(alertId) as Signl, this.teamId, this.subscriptionId) } : answer;
    return { ...finalAnswer, headers: { ...headers, ...finalAnswer.headers } };
  }

  #answerFault(fault: FaultSpec, req: IncomingMessage, res: ServerResponse): void {
    if (fault.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    // In SIGNL4's own words (as its throttling and its outages answer), so nothing downstream can tell a fault from the real thing.
    const status = Number(fault.kind);
    const answer = status === 429
      ? this.#throttled(fault.retryAfterSeconds ?? 15, {})
      : s4Error(status, 'Service error.', 'The service is temporarily unavailable. Please try again later.');
    const retry = status === 429 ? undefined : fault.retryAfterSeconds;
    sendJson(res, answer.status, answer.body, { ...answer.headers, ...(retry === undefined ? {} : { 'Retry-After': String(retry) }) });
  }

  resetRateLimits(): void {
    this.limits.reset();
  }
}

/** The secret in /webhook/{secret} or /api/v2/events/{id} never reaches the log. */
function maskSecret(path: string): string {
  return path.replace(/^\/webhook\/[^/]+/, '/webhook/***').replace(/^\/api\/v2\/events\/[^/]+/, '/api/v2/events/***');
}

function maskQuery(query: URLSearchParams): string {
  const copy = new URLSearchParams(query);
  if (copy.has('x-s4-api-key')) copy.set('x-s4-api-key', '***');
  const text = copy.toString();
  return text ? `?${text}` : '';
}

export function createSignl4Simulator(options: Signl4SimulatorOptions = {}): Signl4Simulator {
  return new Signl4Simulator(options);
}
