/**
 * Fixed-window counters on the injected clock. `align: 'clock'` windows start on
 * multiples of the window length (Freshservice's "per minute"); `blockOnExceed` keeps a
 * counter closed for a whole window from the moment it is exceeded (SIGNL4: "hitting the
 * 15 s limit blocks new events for 15 s").
 */
import type { Clock } from './clock.js';

export interface WindowRule {
  limit: number;
  windowMs: number;
}

export interface WindowDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** ms epoch when the window (or block) ends. */
  resetAt: number;
  /** whole seconds until resetAt, at least 1. */
  retryAfterSeconds: number;
}

export class WindowLimit {
  #start = Number.NEGATIVE_INFINITY;
  #used = 0;
  #blockedUntil = 0;

  constructor(private readonly rule: WindowRule, private readonly clock: Clock, private readonly blockOnExceed = false) {}

  get used(): number {
    this.#roll(this.clock.now());
    return this.#used;
  }

  /** Spend `cost` if the window allows it; the decision says what the headers should show. */
  spend(cost = 1): WindowDecision {
    const now = this.clock.now();
    this.#roll(now);
    if (now < this.#blockedUntil || this.#used + cost > this.rule.limit) {
      if (this.blockOnExceed && now >= this.#blockedUntil) this.#blockedUntil = now + this.rule.windowMs;
      return this.#decision(false, now);
    }
    this.#used += cost;
    return this.#decision(true, now);
  }

  /** Whether `cost` would be allowed now, without spending it. */
  canSpend(cost = 1): boolean {
    const now = this.clock.now();
    this.#roll(now);
    return now >= this.#blockedUntil && this.#used + cost <= this.rule.limit;
  }

  /** What the headers should show without spending. */
  peek(): WindowDecision {
    const now = this.clock.now();
    this.#roll(now);
    return this.#decision(now >= this.#blockedUntil && this.#used < this.rule.limit, now);
  }

  reset(): void {
    this.#start = Number.NEGATIVE_INFINITY;
    this.#used = 0;
    this.#blockedUntil = 0;
  }

  #roll(now: number): void {
    const start = Math.floor(now / this.rule.windowMs) * this.rule.windowMs;
    if (start !== this.#start) {
      this.#start = start;
      this.#used = 0;
    }
  }

  #decision(allowed: boolean, now: number): WindowDecision {
    const resetAt = Math.max(this.#start + this.rule.windowMs, this.#blockedUntil);
    return {
      allowed,
      limit: this.rule.limit,
      remaining: Math.max(0, this.rule.limit - this.#used),
      resetAt,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
    };
  }
}
