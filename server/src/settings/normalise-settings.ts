/**
 * Installation parameters as they may arrive (docs/specification.md §6): lists as arrays or comma-separated
 * strings, booleans as booleans or "true"/"false", names in any letter case. This turns them into
 * the shape the schema checks; it guesses nothing else (unknown values stay and fail validation).
 */
import { DEFAULT_SETTINGS, PRIORITIES, type Settings } from './settings-schema.js';

const LIST_KEYS = [
  'filter_priorities',
  'filter_types',
  'filter_groups',
  'filter_sources',
  'filter_workspaces',
  'filter_tags',
  'acknowledge_on_statuses',
  'close_on_statuses',
] as const satisfies ReadonlyArray<keyof Settings>;

const BOOLEAN_KEYS = ['forward_on_update', 'sync_annotations', 'private_notes'] as const satisfies ReadonlyArray<keyof Settings>;

const KNOWN_KEYS = new Set<string>(['signl4_webhook', 'freshservice_api_key', ...Object.keys(DEFAULT_SETTINGS)]);

function toList(value: unknown): unknown {
  if (typeof value === 'string') {
    return [...new Set(value.split(',').map((item) => item.trim()).filter((item) => item !== ''))];
  }
  if (Array.isArray(value)) {
    return [...new Set(value.map((item) => (typeof item === 'string' ? item.trim() : item)).filter((item) => item !== ''))];
  }
  return value;
}

function toBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lowered = value.trim().toLowerCase();
  if (lowered === 'true') return true;
  if (lowered === 'false') return false;
  return value;
}

function canonicalPriority(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return PRIORITIES.find((p) => p.toLowerCase() === value.toLowerCase()) ?? value;
}

function pickKnown(raw: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (KNOWN_KEYS.has(key) && value !== null && value !== undefined) out[key] = value;
  }
  return out;
}

function lowerCase(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

/** Copies only the contract's keys (the page may send more) and normalises their forms. */
export function normaliseSettings(raw: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = pickKnown(raw);
  const convert = (keys: ReadonlyArray<string>, form: (value: unknown) => unknown): void => {
    for (const key of keys) if (key in out) out[key] = form(out[key]);
  };
  convert(LIST_KEYS, toList);
  convert(BOOLEAN_KEYS, toBoolean);
  convert(['filter_priorities'], (value) => (Array.isArray(value) ? value.map(canonicalPriority) : value));
  convert(['alerting_scenario', 'assign_agent_on'], lowerCase);
  return out;
}
