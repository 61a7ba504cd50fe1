/**
 * Forwarding a ticket to SIGNL4 (docs/specification.md §1, §7). With a complete payload it costs one request
 * and two $db operations: a create-only claim of `t:<id>` (which is also the idempotency check:
 * a duplicate or replayed event finds the claim and sends nothing), then the state update.
 * Retryable failures leave the claim as 'queued' (with the Signl body) and add a queue item;
 * other failures mark the ticket failed with what to fix.
 * No schedule guards an event's forward: a handler stopped after its claim leaves a claim that the
 * next minutes' sweep lists, finds unsettled and finishes (sweep-missed.ts inspectClaim), as a
 * guard would have (finishUnsentClaim); one stopped before its claim left nothing, and the sweep
 * forwards the ticket. So an event's forward costs no $schedule call. The sidebar's "Page on-call
 * now" is guarded: the sweep may never list that ticket.
 */
import { AppError, isStoreThrottle, mayHaveActed, plainWords, toAppError } from '../errors/errors.js';
import type { TicketFacts } from '../freshservice/ticket-facts.js';
import { buildNewSignl } from './build-signl.js';
import type { SignlBody } from '../signl4/signl-body.js';
import { makeExternalId } from '../signl4/external-id.js';
import type { BatchWrite, SentSignl } from '../signl/sent-batch.js';
import { sendSignl4Event } from '../signl4/signl4-client.js';
import { itemKey, nextDue, readQueue } from '../work/delivery-queue.js';
import { enqueueOrPark, origin, park, placeGuard, removeGuard, type ParkedJob } from '../work/park.js';
import { count, recordError, signl4Evidence } from '../records/diagnostics-record.js';
import { tooLateToSend, type SyncContext } from '../context/sync-context.js';
import { INSTALL_KEY, type InstallRecord } from '../records/install-record.js';
import type { KvStore } from '../platform/platform-types.js';
import { additions, entry, isOpen, mayHaveBeenSent, raisedAttributes, raisedEntry, stateKey, withTimeline, type TicketState } from '../signl/ticket-state.js';
import { updateRecord } from '../signl/update-record.js';
import { readTicket } from '../signl/read-ticket.js';

export type ForwardReason = 'create' | 'update' | 'manual' | 'sweep';
export type ForwardOutcome = 'sent' | 'queued' | 'failed' | 'duplicate';

const STOPPED = new AppError({ code: 'unavailable', operation: 'send Signl', message: 'The app was stopped before it could send this Signl; the drain sends it.' });

/**
 * A claim left unsent by a stopped handler, when SIGNL4's confirmations cannot tell whether it
 * went out: sending it again could page twice, not sending it could page nobody. The app says so.
 */
const UNCONFIRMED_SEND = new AppError({
  code: 'unavailable',
  operation: 'send Signl',
  message: 'The app was stopped while sending this Signl and cannot tell whether SIGNL4 received it.',
  fix: 'Look for the ticket in SIGNL4; if it is not there, press Retry in the ticket sidebar.',
});

const WHY: Record<ForwardReason, string> = {
  create: 'new ticket matched the filter',
  update: 'ticket now matches the filter',
  manual: 'paged from the ticket sidebar',
  sweep: 'found by the catch-up sweep',
};

function claimState(ctx: SyncContext, facts: TicketFacts, gen: number, previous: TicketState | undefined, reason: ForwardReason, batch?: string): TicketState {
  const xid = makeExternalId(ctx.tagKey, ctx.account, facts.id, gen);
  const body = buildNewSignl(facts, ctx.settings, { externalId: xid, freshserviceUrl: ctx.freshserviceUrl });
  const now = ctx.deps.clock.now();
  return {
    v: 1,
    id: facts.id,
    gen,
    xid,
    st: 'queued',
    ev: [],
    cb: previous?.cb ?? [],
    seen: {},
    body,
    del: null,
    ...(batch === undefined ? {} : { b: batch }),
    tl: withTimeline(previous?.tl ?? [], entry(now, 'queued', `Sending to SIGNL4: ${WHY[reason]}.`)),
    log: {},
  };
}

function stillActive(state: TicketState | undefined): boolean {
  return state !== undefined && (isOpen(state) || state.st === 'queued');
}

/**
 * Claims the ticket; undefined when it is already forwarded and its Signl still open (or queued),
 * or when its Signl was closed and this forward may not page again (`again` false).
 */
