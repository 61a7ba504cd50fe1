/**
 * SIGNL4's throttling (docs/signl4-facts.md §1.7), on the injected clock: events per subscription
 * (commercial 150 / 15 s, 600 / min, 36,000 / h; exceeding a window blocks intake for that
 * window's length), REST calls other than events (150 / 15 s, 36,000 / h), and bad requests
 * (wrong secret, corrupt body) at 10 / min.
 */
import type { Clock } from '../common/clock.js';
import { WindowLimit, type WindowDecision } from '../common/window-limit.js';

export interface Signl4RateLimitOptions {
  per15s: number;
  perMinute?: number;
  perHour?: number;
  restPer15s?: number;
  badPerMinute?: number;
}

export const COMMERCIAL: Required<Signl4RateLimitOptions> = { per15s: 150, perMinute: 600, perHour: 36_000, restPer15s: 150, badPerMinute: 10 };

export class Signl4Limits {
  readonly events: WindowLimit[];
  readonly rest: WindowLimit[];
  readonly bad: WindowLimit;

  constructor(options: Signl4RateLimitOptions, clock: Clock) {
    const o = { ...COMMERCIAL, ...options };
    this.events = [
      new WindowLimit({ limit: o.per15s, windowMs: 15_000 }, clock, true),
      new WindowLimit({ limit: o.perMinute, windowMs: 60_000 }, clock, true),
      new WindowLimit({ limit: o.perHour, windowMs: 3_600_000 }, clock, true),
    ];
    this.rest = [
      new WindowLimit({ limit: o.restPer15s, windowMs: 15_000 }, clock, true),
      new WindowLimit({ limit: 36_000, windowMs: 3_600_000 }, clock, true),
    ];
    this.bad = new WindowLimit({ limit: o.badPerMinute, windowMs: 60_000 }, clock);
  }

  /** Spends one from every window of the group; the decision of the refusing (or first) window. */
  spend(group: WindowLimit[]): WindowDecision {
    const refusing = group.find((limit) => !limit.canSpend());
    if (refusing) return refusing.spend();
    const decisions = group.map((limit) => limit.spend());
    return decisions[0] as WindowDecision;
  }

  reset(): void {
    for (const limit of [...this.events, ...this.rest, this.bad]) limit.reset();
  }
}

export function rateHeaders(decision: WindowDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(decision.remaining),
    'X-RateLimit-Reset': String(Math.ceil(decision.resetAt / 1000)),
  };
}
