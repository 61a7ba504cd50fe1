/**
 * SIGNL4's error body (REST ErrorResponseContent: code, message, details, requestId;
 * docs/signl4-facts.md §1.6). Only code 3004 (event source not found) is documented; the other codes
 * here equal the HTTP status and are the simulator's choice.
 */
import { randomUUID } from 'node:crypto';

export interface S4Answer {
  status: number;
  /** JSON-serialised into the answer. */
  body?: unknown;
  /** Sent as text/plain instead of a JSON body. */
  text?: string;
  headers?: Record<string, string>;
}

export function s4Error(status: number, message: string, details: string, code = status): S4Answer {
  return { status, body: { requestId: randomUUID(), code, details, message } };
}

export function eventSourceNotFound(id: string): S4Answer {
  return s4Error(404, 'Error raising event.', `An event source with ID ${id} was not found.`, 3004);
}
