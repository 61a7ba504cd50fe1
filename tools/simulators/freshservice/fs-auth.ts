/**
 * Basic auth with the agent's API key. The documented form is `base64(apikey:X)`; a bare
 * `base64(apikey)` is accepted too, because which one the FDK sends is UNCONFIRMED.
 */
import type { ApiKeyInfo } from './types.js';

export type AuthResult = { ok: true; key: string; info: ApiKeyInfo } | { ok: false };

export function authenticate(header: string | undefined, keys: ReadonlyMap<string, ApiKeyInfo>): AuthResult {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return { ok: false };
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon >= 0 ? decoded.slice(0, colon) : decoded;
  const info = keys.get(key);
  if (!info || info.role === 'revoked') return { ok: false };
  return { ok: true, key, info };
}

export const canWrite = (info: ApiKeyInfo): boolean => info.role === 'admin' || info.role === 'agent';
