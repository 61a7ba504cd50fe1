/**
 * Hostile input (issue 8): generated payloads at every handler and server method, through the
 * local platform the way they would arrive — product events, external events over HTTP, server
 * methods over HTTP. For each one: no crash (the handler finishes, or a server method answers with
 * a clean error), no state change from invalid or forged input ($db apart from the diagnostics
 * counters and the reference cache, SIGNL4's Signls and events, Freshservice's tickets and notes,
 * compared before and after), and no secret in any log line.
 *
 * `npm test` runs a short profile (250 runs per property, or S4_FUZZ_RUNS); `npm run test:soak`
 * (S4_SOAK=1) runs 5,000 per property.
 */
import { assert } from 'chai';
import fc from 'fast-check';
import { integer } from '../../server/src/freshservice/normalise-ticket.js';
import type { InvocationResult } from '../../tools/platform/platform-types.js';
import { SEED_AGENTS } from '../../tools/simulators/index.js';
import { externalBody, forgedCallback, methodPayload, productEventData, SERVER_METHODS, type KnownSignl } from './fuzz-payloads.js';
import { FS_KEY, S4_SECRET, startLoop, urgentIncident, type Loop } from './loop-harness.js';

const SOAK = process.env['S4_SOAK'] === '1';
const RUNS = SOAK ? 5000 : Number(process.env['S4_FUZZ_RUNS'] ?? 250);
const GRACE = SEED_AGENTS[1]!;

/** The secret values of the iparams, as they are and in the encodings a request would carry them. */
const SECRETS = [S4_SECRET, FS_KEY, Buffer.from(`${FS_KEY}:X`).toString('base64'), Buffer.from(FS_KEY).toString('base64')];

/** State an invalid or forged input must not change. The diagnostics record counts rejections and the reference cache may fill; both are left out. */
function snapshot(loop: Loop): string {
  const db = Object.fromEntries(Object.entries(loop.platform.db.dump()).filter(([key]) => key !== 'diag' && key !== 'ref'));
  const signls = loop.s4.signls().map((s) => [s.id, s.statusCode, s.events.length, s.annotations.length, s.acknowledgedUserIds.length]);
  const tickets = [...loop.fs.state.tickets.values()];
  const notes = [...loop.fs.state.notes.values()].reduce((sum, list) => sum + list.length, 0);
  return JSON.stringify({ db, signls, inbound: loop.s4.events.length, tickets, notes });
}

function leaks(lines: readonly string[]): string[] {
  return lines.filter((line) => SECRETS.some((secret) => line.includes(secret)));
}

interface Checked {
  loop: Loop;
  baseline: string;
  invocations: number;
}

/** Everything the platform logged for the invocations since `from` (the handler's lines and the platform's own). */
function newLines(loop: Loop, from: number): string[] {
  const results: readonly InvocationResult[] = loop.platform.metrics.invocations.filter((i) => i.id > from);
  return [...results.flatMap((r) => r.logs), ...loop.platform.logs.slice(-40).map((l) => l.text)];
}

function lastId(loop: Loop): number {
  return loop.platform.metrics.invocations.at(-1)?.id ?? 0;
}

/** After each generated input: unchanged state, no secret in the log, the minute's windows kept fresh. */
async function afterInput(checked: Checked, from: number, what: string): Promise<void> {
  const { loop } = checked;
  await loop.s4.whenIdle();
  await loop.fs.whenIdle();
  const leaked = leaks(newLines(loop, from));
  assert.deepEqual(leaked, [], `${what}: a secret reached the log`);
  assert.equal(snapshot(loop), checked.baseline, `${what}: the state changed`);
  checked.invocations += 1;
  await loop.platform.advance(5_000);
}

function namesExisting(loop: Loop, raw: unknown): boolean {
  const id = integer(raw);
  return id !== undefined && loop.fs.state.tickets.has(id);
}

/** A ticket payload that could legitimately forward or sync a ticket (a valid event, not hostile input). */
function couldAct(loop: Loop, data: unknown): boolean {
  if (data === null || typeof data !== 'object') return false;
  const ticket = (data as Record<string, unknown>)['ticket'];
  if (ticket === null || typeof ticket !== 'object' || Array.isArray(ticket)) return false;
  const t = ticket as Record<string, unknown>;
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const urgent = [t['priority'], t['priority_name']].some((v) => /^(3|4|high|urgent)$/i.test(text(v)));
  const incident = [t['type'], t['type_name']].some((v) => /incident/i.test(text(v)));
  return (urgent && incident) || namesExisting(loop, t['id']);
}

async function postExternal(loop: Loop, body: string, contentType: string | undefined): Promise<number> {
  const reply = await fetch(loop.platform.externalEventUrl, { method: 'POST', body, headers: contentType === undefined ? {} : { 'content-type': contentType } });
  await reply.arrayBuffer();
  return reply.status;
}

