/**
 * What an inbound event means (docs/signl4-facts.md §1.3–§1.5): Title and Text from the first of the
 * documented names (case-insensitive), else the first string values; the X-S4-* control
 * parameters (case-insensitive names); and the URL status mapping (ExtIDParam, ...).
 * Status values are compared case-insensitively (UNCONFIRMED for the generic webhook; the
 * Freshservice connector sends "Acknowledged"); an empty X-S4-Status counts as `new`
 * (UNCONFIRMED); any other value is discarded (the 2020 rule).
 */
import type { ParamValue } from './types.js';

const TITLE_NAMES = ['title', 'subject', 'job', 'task', 'case', 'incident', 'x-s4-subject'];
const TEXT_NAMES = ['text', 'message', 'messagetext', 'description', 'body', 'content'];

export type Intent = 'new' | 'acknowledged' | 'resolved' | 'discard';

export interface EventControls {
  title: string;
  text: string;
  externalId: string | undefined;
  statusSent: string | undefined;
  intent: Intent;
  service: string | undefined;
  scenario: string | undefined;
  sourceSystem: string | undefined;
}

function lookup(params: Record<string, ParamValue>, name: string): ParamValue | undefined {
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : params[key];
}

function asText(value: ParamValue | undefined): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function firstNamed(params: Record<string, ParamValue>, names: string[]): string | undefined {
  for (const name of names) {
    const value = lookup(params, name);
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function titleAndText(params: Record<string, ParamValue>): { title: string; text: string } {
  const loose = Object.entries(params)
    .filter(([key, value]) => typeof value === 'string' && !key.toLowerCase().startsWith('x-s4-'))
    .map(([, value]) => value as string);
  let title = firstNamed(params, TITLE_NAMES);
  let text = firstNamed(params, TEXT_NAMES);
  if (title === undefined) title = loose.find((value) => value !== text) ?? '';
  if (text === undefined) text = loose.find((value) => value !== title) ?? '';
  return { title, text };
}

export function readControls(params: Record<string, ParamValue>, query: URLSearchParams): EventControls {
  const extIdParam = query.get('ExtIDParam') ?? query.get('ExtIdParam');
  const extStatusParam = query.get('ExtStatusParam');
  const externalId = asText(lookup(params, extIdParam ?? 'X-S4-ExternalID'));
  const statusSent = asText(lookup(params, extStatusParam ?? 'X-S4-Status'));
  return {
    ...titleAndText(params),
    externalId: externalId === '' ? undefined : externalId,
    statusSent,
    intent: extStatusParam ? mappedIntent(statusSent, query) : controlIntent(statusSent),
    service: asText(lookup(params, 'X-S4-Service')),
    scenario: asText(lookup(params, 'X-S4-AlertingScenario')),
    sourceSystem: asText(lookup(params, 'X-S4-SourceSystem')),
  };
}

function controlIntent(status: string | undefined): Intent {
  const value = (status ?? '').trim().toLowerCase();
  if (value === '' || value === 'new') return 'new';
  if (value === 'acknowledged' || value === 'resolved') return value;
  return 'discard';
}

function mappedIntent(status: string | undefined, query: URLSearchParams): Intent {
  const value = (status ?? '').trim().toLowerCase();
  const same = (name: string): boolean => (query.get(name) ?? '\u0000').trim().toLowerCase() === value;
  if (same('ResolvedStatus')) return 'resolved';
  if (same('AckStatus')) return 'acknowledged';
  if (query.get('NewStatus') !== null && !same('NewStatus')) return 'discard';
  return 'new';
}
