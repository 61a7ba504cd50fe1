/** A first-match router over route patterns; tells "no such path" (404) from "wrong verb" (405). */
import { matchSegments, splitPath } from './route-pattern.js';

export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method-not-allowed'; pattern: string }
  | { kind: 'not-found' };

export class Router<R extends { method: string; route: string }> {
  #routes: Array<{ def: R; segments: string[] }>;

  constructor(routes: readonly R[]) {
    this.#routes = routes.map((def) => ({ def, segments: splitPath(def.route) }));
  }

  match(method: string, path: string): RouteMatch<R> {
    const segments = splitPath(path);
    let wrongVerb: string | undefined;
    for (const { def, segments: pattern } of this.#routes) {
      const params = matchSegments(pattern, segments);
      if (!params) continue;
      if (def.method === method.toUpperCase()) return { kind: 'found', route: def, params };
      wrongVerb ??= def.route;
    }
    return wrongVerb === undefined ? { kind: 'not-found' } : { kind: 'method-not-allowed', pattern: wrongVerb };
  }
}
