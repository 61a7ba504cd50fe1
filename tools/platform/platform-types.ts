/** Types shared by the local platform's parts and its users (tests, the benchmark, `npm start`). */
import type { InvocationKind } from './judge-invocation.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogLine {
  level: LogLevel;
  text: string;
  /** Platform-clock milliseconds. */
  at: number;
}

export interface CurrentHost {
  endpoint_urls: { freshservice: string; [product: string]: string };
  subscribed_modules?: string[];
  product_types?: Record<string, string>;
}

export interface InvocationResult {
  /** Sequence number, also the SMI requestID suffix. */
  id: number;
  handler: string;
  event: string;
  kind: InvocationKind;
  ok: boolean;
  error?: string;
  /** Server methods: the status of a failed call (renderData error status, 500 or 504). */
  status?: number;
  /** Set-up events: the message of renderData({ message }) that blocked the action. */
  blocked?: string;
  /** The handler was not run (app not installed, payload over the limit). */
  dropped?: boolean;
  /** The first renderData call's arguments (JSON copies). */
  rendered?: { error?: unknown; data?: unknown };
  /** Real milliseconds. */
  durationMs: number;
  /** Platform-clock milliseconds that passed (retry delays move the virtual clock). */
  platformMs: number;
  /** Platform-clock ms when it started. */
  startedAt: number;
  /** $request calls, refused ones included. */
  requests: number;
  /** $db operations, refused ones included. */
  dbOps: number;
  scheduleOps: number;
  /** What the handler wrote with console.*. */
  logs: string[];
  killed?: boolean;
}
