/**
 * A long simulated run for the fault tests: every platform minute new tickets arrive (most of them
 * match the filter), on-call acts on some Signls from the phone (acknowledge, annotate, close) and
 * agents resolve other tickets in Freshservice, while the simulators' seeded fault mixes answer
 * some requests with 429 + Retry-After, 500, 503, a delay past the platform's timeout or a dropped
 * connection. The run records what must be true at the end, and `settle` lets the queues drain
 * with the faults off; `violations` lists every ticket whose end state is wrong.
 */
import { SEED_AGENTS, type FaultSpec, type SentCallback, type Signl } from '../../tools/simulators/index.js';
import { seededRandom } from '../../tools/simulators/common/seeded-random.js';
import type { Loop } from './loop-harness.js';
import { urgentIncident } from './loop-harness.js';

export const GRACE = SEED_AGENTS[1]!;
export const ALAN = SEED_AGENTS[2]!;
export const ACK_NOTE = 'Signl acknowledged in SIGNL4 by Grace Hopper.';
export const CLOSE_NOTE = 'Signl closed in SIGNL4 by Grace Hopper.';

/** Real ms a 'delay' fault holds its answer: past SHORT_TIMEOUT_MS, the platform timeout for slow mixes. */
export const SLOW_MS = 120;
export const SHORT_TIMEOUT_MS = 40;

/** Faults after which the simulator has not acted on the request. */
export const CLEAN_FAULTS: ReadonlyArray<FaultSpec> = [
  { kind: '429', retryAfterSeconds: 90 },
  { kind: '500' },
  { kind: '503', retryAfterSeconds: 20 },
  { kind: 'drop' },
];

/** The same plus answers slower than the timeout (the simulator still acts on them, as a real server may). */
export const WITH_SLOW_FAULTS: ReadonlyArray<FaultSpec> = [...CLEAN_FAULTS, { kind: 'delay', delayMs: SLOW_MS }];

interface Planned {
  id: number;
  matching: boolean;
  /** phone: on-call acts on the Signl; desk: an agent resolves the ticket in Freshservice. */
  lane: 'phone' | 'desk';
  notes: string[];
  acknowledged: boolean;
  closed: boolean;
  resolvedAtDesk: boolean;
}

export interface MixRun {
  loop: Loop;
  tickets: Map<number, Planned>;
  /** Phone actions whose callback reached the app (status 200 from the platform). */
  actions: number;
}

export function ticketOf(signl: Signl): number {
  return Number(signl.externalId?.split('-')[2]);
}

function signlsByTicket(loop: Loop): Map<number, Signl[]> {
  const map = new Map<number, Signl[]>();
  for (const signl of loop.s4.signls()) map.set(ticketOf(signl), [...(map.get(ticketOf(signl)) ?? []), signl]);
  return map;
}

export function startFaultMix(loop: Loop, seed: number, rate: number, kinds: ReadonlyArray<FaultSpec>): void {
  loop.s4.faults.random({ seed, rate, kinds, route: '*' });
  loop.fs.faults.random({ seed: seed + 1, rate, kinds, route: '/api/v2/**' });
}

async function createSome(run: MixRun, next: () => number, minute: number): Promise<void> {
  const count = 1 + Math.floor(next() * 2);
  for (let i = 0; i < count; i += 1) {
    const matching = next() < 0.8;
    const ticket = await run.loop.fs.createTicket(urgentIncident({ subject: `Minute ${minute} ticket ${i}`, ...(matching ? {} : { priority: 1 }) }));
    const id = Number(ticket['id']);
    run.tickets.set(id, { id, matching, lane: id % 2 === 0 ? 'phone' : 'desk', notes: [], acknowledged: false, closed: false, resolvedAtDesk: false });
  }
}

async function phoneAct(run: MixRun, plan: Planned, signl: Signl, next: () => number, counter: number): Promise<void> {
  const { s4 } = run.loop;
  let sent: readonly SentCallback[];
  if (signl.statusCode === 1) {
    sent = await s4.acknowledge(signl.id, GRACE.signl4UserId);
    plan.notes.push(ACK_NOTE);
    plan.acknowledged = true;
  } else if (next() < 0.5) {
    const text = `Update ${counter} from the field`;
    sent = await s4.annotate(signl.id, GRACE.signl4UserId, text);
    plan.notes.push(`Grace Hopper in SIGNL4: ${text}`);
  } else {
    sent = await s4.close(signl.id, GRACE.signl4UserId);
    plan.notes.push(CLOSE_NOTE);
    plan.closed = true;
  }
  run.actions += sent.filter((c) => c.status === 200).length;
}

