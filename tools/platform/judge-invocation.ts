/**
 * What an invocation amounted to, per kind (docs/fdk-facts.md §4.4–§4.5):
 * - setup (onAppInstall, afterAppUpdate, onAppUninstall): renderData() lets the action complete;
 *   renderData({ message }) blocks it (message ≤ 60 characters, else the platform reports an error);
 *   no renderData by the time the handler finishes is a failure.
 * - method (server methods): renderData(null, data) answers { response: data };
 *   renderData({ status, message }) answers an error; no renderData is a timeout.
 * - event (product, external, scheduled): the handler resolving is success; renderData is optional.
 */
import type { RenderCapture } from './render-capture.js';

export type InvocationKind = 'setup' | 'method' | 'event';

export type HandlerOutcome = { type: 'resolved' } | { type: 'rejected'; error: unknown } | { type: 'killed'; reason: string };

export interface Verdict {
  ok: boolean;
  error?: string;
  status?: number;
  blocked?: string;
  rendered?: { error?: unknown; data?: unknown };
}

export const TIMEOUT_MESSAGE = 'Timeout error while processing the request.';

/** A readable one-line description of any thrown or rejected value. */
export function describeError(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const record = error as Record<string, unknown>;
    const message = typeof record['message'] === 'string' ? record['message'] : JSON.stringify(error);
    return typeof record['status'] === 'number' ? `status ${record['status']}: ${message}` : message;
  }
  return String(error);
}

function rendered(capture: RenderCapture): { error?: unknown; data?: unknown } {
  return {
    ...(capture.error === undefined ? {} : { error: capture.error }),
    ...(capture.data === undefined ? {} : { data: capture.data }),
  };
}

function judgeSetup(outcome: HandlerOutcome, capture: RenderCapture, maxMessage: number): Verdict {
  if (outcome.type === 'killed') return { ok: false, error: outcome.reason };
  if (!capture.called) {
    const why = outcome.type === 'rejected' ? `the handler failed (${describeError(outcome.error)})` : 'the handler finished';
    return { ok: false, error: `${why} without calling renderData()` };
  }
  const error = capture.error;
  if (error === undefined || error === null) return { ok: true, rendered: rendered(capture) };
  const message = (error as Record<string, unknown>)['message'];
  if (typeof message !== 'string') return { ok: false, error: 'renderData(error) needs { message: string }', rendered: rendered(capture) };
  if (message.length > maxMessage) {
    return { ok: false, error: `renderData message is ${message.length} characters; the platform allows ${maxMessage}`, rendered: rendered(capture) };
  }
  return { ok: false, blocked: message, error: `blocked: ${message}`, rendered: rendered(capture) };
}

function judgeMethod(outcome: HandlerOutcome, capture: RenderCapture): Verdict {
  if (outcome.type === 'killed') return { ok: false, status: 504, error: TIMEOUT_MESSAGE };
  if (!capture.called) {
    if (outcome.type === 'rejected') return { ok: false, status: 500, error: `The server method failed: ${describeError(outcome.error)}` };
    return { ok: false, status: 504, error: TIMEOUT_MESSAGE };
  }
  const error = capture.error;
  if (error === undefined || error === null) return { ok: true, rendered: rendered(capture) };
  const record = (typeof error === 'object' ? error : { message: String(error) }) as Record<string, unknown>;
  const status = typeof record['status'] === 'number' ? record['status'] : 500;
  const message = typeof record['message'] === 'string' ? record['message'] : JSON.stringify(error);
  return { ok: false, status, error: message, rendered: rendered(capture) };
}

function judgeEvent(outcome: HandlerOutcome, capture: RenderCapture): Verdict {
  const extra = capture.called ? { rendered: rendered(capture) } : {};
  if (outcome.type === 'killed') return { ok: false, error: outcome.reason, ...extra };
  if (outcome.type === 'rejected') return { ok: false, error: `the handler failed: ${describeError(outcome.error)}`, ...extra };
  return { ok: true, ...extra };
}

export function judgeInvocation(kind: InvocationKind, outcome: HandlerOutcome, capture: RenderCapture, maxMessage: number): Verdict {
  if (kind === 'setup') return judgeSetup(outcome, capture, maxMessage);
  if (kind === 'method') return judgeMethod(outcome, capture);
  return judgeEvent(outcome, capture);
}
