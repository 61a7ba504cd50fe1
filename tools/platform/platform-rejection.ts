/**
 * What a refused or failed platform call rejects with. The sandbox receives the plain `body`
 * (the platform rejects with plain objects, never Error instances).
 */
export interface RejectionBody {
  status: number;
  message?: string;
  errorSource?: 'APP' | 'PLATFORM';
  headers?: Record<string, string | string[]>;
  response?: string;
  attempts?: number;
}

export class PlatformRejection extends Error {
  readonly body: RejectionBody;

  constructor(body: RejectionBody) {
    super(body.message ?? `HTTP ${body.status}`);
    this.name = 'PlatformRejection';
    this.body = body;
  }
}

/** The plain body for any thrown value; unexpected errors become a 500 naming the cause. */
export function rejectionBody(error: unknown): RejectionBody {
  if (error instanceof PlatformRejection) return error.body;
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, errorSource: 'PLATFORM', message: `Local platform error: ${message}` };
}

export function refuse(status: number, message: string, extra: Omit<RejectionBody, 'status' | 'message'> = {}): PlatformRejection {
  return new PlatformRejection({ status, message, ...extra });
}
