/**
 * X-S4-ExternalID: "FS-<account>-<ticket>-<generation>-<tag>". Unique per account and ticket (one
 * SIGNL4 team may serve several Freshservice accounts), stable for one Signl, new after a close
 * and re-forward (generation). The tag is a short HMAC under a key only this installation holds,
 * so most forged callbacks fail before any $db read (docs/specification.md §3).
 */
import { hmacSha256Hex } from './hmac-sha256.js';

export interface ExternalIdParts {
  account: string;
  ticketId: number;
  generation: number;
  tag: string;
}

const PATTERN = /^FS-([a-z0-9][a-z0-9-]{0,62})-(\d{1,15})-(\d{1,6})-([0-9a-f]{10})$/;

function tagOf(key: string, account: string, ticketId: number, generation: number): string {
  return hmacSha256Hex(`signl4-freshservice:${key}`, `${account}:${ticketId}:${generation}`).slice(0, 10);
}

/** The account name from currentHost (https://acme.freshservice.com -> acme). */
export function accountOf(freshserviceUrl: string | undefined): string {
  const host = (freshserviceUrl ?? '').replace(/^https?:\/\//i, '').split(/[/:]/)[0] ?? '';
  const sub = host.split('.')[0]?.toLowerCase().replace(/[^a-z0-9-]/g, '') ?? '';
  return sub === '' ? 'account' : sub.slice(0, 63);
}

export function makeExternalId(key: string, account: string, ticketId: number, generation: number): string {
  return `FS-${account}-${ticketId}-${generation}-${tagOf(key, account, ticketId, generation)}`;
}

/**
 * Whether an external id is in this app's form for this account, whatever its tag: one that is not
 * belongs to another integration's alert (SIGNL4's outbound webhook is team-wide) and costs nothing.
 */
export function namesThisAccount(account: string, value: unknown): boolean {
  return typeof value === 'string' && PATTERN.exec(value.trim())?.[1] === account;
}

/** Parses and checks the tag; undefined for anything not minted by this installation. */
export function verifyExternalId(key: string, account: string, value: unknown): ExternalIdParts | undefined {
  if (typeof value !== 'string') return undefined;
  const match = PATTERN.exec(value.trim());
  if (match === null) return undefined;
  const [, acc, ticket, gen, tag] = match as unknown as [string, string, string, string, string];
  if (acc !== account) return undefined;
  const parts = { account: acc, ticketId: Number(ticket), generation: Number(gen), tag };
  return tagOf(key, acc, parts.ticketId, parts.generation) === tag ? parts : undefined;
}
