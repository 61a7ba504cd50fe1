/**
 * One real HTTP attempt from the platform process (node:http/https). A timeout rejects with
 * 504 "Timeout error while processing the request."; a refused or reset connection with 502;
 * a response over the size limit with 502. All rejections carry errorSource PLATFORM.
 */
import http from 'node:http';
import https from 'node:https';
import { refuse } from './platform-rejection.js';

export interface HttpAttempt {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

function plainHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = value;
  return out;
}

function networkError(error: NodeJS.ErrnoException): Error {
  const code = error.code ?? 'ERROR';
  return refuse(502, `Connection failed (${code}): ${error.message}`, { errorSource: 'PLATFORM' });
}

export function sendHttp(attempt: HttpAttempt): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const transport = attempt.url.protocol === 'https:' ? https : http;
    const headers = { ...attempt.headers, ...(attempt.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(attempt.body)) }) };
    let settled = false;
    const finish = (error: Error | undefined, answer?: HttpAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== undefined) reject(error);
      else resolve(answer as HttpAnswer);
    };
    // agent: false -> a fresh connection per attempt (no pooled sockets kept alive between calls).
    const request = transport.request(attempt.url, { method: attempt.method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > attempt.maxResponseBytes) {
          finish(refuse(502, `The response is larger than ${attempt.maxResponseBytes} bytes`, { errorSource: 'PLATFORM' }));
          request.destroy();
        } else chunks.push(chunk);
      });
      response.on('end', () => finish(undefined, { status: response.statusCode ?? 0, headers: plainHeaders(response.headers), body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error: NodeJS.ErrnoException) => finish(networkError(error)));
      response.on('aborted', () => finish(refuse(502, 'Connection reset while reading the response', { errorSource: 'PLATFORM' })));
    });
    const timer = setTimeout(() => {
      finish(refuse(504, 'Timeout error while processing the request.', { errorSource: 'PLATFORM' }));
      request.destroy();
    }, attempt.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish(networkError(error)));
    request.end(attempt.body);
  });
}
