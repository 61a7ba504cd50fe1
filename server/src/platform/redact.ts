/**
 * Removes secrets from any text before it reaches a log line or an error message:
 * the configured secret values themselves, SIGNL4 webhook paths and Authorization values.
 */
export type Redactor = (text: string) => string;

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(\/webhook\/)[^/?\s"']+/gi, '$1***'],
  [/((?:Basic|Bearer)\s+)[A-Za-z0-9+/=._-]{6,}/g, '$1***'],
  [/(x-s4-api-key["']?\s*[:=]\s*["']?)[^"',\s}]+/gi, '$1***'],
];

export function createRedactor(secrets: ReadonlyArray<string>): Redactor {
  const values = secrets.filter((s) => typeof s === 'string' && s.length >= 4).sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = text;
    for (const value of values) out = out.split(value).join('***');
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
}

/** The secret values found in installation parameters (raw, before validation). */
export function secretsOf(iparams: Record<string, unknown> | undefined): string[] {
  const out: string[] = [];
  for (const key of ['signl4_webhook', 'signl4_api_key', 'freshservice_api_key']) {
    const value = iparams?.[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    out.push(value.trim());
    const tail = value.trim().split('/').pop();
    if (tail !== undefined && tail !== value.trim()) out.push(tail);
  }
  return out;
}
