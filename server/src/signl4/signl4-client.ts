/** SIGNL4 through the request templates: inbound events, outbound-webhook registration. */
import { AppError } from '../errors/errors.js';
import type { RequestClient } from '../platform/platform-types.js';
import type { SignlBody } from './signl-body.js';
import { parseWebhookId } from './webhook-id.js';

function field(body: unknown, name: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key.toLowerCase() === name.toLowerCase() && (typeof value === 'string' || typeof value === 'number')) return String(value);
  }
  return undefined;
}

/** Any 2xx is success (201 documented); the eventId comes back when SIGNL4 sends one. */
export async function sendSignl4Event(request: RequestClient, secret: string, body: SignlBody): Promise<{ eventId: string | undefined }> {
  const result = await request.invoke('signl4Event', { context: { secret }, body });
  return { eventId: field(result.body, 'eventId') };
}

/** Resolves the new webhook's id: 201 with a plain string (the v1 spec), a JSON string or `{ id }`. */
/**
 * Creates the outbound webhook; resolves its id, or undefined when SIGNL4 accepted it (2xx) but
 * named no id the app can read: the webhook exists then, and the caller must find it by its URL.
 */
export async function registerOutboundWebhook(request: RequestClient, url: string, name: string): Promise<string | undefined> {
  const result = await request.invoke('signl4CreateWebhook', { body: { name, externalAddress: url, extUrl: url } });
  return parseWebhookId(result.body);
}

/**
 * The id of an outbound webhook already pointing at `url` (an earlier attempt whose answer was
 * lost), or undefined. SIGNL4 answers 404 when the subscription has no webhooks at all (v1 spec).
 */
export async function findOutboundWebhook(request: RequestClient, url: string): Promise<string | undefined> {
  let body: unknown;
  try {
    body = (await request.invoke('signl4ListWebhooks', {})).body;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return undefined;
    throw error;
  }
  const hooks = Array.isArray(body) ? (body as unknown[]) : [];
  const same = hooks.find((hook) => field(hook, 'externalAddress') === url || field(hook, 'extUrl') === url);
  return parseWebhookId(same);
}

export async function deleteOutboundWebhook(request: RequestClient, webhookId: string): Promise<void> {
  await request.invoke('signl4DeleteWebhook', { context: { webhookId } });
}
