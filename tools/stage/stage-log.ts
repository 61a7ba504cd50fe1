/**
 * The stage's log of what crossed between Freshservice, the app and SIGNL4: product events,
 * the app's $request calls, SIGNL4's callbacks, the notes the app wrote, and the stage's own
 * clicks. Platform log lines arrive as they happen; callbacks and notes are collected from the
 * simulators on each read. Secrets never reach it: the simulators mask them, templates are named.
 */
import type { FreshserviceSimulator } from '../simulators/freshservice/create-freshservice-simulator.js';
import type { Signl4Simulator } from '../simulators/signl4/create-signl4-simulator.js';
import type { LogLine } from '../platform/platform-types.js';
import type { LogChannel, LogEntry } from './stage-types.js';

const KEEP = 2000;
const CALLBACK_NAMES: Record<number, string> = { 1: 'test', 200: 'created', 201: 'status changed', 202: 'escalated', 203: 'annotated', 300: 'duty started', 301: 'duty ended', 302: 'punched in', 303: 'punched out' };
const STATUS_NAMES: Record<number, string> = { 1: 'open', 2: 'acknowledged', 4: 'closed' };

/**
 * Answers the caller asks for, so they are no error: SIGNL4 lists no webhooks with 404 when the
 * subscription has none (server/src/signl4/signl4-client.ts findOutboundWebhook); the installation
 * page's update probe on ticket 0 reads 404 or 400 as "may update tickets" (ui/iparams/freshservice-check.ts).
 */
const EXPECTED: Record<string, Record<string, string>> = {
  signl4ListWebhooks: { '404': 'no webhooks yet' },
  setupFsUpdateProbe: { '404': 'the key may update tickets', '400': 'the key may update tickets' },
};

function expected(template: string, outcome: string): string | undefined {
  return EXPECTED[template]?.[/^\d{3}/.exec(outcome)?.[0] ?? ''];
}

const REQUEST_LINE = /^\$request (\w+): (\w+) (\S+) -> (.*)$/;

/** What an answer the caller asked for means (a platform log line about it), or undefined for any other line. */
export function expectedAnswer(text: string): string | undefined {
  const request = REQUEST_LINE.exec(text);
  return request === null ? undefined : expected(request[1] ?? '', request[4] ?? '');
}

export class StageLog {
  private readonly entries: LogEntry[] = [];
  private seq = 0;
  private callbacksSeen = 0;
  private readonly notesSeen = new Set<number>();

  constructor(
    private readonly fs: FreshserviceSimulator,
    private readonly s4: Signl4Simulator,
    private readonly now: () => number = Date.now,
  ) {}

  add(channel: LogChannel, from: string, to: string, text: string, at = this.now()): void {
    this.seq += 1;
    this.entries.push({ seq: this.seq, at: new Date(at).toISOString(), channel, from, to, text });
    if (this.entries.length > KEEP) this.entries.splice(0, this.entries.length - KEEP);
  }

  /** Entries after `since` (a seq), after collecting what the simulators hold. */
  since(since: number): LogEntry[] {
    this.collect();
    return this.entries.filter((entry) => entry.seq > since);
  }

  /** Notes already on the tickets are not news: call once after seeding. */
  markSeen(): void {
    this.callbacksSeen = this.s4.callbacks.length;
    for (const notes of this.fs.state.notes.values()) for (const note of notes) this.notesSeen.add(note.id);
  }

  fromPlatform(line: LogLine): void {
    const request = REQUEST_LINE.exec(line.text);
    if (request !== null) {
      const [, name = '', method = '', host = '', outcome = ''] = request;
      const meant = expected(name, outcome);
      this.add(line.level === 'info' || meant !== undefined ? 'request' : 'error', 'App', host.includes('signl4') ? 'SIGNL4' : 'Freshservice', `${name}: ${method} → ${outcome}${meant === undefined ? '' : ` (expected: ${meant})`}`, line.at);
      return;
    }
    const invocation = /^(\w+) -> (\w+): (.*)$/.exec(line.text);
    if (invocation !== null) {
      const [, event = '', , outcome = ''] = invocation;
      if (event === 'onScheduledEvent' && outcome.startsWith('ok')) return;
      this.add(outcome.startsWith('ok') ? 'platform' : 'error', 'Platform', 'App', `${event}: ${outcome}`, line.at);
      return;
    }
    if (line.level === 'warn' || line.level === 'error') this.add('error', 'Platform', 'App', line.text, line.at);
  }

  private collect(): void {
    const callbacks = this.s4.callbacks;
    // A delivery still waiting for the app's answer is logged once answered, in order.
    const waiting = callbacks.slice(this.callbacksSeen).findIndex((sent) => sent.status === undefined && sent.error === undefined);
    const ready = waiting === -1 ? callbacks.length : this.callbacksSeen + waiting;
    for (const sent of callbacks.slice(this.callbacksSeen, ready)) {
      const alert = (sent.body['alert'] ?? {}) as Record<string, unknown>;
      const user = (sent.body['user'] ?? {}) as Record<string, unknown>;
      const status = sent.eventType === 201 ? ` ${STATUS_NAMES[Number(alert['statusCode'])] ?? String(alert['statusCode'])}` : '';
      const by = typeof user['username'] === 'string' ? ` by ${user['username']}` : '';
      const answer = sent.status === undefined ? `failed (${sent.error ?? ''})` : `HTTP ${sent.status}`;
      this.add(sent.status !== undefined && sent.status < 400 ? 'callback' : 'error', 'SIGNL4', 'App', `${sent.eventType} ${CALLBACK_NAMES[sent.eventType] ?? ''}${status}${by}${sent.duplicate ? ' (duplicate)' : ''} → ${answer}`, sent.at);
    }
    this.callbacksSeen = ready;
    for (const [ticketId, notes] of this.fs.state.notes) {
      for (const note of notes) {
        if (this.notesSeen.has(note.id)) continue;
        this.notesSeen.add(note.id);
        this.add('note', 'App', 'Freshservice', `#${ticketId} ${note.private ? 'private note' : 'note'}: ${note.body_text}`, Date.parse(note.created_at));
      }
    }
  }
}
