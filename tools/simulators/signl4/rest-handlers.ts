/**
 * The REST calls (docs/signl4-facts.md §2.1, §3.2): alerts (get, details, acknowledge, close,
 * annotate, paged search by external id) and outbound-webhook management. Paths exist with
 * and without `/v2` (v1 paths are the same without it). Auth is checked by the caller.
 */
import { randomUUID } from 'node:crypto';
import type { SignlStore } from './signl-store.js';
import { s4Error, type S4Answer } from './signl4-errors.js';
import type { Signl, Signl4User, WebhookRegistration } from './types.js';

export interface RestContext {
  store: SignlStore;
  users: ReadonlyMap<string, Signl4User>;
  webhooks: Map<string, WebhookRegistration>;
  teamId: string;
  subscriptionId: string;
  /** The simulator's own base URL, to refuse registering its inbound webhook as outbound. */
  selfUrl: string;
  webhookIdAnswer: WebhookIdAnswer;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  now: number;
}

/** What a phone-side or REST action asks the simulator to do next. */
export type AlertAction =
  | { kind: 'acknowledge' | 'close'; alertId: string; user: Signl4User }
  | { kind: 'annotate'; alertId: string; user: Signl4User; text: string };

export type RestResult = S4Answer & { action?: AlertAction };

/**
 * How POST /api/webhooks answers: 'text' (default) is the v1 spec's 201 with the new id as a plain
 * string (APIs-guru/openapi-directory APIs/signl4.com/v1/openapi.yaml; python-client
 * docs/WebhooksApi.md "Return type str"); 'json' the same id as a JSON string; 'object' the WebhookInfo.
 */
export type WebhookIdAnswer = 'text' | 'json' | 'object';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function alertInfo(signl: Signl, teamId: string, subscriptionId: string): Record<string, unknown> {
  return {
    id: signl.id, teamId, subscriptionId, eventId: signl.eventId, eventSourceId: null, eventSourceType: 1,
    externalId: signl.externalId ?? null, title: signl.title, text: signl.text, category: signl.service ?? 'Default',
    categoryId: null, severity: 1, status: signl.statusCode, flags: signl.annotations.length > 0 ? 2 : 0,
    history: history(signl), parameters: parameterList(signl), annotations: signl.annotations.map((a) => ({ id: a.id, text: a.message, userId: a.userId, created: iso(a.at) })),
    attachments: [], lastModified: iso(signl.lastModified),
  };
}

function parameterList(signl: Signl): Array<Record<string, unknown>> {
  return Object.entries(signl.parameters).map(([name, value]) => ({ name, value: value === null ? '' : String(value), type: 0 }));
}

function history(signl: Signl): Record<string, unknown> {
  const acked = signl.acknowledgements[0];
  return {
    created: iso(signl.createdAt), createdBy: null, acknowledgedAt: iso(acked?.at),
    acknowledgements: signl.acknowledgements.map((a) => ({ userId: a.userId, timestamp: iso(a.at) })),
    closedAt: iso(signl.closedAt), closedBy: signl.closedBy ?? null,
  };
}

function signlFor(ctx: RestContext): Signl | undefined {
  return ctx.store.signls.get(ctx.params['id'] ?? '');
}

const notFound = (ctx: RestContext): S4Answer => s4Error(404, 'Alert not found.', `No alert with ID ${ctx.params['id'] ?? ''} exists.`);

export function getAlert(ctx: RestContext): RestResult {
  const signl = signlFor(ctx);
  return signl ? { status: 200, body: alertInfo(signl, ctx.teamId, ctx.subscriptionId) } : notFound(ctx);
}

export function getAlertDetails(ctx: RestContext): RestResult {
  const signl = signlFor(ctx);
  if (!signl) return notFound(ctx);
  return {
    status: 200,
    body: {
      id: signl.id, title: signl.title, text: signl.text, status: signl.statusCode, externalId: signl.externalId ?? null,
      eventId: signl.eventId, categoryName: signl.service ?? 'Default', parameters: parameterList(signl), history: history(signl),
      timelineEntries: signl.annotations.map((a) => ({ entrytype: 1, annotationtype: 1, text: a.message, timestamp: iso(a.at), userId: a.userId })),
      escalations: signl.escalations.map((at) => ({ timestamp: iso(at) })), requiredAcknowledgements: 1,
      workflowType: signl.scenario === 'multi_ack' ? 1 : 0,
    },
  };
}

function bodyObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** `{ uid }` (v2) or `{ userId }` (v1); an unknown user is a 400. */
function actingUser(ctx: RestContext): Signl4User | S4Answer {
  const body = bodyObject(ctx.body);
  const id = body['uid'] ?? body['userId'];
  if (typeof id !== 'string' || id === '') return s4Error(400, 'Invalid request.', 'uid (or userId) is required.');
  return ctx.users.get(id) ?? s4Error(400, 'Invalid request.', `No user with ID ${id} exists.`);
}

