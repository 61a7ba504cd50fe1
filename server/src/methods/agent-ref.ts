/**
 * The agent acting in the sidebar, as the page sends it (from client.data.get('loggedInUser')).
 * The browser says who it is; the app only uses it for wording (notes, the timeline), trimmed and
 * cut short, never as a permission. Missing or unreadable: "an agent in Freshservice".
 */
import type { AgentRef } from './view-types.js';

const MAX_NAME = 80;
const MAX_EMAIL = 120;
export const UNKNOWN_AGENT = 'an agent in Freshservice';

function clean(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = Array.from(value, (c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c)).join('').replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return Array.from(text).slice(0, max).join('');
}

function field(value: unknown, name: string): Record<string, unknown> | undefined {
  const inner = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
  return inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>) : undefined;
}

export function agentFrom(payload: unknown): AgentRef | undefined {
  const record = field(payload, 'agent');
  if (record === undefined) return undefined;
  const email = clean(record['email'], MAX_EMAIL);
  const name = clean(record['name'], MAX_NAME) ?? email;
  if (name === undefined) return undefined;
  return email === undefined ? { name } : { name, email };
}

export function agentName(agent: AgentRef | undefined): string {
  return agent?.name ?? UNKNOWN_AGENT;
}