async function actSome(run: MixRun, next: () => number, minute: number): Promise<void> {
  const signls = signlsByTicket(run.loop);
  for (const plan of run.tickets.values()) {
    const signl = signls.get(plan.id)?.[0];
    if (signl === undefined || signl.statusCode === 4 || plan.resolvedAtDesk || next() > 0.35) continue;
    if (plan.lane === 'phone') await phoneAct(run, plan, signl, next, minute);
    else {
      await run.loop.fs.updateTicket(plan.id, { status: 4 }, { actorId: ALAN.agentId });
      plan.resolvedAtDesk = true;
    }
  }
}

/** `minutes` minutes of tickets, phone actions and desk resolutions under the fault mix. */
export async function runMix(loop: Loop, seed: number, minutes: number): Promise<MixRun> {
  const next = seededRandom(seed * 7919);
  const run: MixRun = { loop, tickets: new Map(), actions: 0 };
  for (let minute = 0; minute < minutes; minute += 1) {
    await createSome(run, next, minute);
    await actSome(run, next, minute);
    await loop.s4.whenIdle();
    await loop.fs.whenIdle();
    await loop.platform.advance(60_000);
  }
  return run;
}

/** Faults off, then platform time for every queued item to be retried (backoff caps at 2 h). */
export async function settle(loop: Loop, hours = 6): Promise<void> {
  loop.s4.faults.clear();
  loop.fs.faults.clear();
  for (let hour = 0; hour < hours; hour += 1) {
    await loop.platform.advance(60 * 60_000);
    await loop.s4.whenIdle();
    await loop.fs.whenIdle();
  }
}

export function noteTexts(loop: Loop, id: number): string[] {
  return loop.fs.notes(id).map((n) => String(n['body_text'] ?? n['body']));
}

/** The Signls SIGNL4 holds for a ticket. */
export function signlsOf(loop: Loop, id: number): Signl[] {
  return loop.s4.signls().filter((s) => ticketOf(s) === id);
}

/** Signls posted to SIGNL4's inbound webhook, refused ones included. */
export function webhookPosts(loop: Loop): number {
  return loop.s4.requests.entries.filter((r) => r.method === 'POST' && r.path.startsWith('/webhook/')).length;
}

/** Lets platform minutes pass one at a time, each with the simulators' work done. */
export async function minutes(loop: Loop, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await loop.platform.advance(60_000);
    await loop.s4.whenIdle();
    await loop.fs.whenIdle();
  }
}

function ticketProblems(loop: Loop, plan: Planned, signls: Signl[]): string[] {
  const problems: string[] = [];
  const expected = plan.matching ? 1 : 0;
  if (signls.length !== expected) problems.push(`${signls.length} Signl(s), expected ${expected}`);
  const notes = noteTexts(loop, plan.id);
  for (const text of plan.notes) {
    const found = notes.filter((n) => n.includes(text)).length;
    if (found !== 1) problems.push(`note "${text}" found ${found} time(s)`);
  }
  if (notes.length !== plan.notes.length) problems.push(`${notes.length} note(s), expected ${plan.notes.length}: ${JSON.stringify(notes)}`);
  const ticket = loop.fs.ticket(plan.id);
  if (plan.closed && ticket?.['status'] !== 4) problems.push(`closed in SIGNL4 but the ticket status is ${String(ticket?.['status'])}`);
  // An acknowledgement overtaken by the close (queued behind a failure) is late, and "a late
  // 'acknowledged' after 'closed' changes nothing" (docs/specification.md §3): only then may the agent stay unset.
  if (plan.acknowledged && !plan.closed && ticket?.['responder_id'] !== GRACE.agentId) problems.push('acknowledged by Grace but not assigned to her');
  if (plan.resolvedAtDesk && signls[0]?.statusCode !== 4) problems.push(`resolved in Freshservice but the Signl's status is ${String(signls[0]?.statusCode)}`);
  return problems;
}

/** Says so when a SIGNL4 callback for the ticket met a spent $db budget (it should have been parked). */
function starvedCallback(loop: Loop, id: number): string {
  const starved = loop.platform.metrics.invocations.some(
    (i) => i.event === 'onExternalEvent' && i.logs.some((l) => l.includes(`t:${id} failed`) && l.includes('exceeded the limit')),
  );
  return starved ? ' [a callback for it met a spent $db budget]' : '';
}

/** Every ticket whose end state breaks a rule, with what is wrong. */
export function violations(run: MixRun): string[] {
  const signls = signlsByTicket(run.loop);
  const found: string[] = [];
  for (const plan of run.tickets.values()) {
    const problems = ticketProblems(run.loop, plan, signls.get(plan.id) ?? []);
    if (problems.length > 0) found.push(`ticket ${plan.id} (${plan.lane}${plan.matching ? '' : ', not matching'}): ${problems.join('; ')}${starvedCallback(run.loop, plan.id)}`);
  }
  return found;
}
