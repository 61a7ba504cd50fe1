/**
 * The forwarding filter (docs/specification.md §1): every configured condition must hold; an empty list means
 * "any". Names match case-insensitively; workspaces by name or id; tags when any tag is listed.
 */
import type { TicketFacts } from '../freshservice/ticket-facts.js';
import type { Settings } from '../settings/settings-schema.js';

type FilterSettings = Pick<Settings, 'filter_priorities' | 'filter_types' | 'filter_groups' | 'filter_sources' | 'filter_workspaces' | 'filter_tags'>;

const lower = (value: string): string => value.trim().toLowerCase();

function allows(allowed: readonly string[], ...values: Array<string | number | undefined>): boolean {
  if (allowed.length === 0) return true;
  const wanted = new Set(allowed.map(lower));
  return values.some((v) => v !== undefined && wanted.has(lower(String(v))));
}

function anyTag(allowed: readonly string[], tags: readonly string[]): boolean {
  return allowed.length === 0 || tags.some((tag) => allows(allowed, tag));
}

/** The names of the conditions a ticket fails (empty when it matches). */
export function filterMisses(facts: TicketFacts, settings: FilterSettings): string[] {
  const checks: Array<[string, boolean]> = [
    ['priority', allows(settings.filter_priorities, facts.priorityName)],
    ['type', allows(settings.filter_types, facts.typeName)],
    ['group', allows(settings.filter_groups, facts.groupName)],
    ['source', allows(settings.filter_sources, facts.sourceName)],
    ['workspace', allows(settings.filter_workspaces, facts.workspaceName, facts.workspaceId)],
    ['tags', anyTag(settings.filter_tags, facts.tags)],
  ];
  return checks.filter(([, ok]) => !ok).map(([name]) => name);
}

export function matchesFilter(facts: TicketFacts, settings: FilterSettings): boolean {
  return filterMisses(facts, settings).length === 0;
}
