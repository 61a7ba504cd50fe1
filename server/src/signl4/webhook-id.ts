/**
 * The id in SIGNL4's answer to POST /api/webhooks. SIGNL4's published v1 API spec declares the
 * 201 body a string (APIs-guru/openapi-directory APIs/signl4.com/v1/openapi.yaml, and its
 * python-client docs/WebhooksApi.md: "Return type str"; it may come as text/plain or JSON), so
 * the platform hands over either the bare id or a JSON string; an object with `id` (the
 * WebhookInfo that GET returns) is accepted too.
 */
const QUOTED = /^"(.*)"$/s;

function fromText(text: string): string | undefined {
  const trimmed = text.trim();
  const quoted = QUOTED.exec(trimmed);
  if (quoted === null) return trimmed === '' || /[\s{}[\]"]/.test(trimmed) ? undefined : trimmed;
  try {
    const inner: unknown = JSON.parse(trimmed);
    return typeof inner === 'string' ? fromText(inner) : undefined;
  } catch {
    return undefined;
  }
}

function fromObject(body: object): string | undefined {
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() !== 'id') continue;
    if (typeof value === 'string') return fromText(value);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/** The webhook id, or undefined when the answer holds none (empty, an array, an object without `id`). */
export function parseWebhookId(body: unknown): string | undefined {
  if (typeof body === 'string') return fromText(body);
  if (typeof body === 'number' && Number.isFinite(body)) return String(body);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return fromObject(body);
}