async function claim(ctx: SyncContext, facts: TicketFacts, reason: ForwardReason, again: boolean, batch?: string): Promise<TicketState | undefined> {
  const { store } = ctx.deps;
  const fresh = claimState(ctx, facts, 1, undefined, reason, batch);
  if (await store.set(stateKey(facts.id), fresh, { setIf: 'not_exist' })) return fresh;
  if (!again) return undefined;
  const existing = await readTicket(store, facts.id);
  if (stillActive(existing)) return undefined;
  const next = claimState(ctx, facts, (existing?.gen ?? 0) + 1, existing, reason, batch);
  await store.set(stateKey(facts.id), next);
  return next;
}

/** Slow look-ups left too little of the handler's 20 s for a send: the next minute's drain sends it (no attempt counted). */
const OUT_OF_TIME = new AppError({
  code: 'rate_limited',
  operation: 'send Signl',
  message: 'Looking up the ticket took long; the Signl is sent by the next scheduled run.',
  retryAfterSeconds: 1,
});

/**
 * `again`: whether a ticket whose Signl was closed (or failed) may be forwarded anew — true for the
 * sidebar's "Page on-call now", for an update that made the ticket match again, never for
 * creates and the sweep.
 */
export async function forwardTicket(ctx: SyncContext, facts: TicketFacts, reason: ForwardReason, again = reason === 'manual'): Promise<ForwardOutcome> {
  // The sweep may never list a ticket paged from the sidebar (old, outside the rules, not updated
  // by the page): only that forward is guarded, before its claim, against a stopped handler.
  const guard = reason === 'manual' ? await placeGuard(ctx.deps, { job: 'forward', t: facts.id, ...origin(ctx.deps.clock.now()) }) : undefined;
  try {
    const done = await claimAndSend(ctx, facts, reason, again);
    if (typeof done === 'string') return done;
    await recordSent(ctx, done.state, done.accepted.eventId, done.accepted.at);
    return 'sent';
  } finally {
    await removeGuard(ctx.deps, guard);
  }
}

/** Claims the ticket and sends its Signl, or says why not; what SIGNL4 accepted is the caller's to record. */
async function claimAndSend(ctx: SyncContext, facts: TicketFacts, reason: ForwardReason, again: boolean, batch?: string): Promise<{ state: TicketState; accepted: Accepted } | Exclude<ForwardOutcome, 'sent'>> {
  const state = await claim(ctx, facts, reason, again, batch);
  if (state === undefined) {
    ctx.deps.log.info('ticket already forwarded; nothing sent', { ticket: facts.id, reason });
    return 'duplicate';
  }
  if (tooLateToSend(ctx)) return queueDelivery(ctx, state, OUT_OF_TIME, 0);
  const accepted = await send(ctx, state, state.body as SignlBody, 0, 'queue');
  return typeof accepted === 'string' ? accepted : { state, accepted };
}

/**
 * A forward's guard comes back: its handler was stopped. A claim still unsent is finished: SIGNL4
 * confirmed the Signl (recorded), the retry queue holds it (the drain owns it), or neither (queued
 * for the drain to send). Without any confirmation ever (SIGNL4's outbound webhook not
 * registered) the app cannot tell whether it went out, and says so.
 */
export async function checkForward(ctx: SyncContext, job: Extract<ParkedJob, { job: 'forward' }>): Promise<'moved on' | 'recorded' | 'queued' | 'failed' | 'parked'> {
  try {
    const state = await readTicket(ctx.deps.store, job.t);
    return unsentClaim(state) ? await finishUnsentClaim(ctx, state) : 'moved on';
  } catch (error) {
    if (!isStoreThrottle(error) || !(await park(ctx.deps, { ...job, ...origin(ctx.deps.clock.now(), job) }))) throw error;
    return 'parked';
  }
}

/**
 * SIGNL4's confirmation of the claim's Signl. Its absence means something once confirmations are
 * known to arrive: some have before, or install registered SIGNL4's outbound webhook itself.
 */
async function evidenceFor(store: KvStore, state: TicketState): Promise<'confirmed' | 'absent' | 'unknown'> {
  const evidence = await signl4Evidence(store, state.id, state.gen);
  if (evidence !== 'unknown') return evidence;
  return (await store.get<InstallRecord>(INSTALL_KEY))?.registration === 'api' ? 'absent' : 'unknown';
}

