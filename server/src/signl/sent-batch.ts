/**
 * What one sweep sent, in one $db record (`sb:<tick>`), instead of one state write per ticket: the
 * sweep's claims name their batch (`TicketState.b`), and a claim whose ticket, generation and
 * eventId are in it is a raised Signl (read-ticket.ts folds it in on read). The sweep writes it
 * after each group of sends (one operation a group), so a slow send late in the tick delays only
 * its own group's record. A batch holds at most
 * what one tick can send (under 50), about 60 bytes each: well under CLI 6.9's 8 KB.
 * A batch that was never written (its tick was stopped) leaves its claims unsettled; the sweep finds
 * them as it finds any forward its handler did not finish (forward/sweep-missed.ts).
 */
import type { KvStore } from '../platform/platform-types.js';

export interface SentSignl {
  ticketId: number;
  gen: number;
  eventId: string | undefined;
  at: number;
}

export interface SentBatch {
  v: 1;
  /** ticket id -> [generation, eventId ('' when SIGNL4 returned none), when sent (ms)] */
  s: Record<string, [number, string, number]>;
}

export function batchKey(tickStartMs: number): string {
  return `sb:${tickStartMs.toString(36)}`;
}

function entryFor(x: SentSignl): [number, string, number] {
  return [x.gen, x.eventId ?? '', x.at];
}

/** Writes the batch record with its first Signls (one operation). */
export async function writeBatch(store: KvStore, key: string, sent: readonly SentSignl[]): Promise<void> {
  const record: SentBatch = { v: 1, s: Object.fromEntries(sent.map((x) => [String(x.ticketId), entryFor(x)])) };
  await store.set(key, record);
}

/** Adds Signls to a batch record already written (one operation: a path each, `s.<ticket id>`, within $db's 30 characters). */
export async function addToBatch(store: KvStore, key: string, sent: readonly SentSignl[]): Promise<void> {
  await store.update(key, 'set', Object.fromEntries(sent.map((x) => [`s.${x.ticketId}`, entryFor(x)])));
}

export type BatchWrite = typeof writeBatch;

function entryOf(batch: unknown, ticketId: number): unknown[] | undefined {
  if (batch === null || typeof batch !== 'object') return undefined;
  const entry = (batch as Partial<SentBatch>).s?.[String(ticketId)];
  return Array.isArray(entry) ? (entry as unknown[]) : undefined;
}

/** The batch's entry for a ticket's generation, when the batch holds it. */
export function sentIn(batch: unknown, ticketId: number, gen: number): SentSignl | undefined {
  const [g, eventId, at] = entryOf(batch, ticketId) ?? [];
  if (g !== gen || typeof at !== 'number') return undefined;
  return { ticketId, gen, eventId: typeof eventId === 'string' && eventId !== '' ? eventId : undefined, at };
}
