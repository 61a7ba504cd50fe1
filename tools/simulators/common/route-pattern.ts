/**
 * Route patterns shared by the routers and the fault injector:
 * `"PUT /api/v2/tickets/:id"` (method and path), `"/api/v2/tickets/*"` (any method),
 * `"*"` (everything). `:name` and `*` match one path segment; a final `**` matches the rest.
 */
export interface ParsedPattern {
  method: string | undefined;
  segments: string[];
}

export function parsePattern(pattern: string): ParsedPattern {
  const trimmed = pattern.trim();
  if (trimmed === '*') return { method: undefined, segments: ['**'] };
  const space = trimmed.indexOf(' ');
  const method = space > 0 ? trimmed.slice(0, space).toUpperCase() : undefined;
  const path = space > 0 ? trimmed.slice(space + 1).trim() : trimmed;
  return { method, segments: splitPath(path) };
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

/** The captured `:name` parameters, or undefined when the path does not match. */
export function matchSegments(pattern: string[], path: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const want = pattern[i] as string;
    if (want === '**') return params;
    const got = path[i];
    if (got === undefined) return undefined;
    if (want.startsWith(':')) params[want.slice(1)] = decodeURIComponent(got);
    else if (want !== '*' && want !== got) return undefined;
  }
  return pattern.length === path.length ? params : undefined;
}

export function matchesPattern(pattern: ParsedPattern, method: string, path: string): boolean {
  if (pattern.method !== undefined && pattern.method !== method.toUpperCase()) return false;
  return matchSegments(pattern.segments, splitPath(path)) !== undefined;
}
