/** A plain node:http client for the simulator tests: exact headers, no keep-alive, no retries. */
import { request } from 'node:http';

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON with Content-Type application/json unless headers say otherwise. */
  body?: unknown;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are inspected structurally by chai in the tests
  json: any;
}

export function call(base: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (typeof options.body === 'string') payload = options.body;
  else if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export function basic(key: string, withPassword = true): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(withPassword ? `${key}:X` : key).toString('base64')}` };
}

/** The error of a promise that must reject (no assert-in-catch). */
export async function rejects(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  if (!outcome) throw new Error('expected the promise to reject, but it resolved');
  return outcome;
}

export class ManualClock {
  constructor(public ms = Date.UTC(2025, 5, 2, 9, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
