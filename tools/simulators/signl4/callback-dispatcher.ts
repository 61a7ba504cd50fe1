/**
 * Delivers outbound callbacks to every registered, enabled webhook URL with node:http(s)
 * and records each answer. 'immediate' posts at once; 'manual' holds deliveries until
 * releaseCallbacks(order) sends them in the order asked for. `duplicate` delivers the same
 * notification (same top-level id) twice, as SIGNL4 says a notification "may be received
 * multiple times". No retries: SIGNL4's retry policy is UNCONFIRMED.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SentCallback } from './types.js';

export interface PendingDelivery {
  url: string;
  body: Record<string, unknown>;
  duplicate: boolean;
}

const TIMEOUT_MS = 10_000;

export class CallbackDispatcher {
  readonly sent: SentCallback[] = [];
  readonly #queue: PendingDelivery[] = [];

  constructor(public mode: 'immediate' | 'manual', private readonly now: () => number) {}

  /** Delivers (or, in manual mode, queues) one notification to each URL. */
  async dispatch(urls: string[], body: Record<string, unknown>, duplicate: boolean): Promise<SentCallback[]> {
    const deliveries: PendingDelivery[] = [];
    for (const url of urls) {
      deliveries.push({ url, body, duplicate: false });
      if (duplicate) deliveries.push({ url, body, duplicate: true });
    }
    if (this.mode === 'manual') {
      this.#queue.push(...deliveries);
      return [];
    }
    const results: SentCallback[] = [];
    for (const delivery of deliveries) results.push(await this.#post(delivery));
    return results;
  }

  pending(): PendingDelivery[] {
    return [...this.#queue];
  }

  /**
   * Sends the held deliveries: `order` lists indexes into pending() (those not listed stay
   * held), 'reverse' sends all newest first, and no argument sends all oldest first. `together`
   * starts every chosen POST at once, in that order, without waiting for an answer (concurrent
   * deliveries, as SIGNL4's outbound webhook may make them); otherwise each waits for the one before.
   */
  async release(order?: number[] | 'reverse', together = false): Promise<SentCallback[]> {
    const held = [...this.#queue];
    const picks = order === undefined ? held.map((_, i) => i) : order === 'reverse' ? held.map((_, i) => held.length - 1 - i) : order;
    if (new Set(picks).size !== picks.length || picks.some((i) => !Number.isInteger(i) || i < 0 || i >= held.length)) {
      throw new RangeError(`order must list distinct indexes below ${held.length}`);
    }
    const chosen = picks.map((i) => held[i] as PendingDelivery);
    this.#queue.splice(0, this.#queue.length, ...held.filter((_, i) => !picks.includes(i)));
    if (together) return Promise.all(chosen.map((delivery) => this.#post(delivery)));
    const results: SentCallback[] = [];
    for (const delivery of chosen) results.push(await this.#post(delivery));
    return results;
  }

  async #post(delivery: PendingDelivery): Promise<SentCallback> {
    const record: SentCallback = {
      id: String(delivery.body['id']), eventType: Number(delivery.body['eventType']), url: delivery.url, body: delivery.body,
      status: undefined, duplicate: delivery.duplicate, at: this.now(),
    };
    this.sent.push(record);
    try {
      record.status = await postJson(delivery.url, JSON.stringify(delivery.body));
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    return record;
  }
}

function postJson(url: string, text: string): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, {
      method: 'POST', agent: false, timeout: TIMEOUT_MS,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'User-Agent': 'SIGNL4-simulator' },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(text);
  });
}
