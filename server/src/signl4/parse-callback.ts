/**
 * SIGNL4 outbound-webhook bodies (docs/signl4-facts.md §2): parsed from an object or a JSON string, field
 * names in any letter case, eventRaisedUtc with up to 7 fractional digits. The result is a compact
 * record the app can queue; anything malformed is a reason, never an exception.
 */
import { compact, type Loose } from '../text/compact.js';
import { trimText } from '../text/html-to-text.js';

export interface CallbackRecord {
  /** Top-level notification id (dedup key). */
  id: string;
  type: number;
  code?: number;
  xid?: string;
  eventId?: string;
  alertId?: string;
  user?: string;
  email?: string;
  /** eventRaisedUtc in ms. */
  at?: number;
  /** Annotation text (trimmed). */
  text?: string;
}

export type ParsedCallback = { ok: true; callback: CallbackRecord } | { ok: false; reason: string };

export const MAX_ANNOTATION = 4000;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a key case-insensitively, ignoring inherited and prototype-polluting names. */
export function pick(source: unknown, name: string): unknown {
  if (!isObject(source)) return undefined;
  const lowered = name.toLowerCase();
  const key = Object.keys(source).find((k) => k.toLowerCase() === lowered);
  return key === undefined ? undefined : source[key];
}

function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/** ISO times with any number of fractional digits (SIGNL4 sends 7). */
export function parseUtc(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (match === null) return undefined;
  const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  const ms = Date.parse(`${match[1]}.${millis}${match[3] ?? 'Z'}`);
  return Number.isNaN(ms) ? undefined : ms;
}

export function bodyObject(data: unknown): Obj | undefined {
  if (typeof data !== 'string') return isObject(data) ? data : undefined;
  try {
    const parsed: unknown = JSON.parse(data);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function alertFields(alert: unknown): Loose<CallbackRecord> {
  return { code: num(pick(alert, 'statusCode')), xid: str(pick(alert, 'externalEventId')), eventId: str(pick(alert, 'eventId')), alertId: str(pick(alert, 'id')) };
}

function userFields(user: unknown): Loose<CallbackRecord> {
  return { user: str(pick(user, 'username')) ?? str(pick(user, 'displayName')), email: str(pick(user, 'mailaddress')) };
}

function annotation(body: Obj): string | undefined {
  const message = pick(pick(body, 'annotation'), 'message');
  return typeof message === 'string' && message.trim() !== '' ? trimText(message.trim(), MAX_ANNOTATION) : undefined;
}

export function parseCallback(data: unknown): ParsedCallback {
  const body = bodyObject(data);
  if (body === undefined) return { ok: false, reason: 'the body is not a JSON object' };
  const id = str(pick(body, 'id'));
  const type = num(pick(body, 'eventType'));
  if (id === undefined || type === undefined) return { ok: false, reason: 'the body has no notification id or eventType' };
  const callback = compact<CallbackRecord>({
    id,
    type,
    ...alertFields(pick(body, 'alert')),
    ...userFields(pick(body, 'user')),
    at: parseUtc(pick(body, 'eventRaisedUtc')),
    text: annotation(body),
  });
  return { ok: true, callback };
}
