/**
 * The catalogue of coded errors. Every failure at a client boundary ($request, $db, a payload)
 * becomes an AppError: a code, the operation, the HTTP status when there is one, what to fix,
 * and whether a retry can help. Messages never carry secrets (see redact.ts and logger.ts).
 */

export type ErrorCode =
  | 'settings_invalid'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rejected'
  | 'conflict'
  | 'store_failed'
  | 'bad_input'
  | 'forged'
  | 'internal';

export interface AppErrorInit {
  code: ErrorCode;
  operation: string;
  message: string;
  fix?: string;
  status?: number | undefined;
  retryAfterSeconds?: number | undefined;
  details?: string[];
}

/** Codes that a later attempt can cure (ky's rule: only these, never a programming error). */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['rate_limited', 'unavailable', 'timeout', 'store_failed']);

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly operation: string;
  readonly fix: string;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly details: readonly string[];

  constructor(init: AppErrorInit) {
    super(init.message);
    this.name = 'AppError';
    this.code = init.code;
    this.operation = init.operation;
    this.fix = init.fix ?? '';
    this.status = init.status;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.details = init.details ?? [];
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }

  /** A plain object for logs, the diagnostics page and the sidebar. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      operation: this.operation,
      message: this.message,
      fix: this.fix,
      status: this.status,
      retryAfterSeconds: this.retryAfterSeconds,
      details: this.details,
    };
  }
}

/** Wraps anything thrown into an AppError; programming errors become 'internal' and are never retried. */
export function toAppError(operation: string, value: unknown): AppError {
  if (value instanceof AppError) return value;
  const message = value instanceof Error ? `${value.name}: ${value.message}` : 'unknown failure';
  return new AppError({ code: 'internal', operation, message, fix: 'This is a bug in the app; the log has the details.' });
}

function serviceOf(operation: string): string {
  if (operation.startsWith('signl4')) return 'SIGNL4';
  return operation.startsWith('fs') ? 'Freshservice' : 'The platform';
}

/** What plainWords puts before the vendor's own words, so a view can leave them out (methods/to-signl-view.ts). */
export const DETAILS = ' Details: ';

const PLAIN: Partial<Record<ErrorCode, (service: string, status: string) => string>> = {
  rate_limited: (s) => `${s} asked the app to slow down; it waits its turn.`,
  unavailable: (s, status) => `${s} did not answer properly${status}.`,
  timeout: (s) => `${s} did not answer in time.`,
  unauthorized: (s) => `${s} did not accept the app's credentials.`,
  forbidden: (s) => `${s} did not allow the app to do this.`,
  not_found: (s) => (s === 'SIGNL4' ? 'SIGNL4 does not know the webhook URL or secret in the app settings.' : `${s} could not find the record.`),
  rejected: (s, status) => `${s} refused the request${status}.`,
};

/** The failure in words for an agent or admin (the log keeps the technical message). */
export function plainWords(error: AppError): string {
  const build = PLAIN[error.code];
  if (build === undefined) return error.message;
  const words = build(serviceOf(error.operation), error.status === undefined ? '' : ` (HTTP ${error.status})`);
  return error.details[0] === undefined ? words : `${words}${DETAILS}${error.details[0]}`;
}

/** The platform refused a $db call because the minute's budget is spent (not a service's 429). */
/**
 * Whether a failed request may still have been carried out: no answer came (a timeout, a dropped
 * connection) or a gateway gave up waiting (408, 504). An answered refusal (429, 5xx, 4xx) means
 * the service did not act.
 */
export function mayHaveActed(error: AppError): boolean {
  return error.status === undefined || error.status === 0 || error.status === 408 || error.status === 504;
}

export function isStoreThrottle(error: unknown): boolean {
  return error instanceof AppError && error.code === 'rate_limited' && error.operation.startsWith('$db');
}
