/**
 * What reached a simulator: method, path (secrets already masked by the caller), route,
 * status, and the fault applied. Never headers, so never an Authorization value or API key.
 */
export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  query: string;
  route: string;
  status: number;
  fault?: string;
}

const CAP = 10_000;

export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  #counts = new Map<string, number>();

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > CAP) this.entries.splice(0, this.entries.length - CAP);
    const key = `${entry.method} ${entry.route}`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  /** Requests per "METHOD route", e.g. `{ 'PUT /api/v2/tickets/:id': 2 }`. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  count(method: string, route: string): number {
    return this.#counts.get(`${method.toUpperCase()} ${route}`) ?? 0;
  }

  clear(): void {
    this.entries.length = 0;
    this.#counts.clear();
  }
}