export function changeStatus(kind: 'acknowledge' | 'close'): (ctx: RestContext) => RestResult {
  return (ctx) => {
    const signl = signlFor(ctx);
    if (!signl) return notFound(ctx);
    const user = actingUser(ctx);
    if ('status' in user) return user;
    const against = kind === 'acknowledge' ? signl.statusCode !== 1 : signl.statusCode === 4;
    if (against) return s4Error(409, 'Conflict.', `The ${kind} is against the defined alert lifecycle (status ${signl.statusCode}).`);
    return { status: 200, action: { kind, alertId: signl.id, user } };
  };
}

export function annotate(ctx: RestContext): RestResult {
  const signl = signlFor(ctx);
  if (!signl) return notFound(ctx);
  const body = bodyObject(ctx.body);
  const user = actingUser(ctx);
  if ('status' in user) return user;
  const text = body['text'];
  if (typeof text !== 'string' || text.trim() === '') return s4Error(400, 'Invalid request.', 'text is required.');
  return { status: 200, action: { kind: 'annotate', alertId: signl.id, user, text } };
}

export function pagedAlerts(ctx: RestContext): RestResult {
  if (!ctx.query.get('userId')) return s4Error(400, 'Invalid request.', 'userId is required with API-key authentication.');
  const filter = bodyObject(ctx.body);
  const externalId = typeof filter['externalId'] === 'string' ? filter['externalId'] : undefined;
  const codes = typeof filter['alertStatusCodes'] === 'number' ? filter['alertStatusCodes'] : undefined;
  const max = Math.min(100, Math.max(1, Number(ctx.query.get('maxResults') ?? 100)));
  const items = [...ctx.store.signls.values()]
    .filter((s) => externalId === undefined || s.externalId === externalId)
    .filter((s) => codes === undefined || (codes & s.statusCode) !== 0)
    .slice(0, max)
    .map((s) => alertInfo(s, ctx.teamId, ctx.subscriptionId));
  return { status: 200, body: { items, continuationToken: null } };
}

function webhookInfo(hook: WebhookRegistration): Record<string, unknown> {
  return { id: hook.id, name: hook.name, externalAddress: hook.externalAddress, enabled: hook.enabled, teamId: hook.teamId, subscriptionId: hook.subscriptionId };
}

export function createWebhook(ctx: RestContext): RestResult {
  const body = bodyObject(ctx.body);
  const address = body['externalAddress'] ?? body['extUrl'];
  if (typeof address !== 'string' || !/^https?:\/\/[^\s]+$/i.test(address) || !URL.canParse(address)) {
    return s4Error(400, 'Invalid request.', 'externalAddress (or extUrl) must be an absolute http(s) URL.');
  }
  if (ctx.selfUrl !== '' && address.startsWith(`${ctx.selfUrl}/webhook/`)) {
    return s4Error(400, 'Invalid request.', "A team's own inbound webhook cannot be its outbound webhook.");
  }
  const hook: WebhookRegistration = {
    id: randomUUID(), name: typeof body['name'] === 'string' ? body['name'] : 'Webhook', externalAddress: address, enabled: true,
    teamId: typeof body['teamId'] === 'string' ? body['teamId'] : ctx.teamId, subscriptionId: ctx.subscriptionId,
  };
  ctx.webhooks.set(hook.id, hook);
  if (ctx.webhookIdAnswer === 'object') return { status: 201, body: webhookInfo(hook) };
  return ctx.webhookIdAnswer === 'json' ? { status: 201, body: hook.id } : { status: 201, text: hook.id };
}

export function listWebhooks(ctx: RestContext): RestResult {
  return { status: 200, body: [...ctx.webhooks.values()].map(webhookInfo) };
}

export function getWebhook(ctx: RestContext): RestResult {
  const hook = ctx.webhooks.get(ctx.params['id'] ?? '');
  return hook ? { status: 200, body: webhookInfo(hook) } : s4Error(404, 'Webhook not found.', `No webhook with ID ${ctx.params['id'] ?? ''} exists.`);
}

/** 200 with no body, as the v1 spec documents (python-client docs/WebhooksApi.md); callers accept any 2xx. */
export function deleteWebhook(ctx: RestContext): RestResult {
  const id = ctx.params['id'] ?? '';
  if (!ctx.webhooks.delete(id)) return s4Error(404, 'Webhook not found.', `No webhook with ID ${id} exists.`);
  return { status: 200 };
}
