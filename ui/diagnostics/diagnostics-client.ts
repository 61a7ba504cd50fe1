/**
 * The diagnostics page's door to the FDK front-end client (docs/fdk-facts.md §4.5, §5): one server
 * method, getDiagnostics, answering { response: DiagnosticsView }; a rejection carries
 * { status, message }. Nothing here talks to a third party.
 */
import type { DiagnosticsView } from '../../server/src/methods/view-types.js';

export interface DiagnosticsClient {
  request: { invoke(name: string, payload: Record<string, unknown>): Promise<unknown> };
  events?: { on(event: string, callback: () => void): unknown };
}

/** Why loading failed, in words for the admin. */
export class LoadFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isDiagnosticsView(value: unknown): value is DiagnosticsView {
  if (!isRecord(value)) return false;
  const { health, callback, counts, queue, lastErrors } = value;
  return isRecord(health) && isRecord(callback) && isRecord(counts) && Array.isArray(queue) && Array.isArray(lastErrors);
}

function failureText(failure: unknown): string {
  const message = isRecord(failure) ? failure['message'] : undefined;
  if (typeof message === 'string' && message.trim() !== '') return message.trim();
  const status = isRecord(failure) ? failure['status'] : undefined;
  return typeof status === 'number' ? `the app answered with status ${status}` : 'the app did not answer';
}

export async function loadDiagnostics(client: DiagnosticsClient): Promise<DiagnosticsView> {
  let answer: unknown;
  try {
    answer = await client.request.invoke('getDiagnostics', {});
  } catch (failure) {
    const status = isRecord(failure) && typeof failure['status'] === 'number' ? failure['status'] : undefined;
    throw new LoadFailure(failureText(failure), status);
  }
  const view = isRecord(answer) ? answer['response'] : undefined;
  if (!isDiagnosticsView(view)) throw new LoadFailure('the app answered with something this page cannot read');
  return view;
}
