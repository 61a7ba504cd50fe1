/** A $request response body (always a string on the platform): parsed JSON, the raw text when it is not JSON, undefined when empty. */
export function parseJsonBody(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