describe('hostile input through the local platform (issue 8)', function () {
  this.timeout(SOAK ? 3_600_000 : 60_000);
  let loop: Loop;
  let known: KnownSignl;
  let checked: Checked;

  before(async () => {
    loop = await startLoop();
    loop.fs.setRequiredForClosure('root_cause', false);
    const id = Number((await loop.fs.createTicket(urgentIncident()))['id']);
    await loop.s4.whenIdle();
    const signl = loop.s4.signls()[0];
    if (signl === undefined || signl.externalId === undefined) throw new Error('the ticket was not forwarded');
    known = { ticketId: id, externalId: signl.externalId, eventId: signl.eventId, alertId: signl.id };
    // No scheduled ticks while fuzzing: only the generated input may touch the state.
    loop.platform.schedules.reset();
  });
  after(async () => {
    await loop.close();
  });
  beforeEach(() => {
    checked = { loop, baseline: snapshot(loop), invocations: 0 };
  });

  it('product events (onTicketCreate, onTicketUpdate) with random JSON, wrong types, prototype keys and huge strings: handled, nothing changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('onTicketCreate', 'onTicketUpdate'), productEventData, async (event, data) => {
        fc.pre(!couldAct(loop, data));
        const from = lastId(loop);
        const result = await loop.platform.emitProductEvent(event, data);
        assert.isTrue(result.ok || result.dropped === true, `${event} crashed: ${result.error ?? ''}`);
        assert.notInclude(result.logs.join('\n'), 'failed {"code":"internal"', `${event}: an unexpected error was caught`);
        await afterInput(checked, from, event);
      }),
      { numRuns: RUNS },
    );
    assert.isAtLeast(checked.invocations, RUNS / 2);
  });

  it('external events over HTTP (random bodies, forged and truncated callbacks, huge bodies, other media types): 200 or 413, nothing changed', async () => {
    await fc.assert(
      fc.asyncProperty(externalBody(known), async ({ body, contentType }) => {
        const from = lastId(loop);
        const status = await postExternal(loop, body, contentType);
        assert.include([200, 413], status);
        const result = loop.platform.metrics.invocations.at(-1);
        if (status === 200) assert.isTrue(result !== undefined && result.id > from && result.ok, `onExternalEvent crashed: ${result?.error ?? ''}`);
        await afterInput(checked, from, 'onExternalEvent');
      }),
      { numRuns: RUNS },
    );
  });

  it('forged callbacks (external ids not issued here, or the real one with a wrong eventId and alert id) are rejected or ignored as another integration’s: no note, no ticket change', async () => {
    await fc.assert(
      fc.asyncProperty(forgedCallback(known), async (callback) => {
        const from = lastId(loop);
        assert.equal(await postExternal(loop, JSON.stringify(callback), 'application/json'), 200);
        const result = loop.platform.metrics.invocations.at(-1);
        assert.isTrue(result?.ok);
        const refused = (l: string): boolean => l.includes('callback rejected') || l.includes('callback for an alert of another integration; ignored');
        assert.isTrue(result?.logs.some(refused), `neither rejected nor ignored as another integration's: ${result?.logs.join(' | ') ?? ''}`);
        await afterInput(checked, from, 'forged callback');
      }),
      { numRuns: RUNS },
    );
  });

  it('every server method over HTTP with random payloads: an answer or a clean error (never 500), nothing changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SERVER_METHODS), methodPayload, async (name, text) => {
        const payload = JSON.parse(text) as unknown;
        const ticketId = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)['ticketId'] : undefined;
        fc.pre(!namesExisting(loop, ticketId));
        const from = lastId(loop);
        const reply = await fetch(`${loop.platform.baseUrl}/__fdk/smi/${name}`, { method: 'POST', body: text, headers: { 'content-type': 'application/json' } });
        const answer = (await reply.json()) as { response?: unknown; status?: number; message?: unknown };
        assert.notEqual(reply.status, 500, `${name} failed inside: ${JSON.stringify(answer)}`);
        assert.notEqual(reply.status, 504, `${name} never answered`);
        if (reply.status !== 200) assert.isString(answer.message);
        await afterInput(checked, from, name);
      }),
      { numRuns: RUNS },
    );
  });

  it('after all of it the app still works: a new ticket is forwarded once and its acknowledgement is applied once', async () => {
    loop.platform.metrics.reset();
    await loop.platform.advance(60_000);
    const id = Number((await loop.fs.createTicket(urgentIncident({ subject: 'After the fuzz' })))['id']);
    await loop.s4.whenIdle();
    const signls = loop.s4.signls().filter((s) => s.externalId?.split('-')[2] === String(id));
    assert.lengthOf(signls, 1);
    await loop.s4.acknowledge(signls[0]!.id, GRACE.signl4UserId);
    await loop.s4.whenIdle();
    await loop.fs.whenIdle();
    assert.lengthOf(loop.fs.notes(id), 1);
    assert.equal(loop.fs.ticket(id)?.['responder_id'], GRACE.agentId);
    assert.deepEqual(leaks(loop.platform.logs.map((l) => l.text)), []);
  });
});
