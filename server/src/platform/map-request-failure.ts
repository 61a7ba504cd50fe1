/**
 * Turns a rejected $request.invokeTemplate (or a non-2xx answer) into an AppError:
 * status, operation, what to fix, Retry-After. Vendor validation details are kept
 * (Freshservice errors[] as "For <field>: <message>", SIGNL4 {code, message}), redacted.
 */
import { AppError, type ErrorCode } from '../errors/errors.js';
import { parseRetryAfter } from '../text/parse-retry-after.js';
import { parseJsonBody } from './parse-json-body.js';
import type { Redactor } from './redact.js';

export interface RawFailure {
  status?: number | undefined;
  response?: unknown;
  headers?: Record<string, string | string[] | undefined> | undefined;
  errorSource?: string | undefined;
  message?: string | undefined;
}

function header(headers: RawFailure['headers'], name: string): string | undefined {
  if (headers === undefined) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}


function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** Freshservice: { description, errors: [{ field, message, code }] } -> "For <field>: <message>". */
function freshserviceDetails(record: Record<string, unknown>): string[] {
  const errors = Array.isArray(record['errors']) ? (record['errors'] as unknown[]) : [];
  const details = errors
    .filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object')
    .map((e) => {
      const message = text(e['message'], String(e['code'] ?? 'invalid'));
      return typeof e['field'] === 'string' && e['field'] !== '' ? `For ${e['field']}: ${message}` : message;
    });
  if (details.length === 0 && typeof record['description'] === 'string') details.push(record['description']);
  return details;
}

/** SIGNL4: { code, message, details } -> "<code>: <message> (<details>)". */
function signl4Details(record: Record<string, unknown>): string[] {
  if (typeof record['message'] !== 'string') return [];
  const code = record['code'] === undefined ? '' : `${String(record['code'])}: `;
  const extra = typeof record['details'] === 'string' ? ` (${record['details']})` : '';
  return [`${code}${record['message']}${extra}`];
}

/** Vendor validation details from an error body, at most ten lines. */
export function vendorDetails(response: unknown): string[] {
  const body = parseJsonBody(response);
  if (body === null || typeof body !== 'object') return [];
  const record = body as Record<string, unknown>;
  return [...freshserviceDetails(record), ...signl4Details(record)].slice(0, 10);
}

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  408: 'timeout',
  409: 'conflict',
  429: 'rate_limited',
  504: 'timeout',
};

function codeFor(status: number | undefined, failure: RawFailure): ErrorCode {
  if (status === undefined || status === 0) {
    return /timeout|timed out/i.test(failure.message ?? '') ? 'timeout' : 'unavailable';
  }
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'unavailable' : 'rejected');
}

export interface FailureContext {
  operation: string;
  service: 'SIGNL4' | 'Freshservice';
  nowMs: number;
  redact: Redactor;
}

const FIX: Partial<Record<ErrorCode, Record<FailureContext['service'], string>>> = {
  rate_limited: {
    SIGNL4: 'SIGNL4 is throttling; the app waits and retries.',
    Freshservice: 'The Freshservice or app request budget is spent; the app waits and retries.',
  },
  unavailable: { SIGNL4: 'SIGNL4 is unavailable; the app retries.', Freshservice: 'Freshservice is unavailable; the app retries.' },
  timeout: { SIGNL4: 'SIGNL4 did not answer in time; the app retries.', Freshservice: 'Freshservice did not answer in time; the app retries.' },
  unauthorized: {
    SIGNL4: 'Check the SIGNL4 API key in the app settings.',
    Freshservice: 'The Freshservice API key is wrong or revoked: enter a valid key in the app settings.',
  },
  forbidden: {
    SIGNL4: 'The SIGNL4 API key lacks the permission; use a key with access to the team.',
    Freshservice: "Give the app's agent a role that can view and edit tickets, agents and groups.",
  },
  not_found: {
    SIGNL4: 'SIGNL4 does not know this webhook secret: copy the webhook URL from SIGNL4 into the app settings.',
    Freshservice: 'The record does not exist (deleted?) or the API key cannot see its workspace.',
  },
  rejected: {
    SIGNL4: 'SIGNL4 refused the request body; the details say why.',
    Freshservice: 'Freshservice refused the change; the details say which field.',
  },
  conflict: {
    SIGNL4: 'The alert is already in that state.',
    Freshservice: 'The ticket is in a state that forbids the change.',
  },
};

function summary(failure: RawFailure, status: number | undefined, ctx: FailureContext, details: string[]): string {
  const what = status === undefined ? 'no answer' : `HTTP ${status}`;
  const source = failure.errorSource === 'PLATFORM' ? ' (platform)' : '';
  const first = details[0] === undefined ? '' : ` — ${details[0]}`;
  return ctx.redact(`${ctx.service} ${ctx.operation}: ${what}${source}${first}`);
}

export function mapRequestFailure(failure: RawFailure, ctx: FailureContext): AppError {
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  const code = codeFor(status, failure);
  const retryAfterSeconds = parseRetryAfter(header(failure.headers, 'retry-after'), ctx.nowMs);
  const details = vendorDetails(failure.response).map(ctx.redact);
  return new AppError({
    code,
    operation: ctx.operation,
    status,
    message: summary(failure, status, ctx, details),
    fix: FIX[code]?.[ctx.service] ?? '',
    retryAfterSeconds,
    details,
  });
}
