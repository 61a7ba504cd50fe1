/**
 * The one way the app changes a ticket's record `t:<id>` it has read (one $db update of the given
 * attributes). A sweep's claim that read-ticket.ts settled from its batch record is settled in the
 * record by the same update (state, eventId, time, the "raised" timeline entry, no body), so later
 * reads cost one operation, not two; what the caller writes wins.
 */
import type { KvStore } from '../platform/platform-types.js';
import { additions, raisedAttributes, raisedEntry, stateKey, type TicketState } from './ticket-state.js';

function settlement(state: TicketState): Record<string, unknown> {
  if (state.folded !== true || state.fwdAt === undefined) return {};
  return { ...raisedAttributes(state.ev, state.fwdAt), ...additions(state, [raisedEntry(state.fwdAt)]) };
}

export async function updateRecord(store: KvStore, state: TicketState, attributes: Record<string, unknown>): Promise<void> {
  await store.update(stateKey(state.id), 'set', { ...settlement(state), ...attributes });
}
