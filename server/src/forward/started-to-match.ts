/**
 * When may an update forward a ticket whose Signl was already closed? Only when the ticket starts
 * to match again (it did not match before this change: priority raised, group changed, ...) or
 * was reopened (its status left a "close" status). Any other edit of a still-matching ticket must
 * not page the on-call team a second time.
 */
import { PRIORITY_NAMES, SOURCE_NAMES, STATUS_NAMES } from '../freshservice/code-tables.js';
import { integer, text } from '../freshservice/normalise-ticket.js';
import type { TicketFacts } from '../freshservice/ticket-facts.js';
import type { FieldChanges } from '../freshservice/ticket-event-types.js';
import type { Settings } from '../settings/settings-schema.js';
import { matchesFilter } from './match-filter.js';

type Before = string | undefined | null;

/** The old value of a field from `changes` ({ field: [old, new] }); null when the field did not change. */
function oldValue(changes: FieldChanges, ...keys: string[]): Before {
  for (const key of keys) {
    const change = changes[key];
    if (Array.isArray(change)) return text(change[0]) ?? undefined;
  }
  return null;
}

function named(value: Before, table: Readonly<Record<number, string>>): Before {
  if (value === null || value === undefined) return value;
  const code = integer(value);
  return code === undefined ? value : table[code];
}

function pick(before: Before, now: string | undefined): string | undefined {
  return before === null ? now : before;
}

/** The ticket as it was before this update, as far as the filter is concerned. */
export function factsBefore(facts: TicketFacts, changes: FieldChanges): TicketFacts {
  return {
    ...facts,
    priorityName: pick(named(oldValue(changes, 'priority_name', 'priority'), PRIORITY_NAMES), facts.priorityName) as string,
    typeName: pick(oldValue(changes, 'type_name', 'ticket_type', 'type'), facts.typeName) as string,
    groupName: pick(oldValue(changes, 'group_name'), facts.groupName) as string,
    sourceName: pick(named(oldValue(changes, 'source_name', 'source'), SOURCE_NAMES), facts.sourceName) as string,
    workspaceName: pick(oldValue(changes, 'workspace_name'), facts.workspaceName) as string,
  };
}

function reopened(changes: FieldChanges, closeStatuses: readonly string[]): boolean {
  const old = named(oldValue(changes, 'status_name', 'status'), STATUS_NAMES);
  const oldName = old === null || old === undefined ? undefined : old.toLowerCase();
  return oldName !== undefined && closeStatuses.some((s) => s.toLowerCase() === oldName);
}

export function mayForwardAgain(facts: TicketFacts, changes: FieldChanges, settings: Settings): boolean {
  return reopened(changes, settings.close_on_statuses) || !matchesFilter(factsBefore(facts, changes), settings);
}