/** A claim whose send is not recorded: still 'queued', with the Signl body to send. */
export function unsentClaim(state: TicketState | undefined): state is TicketState {
  return state?.st === 'queued' && state.body !== undefined && state.body !== null;
}

/** A claim still unsent (read by the caller: a forward's guard, or the sweep for a claim it finds stale). */
export async function finishUnsentClaim(ctx: SyncContext, state: TicketState): Promise<'moved on' | 'recorded' | 'queued' | 'failed'> {
  const { store, clock } = ctx.deps;
  const evidence = mayHaveBeenSent(state) ? await evidenceFor(store, state) : 'absent';
  if (evidence === 'confirmed') {
    await markSent(ctx, state, undefined, clock.now());
    return 'recorded';
  }
  if ((await readQueue(store)).items[itemKey({ k: 'd', t: state.id })] !== undefined) return 'moved on';
  if (evidence === 'unknown') {
    await markFailed(ctx, state, UNCONFIRMED_SEND, 1, UNCONFIRMED_SEND.message);
    return 'failed';
  }
  await queueDelivery(ctx, state, STOPPED, 0);
  return 'queued';
}

/** SIGNL4 accepted the Signl; not yet recorded. */
interface Accepted {
  eventId: string | undefined;
  at: number;
}

/**
 * Sends a claimed ticket's Signl. A failure is recorded here: a retryable one is queued ('queue',
 * from events) or thrown to the caller ('throw', from the queue drain, which owns retries); what
 * SIGNL4 accepted is returned for the caller to record.
 */
async function send(ctx: SyncContext, state: TicketState, body: SignlBody, attempts: number, onRetryable: 'queue' | 'throw'): Promise<Accepted | Exclude<ForwardOutcome, 'sent'>> {
  try {
    const sent = await sendSignl4Event(ctx.deps.request, ctx.settings.signl4Secret, body);
    return { eventId: sent.eventId, at: ctx.deps.clock.now() };
  } catch (error) {
    const failure = toAppError('send Signl', error);
    if (!failure.retryable) return markFailed(ctx, state, failure, attempts + 1);
    await recordSendOutcome(ctx, state, failure);
    if (onRetryable === 'throw') throw failure;
    return queueDelivery(ctx, state, failure, attempts);
  }
}

/** Sends a claimed ticket's Signl and records the outcome (see send). */
export async function deliver(ctx: SyncContext, state: TicketState, body: SignlBody, attempts: number, onRetryable: 'queue' | 'throw'): Promise<ForwardOutcome> {
  const sent = await send(ctx, state, body, attempts, onRetryable);
  if (typeof sent === 'string') return sent;
  await recordSent(ctx, state, sent.eventId, sent.at);
  return 'sent';
}

/** A Signl the sweep sent, with the claim it was sent for (the fallback record needs it). */
export interface BatchSend {
  sent: SentSignl;
  state: TicketState;
}

/**
 * The sweep's forward: claimed naming the tick's batch record, then sent. What SIGNL4 accepted is
 * returned for that one record (signl/sent-batch.ts), not written per ticket; failures are
 * recorded as any forward's.
 */
export async function forwardInBatch(ctx: SyncContext, facts: TicketFacts, batch: string): Promise<BatchSend | Exclude<ForwardOutcome, 'sent'>> {
  const done = await claimAndSend(ctx, facts, 'sweep', false, batch);
  if (typeof done === 'string') return done;
  const { state, accepted } = done;
  return { sent: { ticketId: state.id, gen: state.gen, eventId: accepted.eventId, at: accepted.at }, state };
}

/**
 * A group of the sweep's sends, recorded in its batch record (`write`: the record's first write, or
 * an addition to it; one operation); when that is refused (the minute's $db spent), each Signl is
 * recorded on its own, at once, and parked when that is refused too: SIGNL4 has them, they are
 * never sent again. True when the batch record took them.
 */
export async function recordBatch(ctx: SyncContext, batch: string, sends: readonly BatchSend[], write: BatchWrite): Promise<boolean> {
  try {
    await write(ctx.deps.store, batch, sends.map((x) => x.sent));
    return true;
  } catch (error) {
    ctx.deps.log.warn('could not write the sweep’s record of what it sent; recording each Signl on its own', { error: String(error), signls: sends.length });
    await Promise.all(sends.map(({ sent, state }) => recordSent(ctx, state, sent.eventId, sent.at)));
    return false;
  }
}

