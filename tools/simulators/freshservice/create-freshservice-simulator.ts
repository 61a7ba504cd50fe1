/**
 * A contract-faithful simulated Freshservice (REST API v2) on loopback: Basic auth with
 * agent API keys and their roles, the documented error body, per-minute credits with the
 * X-RateLimit-* headers and 429 + Retry-After, the closure-required 400, fault injection,
 * and product events (onTicketCreate / onTicketUpdate in the platform 3.0 `data` shape)
 * fired for every create and update, those made through the API included.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../common/clock.js';
import { applyFault, Faults, type FaultSpec } from '../common/faults.js';
import { BodyTooLarge, headerValue, mediaType, readBody, sendJson } from '../common/http-io.js';
import { LoopbackServer } from '../common/loopback-server.js';
import { RequestLog } from '../common/request-log.js';
import { Router } from '../common/router.js';
import { eventChangesBetween, eventRequester, eventTicket } from './event-payload.js';
import { authenticate } from './fs-auth.js';
import { fsError, unauthorized, validationFailed, type FsAnswer } from './fs-errors.js';
import { FsRateLimit, type SubLimitName } from './fs-rate-limit.js';
import { FS_ROUTES } from './fs-routes.js';
import { FsState } from './fs-state.js';
import type { HandlerResult, RouteDef, TicketEventRequest } from './handler-context.js';
import { restNote, restTicket } from './rest-views.js';
import { SEED_IDS, seedDefault } from './seed-data.js';
import { addNoteRecord, createTicketRecord, updateTicketRecord } from './ticket-ops.js';
import type { FieldError } from './ticket-validation.js';
import type { ApiKeyInfo, FiredEvent, ProductEventData, ProductEventHandler, ProductEventName, Ticket } from './types.js';

export interface FreshserviceSimulatorOptions {
  /** The account sub-domain (`<account>.freshservice.com`); default 'acme'. */
  account?: string;
  /** API keys and their roles; default `{ 'fs-key-0001': { role: 'admin' } }` (the integration agent's). */
  apiKeys?: Record<string, ApiKeyInfo>;
  clock?: Clock;
  /** Overall credits per minute (Starter: 100). */
  rateLimitPerMinute?: number;
  /** Optional per-operation limits per minute (see STARTER_SUB_LIMITS). */
  subLimitsPerMinute?: Partial<Record<SubLimitName, number>>;
  onTicketEvent?: ProductEventHandler;
  /** Where update events carry `changes`: 'ticket' = data.ticket.changes (live), 'data' = data.changes. */
  changesPlacement?: 'ticket' | 'data';
  /**
   * Which updates fire onTicketUpdate: 'any-change' (default; the live payload fired on a
   * custom field alone) or 'documented-fields' (status, priority, group, agent, type, source).
   */
  updateEventTrigger?: 'any-change' | 'documented-fields';
  /** Load the default data set (default true). */
  seed?: boolean;
}

export interface HelperOptions {
  /** The agent whose action it is (the event's actor); default the integration agent. */
  actorId?: number;
  bypassMandatory?: boolean;
}

