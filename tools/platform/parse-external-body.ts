/**
 * The `data` of onExternalEvent from the raw request body (docs/fdk-facts.md §4.4): a JSON body
 * (application/json or +json) becomes the parsed value; a form body (x-www-form-urlencoded) an
 * object of its fields; anything else (text/plain, XML, or JSON that does not parse) stays the raw
 * string — the platform's `data` may be a string (UNCONFIRMED when), so apps must accept both.
 */
export function parseExternalBody(raw: string, contentType: string | undefined): unknown {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}
