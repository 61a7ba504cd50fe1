/**
 * Inbound event bodies (docs/signl4-facts.md §1.2–§1.3): JSON, form-urlencoded, and plain text or XML
 * (kept whole as `Text`; the simulator does not parse XML). Nested JSON objects are
 * flattened into dotted names ("Business Details.Impact"). A body that does not match its
 * Content-Type, or that is empty or not an object, is a 400.
 */
import type { ParamValue } from './types.js';

export type Parsed = { ok: true; params: Record<string, ParamValue> } | { ok: false; message: string };

export function parseInbound(contentType: string, raw: string): Parsed {
  if (raw.trim() === '') return { ok: false, message: 'The request body is empty.' };
  if (contentType === 'application/json') return parseJson(raw);
  if (contentType === 'application/x-www-form-urlencoded') return { ok: true, params: Object.fromEntries(new URLSearchParams(raw)) };
  if (contentType === 'text/plain' || contentType === 'application/xml' || contentType === 'text/xml') return { ok: true, params: { Text: raw } };
  if (contentType === '') {
    const json = parseJson(raw);
    return json.ok ? json : { ok: true, params: { Text: raw } };
  }
  return { ok: false, message: `Content type ${contentType} is not supported by the simulator.` };
}

function parseJson(raw: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'The body is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'The JSON body must be an object.' };
  const params: Record<string, ParamValue> = {};
  flatten(value as Record<string, unknown>, '', params);
  return { ok: true, params };
}

function flatten(value: Record<string, unknown> | unknown[], prefix: string, out: Record<string, ParamValue>): void {
  for (const [key, item] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof item === 'object' && item !== null) flatten(item as Record<string, unknown>, name, out);
    else out[name] = item as ParamValue;
  }
}
