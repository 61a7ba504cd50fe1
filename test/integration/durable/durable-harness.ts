/**
 * Shared steps of the durable-work tests (issue 13, "Done when"): the built app on the local
 * platform against the simulators, driven over HTTP and read back only through what people see —
 * the Freshservice simulator's tickets and notes, the SIGNL4 simulator's Signls and inbound events,
 * and the app's server methods getSignl and getDiagnostics.
 */
import type { FaultKind, FaultSpec, Signl } from '../../../tools/simulators/index.js';
import type { SignlView, DiagnosticsView } from '../../../server/src/methods/view-types.js';
import { minutes, noteTexts, signlsOf, ticketOf } from '../faults-harness.js';
import { FS_KEY, startLoop, urgentIncident, type Loop, type LoopOptions } from '../loop-harness.js';
import { makeExternalId } from '../../../server/src/signl4/external-id.js';

export const SOAK = process.env['S4_SOAK'] === '1';

/** An installation that has been running for a while (its tick and registration are past). */
export async function running(options: LoopOptions = {}): Promise<Loop> {
  const loop = await startLoop(options);
  loop.fs.setRequiredForClosure('root_cause', false);
  await loop.platform.advance(6 * 60_000);
  return loop;
}

export async function newTicket(loop: Loop, overrides: Record<string, unknown> = {}): Promise<number> {
  return Number((await loop.fs.createTicket(urgentIncident(overrides)))['id']);
}

/** A matching ticket whose Signl SIGNL4 holds. */
export async function forwarded(loop: Loop, overrides: Record<string, unknown> = {}): Promise<{ id: number; signl: Signl }> {
  const id = await newTicket(loop, overrides);
  await loop.s4.whenIdle();
  const [signl] = signlsOf(loop, id);
  if (signl === undefined) throw new Error(`ticket ${id} was not forwarded`);
  return { id, signl };
}

/** What the sidebar shows for a ticket (the getSignl server method, as an agent calls it). */
export async function sidebar(loop: Loop, ticketId: number): Promise<SignlView> {
  const result = await loop.platform.invokeMethod('getSignl', { ticketId });
  if (!result.ok) throw new Error(`getSignl failed: ${result.error ?? 'unknown'}`);
  return result.rendered?.data as SignlView;
}

/** What the diagnostics page shows (any agent can call the method from the sidebar). */
export async function diagnostics(loop: Loop): Promise<DiagnosticsView> {
  const result = await loop.platform.invokeMethod('getDiagnostics', {});
  if (!result.ok) throw new Error(`getDiagnostics failed: ${result.error ?? 'unknown'}`);
  return result.rendered?.data as DiagnosticsView;
}

/** POSTs a JSON body to the app's callback URL as anyone on the internet can; the HTTP status. */
export async function postCallback(url: string, body: unknown): Promise<number> {
  const answer = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await answer.arrayBuffer();
  return answer.status;
}

/** Every request to `route` fails with one of `kinds` until the faults are cleared. */
export function outage(sim: Loop['s4'] | Loop['fs'], route: string, kinds: ReadonlyArray<FaultKind | FaultSpec>, seed = 1): void {
  sim.faults.random({ seed, rate: 1, kinds, route });
}

/** Ids of the tickets that do not have exactly one Signl, with the count. */
export function notPagedOnce(loop: Loop, ids: readonly number[]): string[] {
  return ids.map((id) => ({ id, n: signlsOf(loop, id).length })).filter((x) => x.n !== 1).map((x) => `ticket ${x.id}: ${x.n} Signl(s)`);
}

/** SIGNL4 Signls raised for tickets outside `ids` (a page nobody asked for). */
export function strayPages(loop: Loop, ids: readonly number[]): number[] {
  const known = new Set(ids);
  return loop.s4.signls().map(ticketOf).filter((id) => !known.has(id));
}

/** Inbound events the app sent to SIGNL4 with X-S4-Status `status` for this ticket's Signls. */
export function statusEventsSent(loop: Loop, ticketId: number, status: 'acknowledged' | 'resolved'): number {
  return loop.s4.events.filter((e) => e.externalId !== undefined && ticketOf({ externalId: e.externalId } as Signl) === ticketId && (e.statusSent ?? '').toLowerCase() === status).length;
}

/** How many notes of the ticket contain `text` (exactly once is what "applied once" means). */
export function notesWith(loop: Loop, ticketId: number, text: string): number {
  return noteTexts(loop, ticketId).filter((n) => n.includes(text)).length;
}

/** One-time schedules the local platform holds now (a platform-level count, not the app's records). */
export function oneTimeSchedules(loop: Loop): number {
  return loop.platform.schedules.list().filter((s) => s.repeat === undefined).length;
}

/** A long annotation of about `length` characters, with emoji (astral code points) when asked. */
export function longText(seed: number, length: number, emoji = false): string {
  const words = emoji ? ['🚨', 'failover', '数据库', 'ok✅', 'Grüße', '🔥🔥', 'db-01'] : ['failover', 'replica', 'restarted', 'db-01', 'latency', 'checked'];
  const parts: string[] = [`[${seed}]`];
  for (let i = 0; Array.from(parts.join(' ')).length < length; i += 1) parts.push(words[(i + seed) % words.length] as string);
  return `${Array.from(parts.join(' ')).slice(0, length - 4).join('')} END`;
}

export { minutes, noteTexts, signlsOf, ticketOf };

/**
 * The external id of a ticket's first Signl as a forger who got hold of it would use it: the app no
 * longer shows it to agents, but SIGNL4's users see it and a captured callback carries it. Minted with
 * the harness's own Freshservice key (the tag key), so the tests cover the worst case: the id leaked.
 */
export function leakedExternalId(ticketId: number, generation = 1): string {
  return makeExternalId(FS_KEY, 'acme', ticketId, generation);
}
