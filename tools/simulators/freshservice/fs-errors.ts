/**
 * Freshservice's documented error body (docs/freshservice-facts.md §7):
 * `{ description, errors: [{ field, message, code }] }`, `field` only on 400s. The codes
 * come from the documented list where one fits; 'not_found', 'method_not_allowed',
 * 'invalid_content_type', 'rate_limit_exceeded' and 'server_error' are the simulator's own.
 */
import type { FieldError } from './ticket-validation.js';

export interface FsAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function validationFailed(errors: FieldError[]): FsAnswer {
  return { status: 400, body: { description: 'Validation failed', errors } };
}

export function fsError(status: number, description: string, message: string, code: string, headers?: Record<string, string>): FsAnswer {
  const answer: FsAnswer = { status, body: { description, errors: [{ message, code }] } };
  if (headers) answer.headers = headers;
  return answer;
}

export const unauthorized = (): FsAnswer =>
  fsError(401, 'Authentication failure', 'Incorrect or missing API credentials.', 'invalid_credentials');

export const accessDenied = (message = 'You are not authorized to perform this action.'): FsAnswer =>
  fsError(403, 'Access denied', message, 'access_denied');

export const notFound = (what = 'Resource'): FsAnswer =>
  fsError(404, 'Record Not Found', `${what} does not exist`, 'not_found');