/** A helper call that the API would have refused with 400. */
export class SimulatorValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`Validation failed: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  }
}

interface RouteOutcome {
  answer: FsAnswer;
  events: TicketEventRequest[];
  route: string;
  cost: number;
}

const DOCUMENTED_TRIGGERS = ['status', 'priority', 'group_id', 'responder_id', 'type_name', 'source', 'deleted', 'spam', 'is_escalated'];
const BODY_LIMIT = 6 * 1024 * 1024;

export class FreshserviceSimulator {
  readonly faults = new Faults();
  readonly requests = new RequestLog();
  /** Product events fired, in order, with the handler's error if it threw. */
  readonly events: FiredEvent[] = [];
  readonly account: string;
  readonly clock: Clock;
  readonly rateLimit: FsRateLimit;
  readonly apiKeys: Map<string, ApiKeyInfo>;
  changesPlacement: 'ticket' | 'data';
  onTicketEvent: ProductEventHandler | undefined;
  readonly #server: LoopbackServer;
  readonly #router = new Router<RouteDef>(FS_ROUTES);
  readonly #pending = new Set<Promise<void>>();
  readonly #trigger: 'any-change' | 'documented-fields';
  readonly #serverErrors: unknown[] = [];
  #state = new FsState();

  constructor(options: FreshserviceSimulatorOptions = {}) {
    this.account = options.account ?? 'acme';
    this.clock = options.clock ?? systemClock;
    this.rateLimit = new FsRateLimit(options.rateLimitPerMinute ?? 100, options.subLimitsPerMinute ?? {}, this.clock);
    this.apiKeys = new Map(Object.entries(options.apiKeys ?? { 'fs-key-0001': { role: 'admin' } }));
    this.changesPlacement = options.changesPlacement ?? 'ticket';
    this.onTicketEvent = options.onTicketEvent;
    this.#trigger = options.updateEventTrigger ?? 'any-change';
    this.#server = new LoopbackServer((req, res) => this.#handle(req, res), (error) => this.#serverErrors.push(error));
    if (options.seed !== false) this.seed();
  }

  get url(): string {
    return this.#server.url;
  }

  /** The account's records (replaced by seed()). */
  get state(): FsState {
    return this.#state;
  }

  get port(): number {
    return this.#server.port;
  }

  /** `https://<account>.freshservice.com`: the host the app is configured with. */
  get publicBase(): string {
    return `https://${this.account}.freshservice.com`;
  }

  listen(port = 0): Promise<string> {
    return this.#server.listen(port);
  }

  async close(): Promise<void> {
    await this.#server.close();
    await this.whenIdle();
  }

  /** Resets the account to the default data set. */
  seed(): void {
    const fresh = new FsState();
    seedDefault(fresh, this.clock.now());
    this.#state = fresh;
  }

  /** Resolves once every product-event handler started so far (and any they caused) settled. */
  async whenIdle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  // ---- inspection -------------------------------------------------------------------

  /** The ticket as GET /api/v2/tickets/:id?include=tags,stats shows it (undefined when absent). */
  ticket(id: number): Record<string, unknown> | undefined {
    const ticket = this.state.tickets.get(id);
    return ticket ? restTicket(this.state, ticket, ['tags', 'stats']) : undefined;
  }

  notes(id: number): Array<Record<string, unknown>> {
    return (this.state.notes.get(id) ?? []).map(restNote);
  }

  counts(): Record<string, number> {
    return this.requests.counts();
  }

  /** Errors the HTTP layer caught (a handler bug); tests assert this stays empty. */
  get serverErrors(): readonly unknown[] {
    return this.#serverErrors;
  }

  // ---- seed helpers (fire the same product events as the API) -----------------------

  async createTicket(fields: Record<string, unknown>, options: HelperOptions = {}): Promise<Record<string, unknown>> {
    const result = createTicketRecord(this.state, fields, { now: this.clock.now(), bypassMandatory: options.bypassMandatory ?? false });
    if (!result.ok) throw new SimulatorValidationError(result.errors);
    await this.#fire({ event: 'onTicketCreate', ticket: result.ticket, actorId: options.actorId ?? SEED_IDS.integrationAgent });
    return restTicket(this.state, result.ticket, ['tags']);
  }

  async updateTicket(id: number, fields: Record<string, unknown>, options: HelperOptions = {}): Promise<Record<string, unknown>> {
    const current = this.state.tickets.get(id);
    if (!current) throw new Error(`Ticket ${id} does not exist`);
    const result = updateTicketRecord(this.state, current, fields, { now: this.clock.now(), bypassMandatory: options.bypassMandatory ?? false });
    if (!result.ok) throw new SimulatorValidationError(result.errors);
    if (result.ticket !== current) {
      await this.#fire({ event: 'onTicketUpdate', ticket: result.ticket, before: current, actorId: options.actorId ?? SEED_IDS.integrationAgent });
    }
    return restTicket(this.state, result.ticket, ['tags']);
  }

  addNote(ticketId: number, fields: Record<string, unknown>, options: HelperOptions = {}): Record<string, unknown> {
    const ticket = this.state.tickets.get(ticketId);
    if (!ticket) throw new Error(`Ticket ${ticketId} does not exist`);
    const result = addNoteRecord(this.state, ticket, fields, options.actorId ?? SEED_IDS.integrationAgent, this.clock.now());
    if (!result.ok) throw new SimulatorValidationError(result.errors);
    return restNote(result.note);
  }

  /** Toggles "required for closure" on a custom field (e.g. 'root_cause'). */
  setRequiredForClosure(name: string, required: boolean): void {
    const field = this.state.customField(name);
    if (!field) throw new Error(`No custom field ${name}`);
    field.required_for_closure = required;
  }

  // ---- HTTP -------------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const log = { at: this.clock.now(), method, path: url.pathname, query: url.search, route: url.pathname };
    const handling = { answer: (fault: FaultSpec) => this.#answerFault(fault, req, res), log: this.requests, entry: log, wait: (ms: number) => this.#server.wait(ms) };
    const fault = this.faults.take(method, url.pathname);
    if (await applyFault(fault, handling)) return;
    const { answer, events, route, cost } = await this.#route(req, method, url);
    const rate = this.rateLimit.overall.peek();
    sendJson(res, answer.status, answer.body, {
      'X-Freshservice-Api-Version': 'latest=v2; requested=v2',
      'X-RateLimit-Total': String(rate.limit),
      'X-RateLimit-Remaining': String(rate.remaining),
      'X-RateLimit-Used-CurrentRequest': String(cost),
      ...answer.headers,
    });
    this.requests.add({ ...log, route, status: answer.status, ...(fault ? { fault: fault.kind } : {}) });
    for (const event of events) this.#track(this.#fire(event));
  }

  async #route(req: IncomingMessage, method: string, url: URL): Promise<RouteOutcome> {
    const match = this.#router.match(method, url.pathname);
    const route = match.kind === 'found' ? match.route.route : match.kind === 'method-not-allowed' ? match.pattern : url.pathname;
    const cost = match.kind === 'found' ? 1 + (match.route.extraCost?.(url.searchParams) ?? 0) : 1;
    const decision = this.rateLimit.spend(cost, match.kind === 'found' ? match.route.sub : undefined);
    if (!decision.allowed) {
      const retry = String(decision.retryAfterSeconds);
      return { answer: fsError(429, 'Rate limit exceeded', `You have exceeded the limit of requests per minute. Retry after ${retry} seconds.`, 'rate_limit_exceeded', { 'Retry-After': retry }), events: [], route, cost };
    }
    if (match.kind === 'not-found') return { answer: fsError(404, 'Resource not found', `No route ${method} ${url.pathname}`, 'not_found'), events: [], route, cost };
    if (match.kind === 'method-not-allowed') return { answer: fsError(405, 'Method not allowed', `${method} is not allowed on ${url.pathname}`, 'method_not_allowed'), events: [], route, cost };
    const auth = authenticate(headerValue(req, 'authorization'), this.apiKeys);
    if (!auth.ok) return { answer: unauthorized(), events: [], route, cost };
    const accept = headerValue(req, 'accept');
    if (accept && !/json|\*\/\*/i.test(accept)) return { answer: fsError(406, 'Not acceptable', 'Only application/json is served', 'invalid_accept_header'), events: [], route, cost };
    const body = await this.#readJson(req, match.route.write === true);
    if ('status' in body) return { answer: body, events: [], route, cost };
    const result: HandlerResult = match.route.handler({
      state: this.state, now: this.clock.now(), publicBase: this.publicBase, path: url.pathname, params: match.params,
      query: url.searchParams, body: body.value, key: auth.info, actorId: auth.info.agentId ?? SEED_IDS.integrationAgent,
    });
    const { events = [], ...answer } = result;
    return { answer, events, route, cost };
  }

  async #readJson(req: IncomingMessage, write: boolean): Promise<{ value: unknown } | FsAnswer> {
    let raw: Buffer;
    try {
      raw = await readBody(req, BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLarge) return fsError(413, 'Payload too large', 'The request body is too large', 'invalid_value');
      throw error;
    }
    if (!write) return { value: undefined };
    if (mediaType(req) !== 'application/json') {
      return fsError(415, 'Unsupported media type', 'Content-Type should be application/json', 'invalid_content_type');
    }
    try {
      return { value: JSON.parse(raw.toString('utf8')) as unknown };
    } catch {
      return validationFailed([{ field: 'body', message: 'Request body has invalid JSON format', code: 'invalid_json' }]);
    }
  }

  #answerFault(fault: FaultSpec, req: IncomingMessage, res: ServerResponse): void {
    if (fault.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const status = Number(fault.kind);
    const retry = fault.retryAfterSeconds ?? (status === 429 ? 30 : undefined);
    const headers: Record<string, string> = retry === undefined ? {} : { 'Retry-After': String(retry) };
    const answer = status === 429
      ? fsError(429, 'Rate limit exceeded', 'You have exceeded the limit of requests per minute.', 'rate_limit_exceeded', headers)
      : fsError(status, status === 503 ? 'Service unavailable' : 'Internal server error', 'Please try again later.', 'server_error', headers);
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  // ---- product events ---------------------------------------------------------------

  #track(promise: Promise<void>): void {
    this.#pending.add(promise);
    void promise.finally(() => this.#pending.delete(promise));
  }

  async #fire(request: TicketEventRequest): Promise<void> {
    const data = this.#eventData(request);
    if (!data) return;
    const fired: FiredEvent = { event: request.event, ticketId: request.ticket.id, at: this.clock.now(), data };
    this.events.push(fired);
    if (!this.onTicketEvent) return;
    try {
      await this.onTicketEvent(request.event, data);
    } catch (error) {
      fired.error = error instanceof Error ? error.message : String(error);
    }
  }

  #eventData(request: TicketEventRequest): ProductEventData | undefined {
    const ticket = eventTicket(this.state, request.ticket);
    const data: ProductEventData = { ticket, requester: eventRequester(this.state, request.ticket), actor: { profile_id: request.actorId } };
    if (request.event === 'onTicketUpdate' && request.before) {
      const changes = eventChangesBetween(eventTicket(this.state, request.before), ticket);
      if (this.#trigger === 'documented-fields' && !DOCUMENTED_TRIGGERS.some((field) => field in changes)) return undefined;
      if (this.changesPlacement === 'ticket') ticket['changes'] = changes;
      else data.changes = changes;
    }
    return data;
  }
}

export function createFreshserviceSimulator(options: FreshserviceSimulatorOptions = {}): FreshserviceSimulator {
  return new FreshserviceSimulator(options);
}

export type { ProductEventName, Ticket };
