/**
 * The per-account, per-minute credit limit (docs/freshservice-facts.md §8): an overall limit
 * (Starter 100) and optional sub-limits per operation, windows aligned on the injected
 * clock's minutes. Every request counts, invalid ones included. Embeds cost extra credits:
 * +1 each on a single object (+2 for conversations), +2 each on a list (the doc is
 * inconsistent: "1 / 2" vs "1 / 3"; UNCONFIRMED).
 */
import type { Clock } from '../common/clock.js';
import { WindowLimit, type WindowDecision } from '../common/window-limit.js';

export type SubLimitName = 'listTickets' | 'viewTicket' | 'createTicket' | 'updateTicket' | 'listAgents' | 'listRequesters';

export const STARTER_SUB_LIMITS: Readonly<Record<SubLimitName, number>> = {
  listTickets: 40, viewTicket: 50, createTicket: 50, updateTicket: 50, listAgents: 40, listRequesters: 40,
};

const MINUTE = 60_000;

export class FsRateLimit {
  readonly overall: WindowLimit;
  #subs = new Map<SubLimitName, WindowLimit>();

  constructor(perMinute: number, subLimits: Partial<Record<SubLimitName, number>>, clock: Clock) {
    this.overall = new WindowLimit({ limit: perMinute, windowMs: MINUTE }, clock);
    for (const [name, limit] of Object.entries(subLimits) as Array<[SubLimitName, number]>) {
      this.#subs.set(name, new WindowLimit({ limit, windowMs: MINUTE }, clock));
    }
  }

  /** The overall decision (for the headers); refused when the overall or the sub-limit is spent. */
  spend(cost: number, sub: SubLimitName | undefined): WindowDecision {
    const subLimit = sub ? this.#subs.get(sub) : undefined;
    if (subLimit && !subLimit.canSpend(cost)) {
      const refusal = subLimit.spend(cost);
      return { ...this.overall.peek(), allowed: false, retryAfterSeconds: refusal.retryAfterSeconds };
    }
    const decision = this.overall.spend(cost);
    if (decision.allowed) subLimit?.spend(cost);
    return decision;
  }

  reset(): void {
    this.overall.reset();
    for (const limit of this.#subs.values()) limit.reset();
  }
}

export function embedCost(includes: readonly string[], list: boolean): number {
  return includes.reduce((sum, include) => sum + (list ? 2 : include === 'conversations' ? 2 : 1), 0);
}
