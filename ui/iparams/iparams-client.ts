/**
 * The slice of the FDK front-end client the installation page uses (docs/fdk-facts.md §2.3, §3.3):
 * request templates with the values the admin typed in `context`, server methods, and `currentHost`.
 */

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface TemplateOptions {
  context: Record<string, string>;
  body?: string;
}

/** A resolved invokeTemplate: `response` is a string on the platform (parsed here defensively). */
export interface TemplateAnswer {
  status: number;
  headers?: ResponseHeaders;
  response?: unknown;
}

export type InvokeTemplate = (name: string, options: TemplateOptions) => Promise<TemplateAnswer>;

export interface IparamsClient {
  /** invokeTemplate for the setup templates; invoke for server methods (validateSettings). */
  request: { invokeTemplate: InvokeTemplate; invoke(name: string, payload: Record<string, unknown>): Promise<unknown> };
  data: { get(name: 'currentHost'): Promise<unknown> };
}

/** How a template call ended: an HTTP answer of any status, or no answer at all (status undefined). */
export interface TemplateOutcome {
  status: number | undefined;
  headers: ResponseHeaders;
  body: unknown;
}

function parseBody(response: unknown): unknown {
  if (typeof response !== 'string') return response;
  try {
    return JSON.parse(response) as unknown;
  } catch {
    return response;
  }
}

interface FailureLike {
  status?: unknown;
  headers?: ResponseHeaders;
  response?: unknown;
}

function outcomeOfFailure(failure: unknown): TemplateOutcome {
  const f = (failure !== null && typeof failure === 'object' ? failure : {}) as FailureLike;
  return { status: typeof f.status === 'number' ? f.status : undefined, headers: f.headers ?? {}, body: parseBody(f.response) };
}

/** Calls a template; a rejection (the platform's way to report non-2xx) becomes an outcome too. */
export async function callTemplate(invoke: InvokeTemplate, name: string, options: TemplateOptions): Promise<TemplateOutcome> {
  try {
    const answer = await invoke(name, options);
    return { status: answer.status, headers: answer.headers ?? {}, body: parseBody(answer.response) };
  } catch (failure) {
    return outcomeOfFailure(failure);
  }
}

export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/**
 * The Freshservice API host (no scheme, no slash) from client.data.get('currentHost'), which
 * answers `{ currentHost: { endpoint_urls: { freshservice } } }` (the bare object is accepted too).
 */
export function freshserviceHost(answer: unknown): string | undefined {
  const outer = record(answer);
  const host = record(outer?.['currentHost']) ?? outer;
  const url = record(host?.['endpoint_urls'])?.['freshservice'];
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  return url.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}
