/**
 * The one way the app reads a ticket's record: `t:<id>`, and for a sweep's claim not yet settled
 * the batch that says whether it was sent (sent-batch.ts; one read more, only then). A claim found
 * in its batch reads as the open Signl it is, as markSent would have written it.
 */
import type { KvStore } from '../platform/platform-types.js';
import { sentIn } from './sent-batch.js';
import { asTicketState, isBatchClaim, raisedAttributes, raisedEntry, stateKey, withTimeline, type TicketState } from './ticket-state.js';

export async function readTicket(store: KvStore, ticketId: number): Promise<TicketState | undefined> {
  const state = asTicketState(await store.get(stateKey(ticketId)));
  if (state === undefined || !isBatchClaim(state)) return state;
  const sent = sentIn(await store.get(state.b), state.id, state.gen);
  if (sent === undefined) return state;
  // `b` stays: update-record.ts settles the claim (and clears it) with the next change.
  return { ...state, ...raisedAttributes(sent.eventId === undefined ? [] : [sent.eventId], sent.at), b: state.b, tl: withTimeline(state.tl, raisedEntry(sent.at)), folded: true };
}