/**
 * What a failed send tells, kept with the ticket: SIGNL4 answered (it has no Signl: 'refused'), or
 * no answer came (it may have one: 'maybe', which stays once set). Only a 'maybe' lets SIGNL4's
 * confirmation settle the send later; after a refusal nothing but a new send can, so a forged
 * "created" or "closed" callback cannot stop the page (handle-callback.ts authentic()).
 */
async function recordSendOutcome(ctx: SyncContext, state: TicketState, failure: AppError): Promise<void> {
  const outcome = mayHaveActed(failure) ? 'maybe' : 'refused';
  if (state.sendOutcome === outcome || state.sendOutcome === 'maybe') return;
  await updateRecord(ctx.deps.store, state, { sendOutcome: outcome });
  state.sendOutcome = outcome;
}

/** The state of a Signl SIGNL4 accepted. */
export async function markSent(ctx: SyncContext, state: Pick<TicketState, 'id' | 'xid' | 'tl' | 'log' | 'seen'>, eventId: string | undefined, at: number): Promise<void> {
  await ctx.deps.store.update(stateKey(state.id), 'set', { ...raisedAttributes(eventId === undefined ? [] : [eventId], at), ...additions(state, [raisedEntry(at)]) });
  ctx.deps.log.info('Signl raised', { ticket: state.id, externalId: state.xid });
}

/**
 * SIGNL4 has the Signl: whatever happens next, it is never sent again. When the minute's $db
 * budget is spent, the record of it is parked and written when it comes back.
 */
async function recordSent(ctx: SyncContext, state: TicketState, eventId: string | undefined, at: number): Promise<void> {
  try {
    await markSent(ctx, state, eventId, at);
  } catch (error) {
    if (!isStoreThrottle(error)) throw error;
    await park(ctx.deps, { job: 'sent', t: state.id, xid: state.xid, ...(eventId === undefined ? {} : { ev: eventId }), at, ...origin(at) });
  }
}

async function queueDelivery(ctx: SyncContext, state: TicketState, error: AppError, attempts: number): Promise<'queued'> {
  const now = ctx.deps.clock.now();
  await enqueueOrPark(ctx.deps, { k: 'd', t: state.id, n: attempts, due: nextDue(now, attempts, error), since: now, r: plainWords(error) });
  ctx.deps.log.warn('SIGNL4 not reachable now; the Signl is queued and retried', { ticket: state.id, code: error.code, retryAfterSeconds: error.retryAfterSeconds });
  return 'queued';
}

export async function markFailed(ctx: SyncContext, state: TicketState, error: AppError, attempts: number, reason = plainWords(error)): Promise<'failed'> {
  const { store, clock, log } = ctx.deps;
  const now = clock.now();
  await updateRecord(ctx.deps.store, state, { st: 'failed', del: { attempts, reason, fix: error.fix }, ...additions(state, [entry(now, 'failed', `Delivery failed: ${reason}`)]) });
  log.error('Signl could not be delivered', { ticket: state.id, code: error.code, fix: error.fix });
  await recordError(store, clock, log, error);
  await count(store, clock, log, { fail: 1 });
  return 'failed';
}

/**
 * A parked record of a Signl SIGNL4 accepted comes back: the claim (still 'queued', or marked
 * failed by the sweep as "cannot tell") becomes the open Signl it is.
 */
/** Still the claim of that Signl: 'queued', or marked failed because the sweep could not tell. */
function awaitingRecord(state: TicketState | undefined, xid: string): state is TicketState {
  return state !== undefined && state.xid === xid && (state.st === 'queued' || state.st === 'failed');
}

export async function recordParkedSent(ctx: SyncContext, job: Extract<ParkedJob, { job: 'sent' }>): Promise<'recorded' | 'parked' | 'moved on'> {
  try {
    const state = await readTicket(ctx.deps.store, job.t);
    if (!awaitingRecord(state, job.xid)) return 'moved on';
    await markSent(ctx, state, job.ev, job.at);
    return 'recorded';
  } catch (error) {
    if (!isStoreThrottle(error) || !(await park(ctx.deps, { ...job, ...origin(ctx.deps.clock.now(), job) }))) throw error;
    return 'parked';
  }
}
