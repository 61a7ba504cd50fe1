/**
 * The Freshservice key check (up to five template calls), remembered per key value:
 * - a key that passed is not checked again on this page;
 * - a failure is reused by the background checks (so editing other fields does not call
 *   Freshservice again), except a rate limit or a missing answer once its wait is over;
 * - an explicit attempt (Install, "Check key") always asks again after a failure: the rate limit
 *   may have passed, or the admin may have fixed the agent's role in the meantime;
 * - callers asking while a check of the same key runs share that run.
 */
import type { KeyCheck } from './freshservice-check.js';

/** Keys typed on one page: enough for every attempt an admin makes, small enough to forget. */
const REMEMBERED_KEYS = 20;

interface Known {
  result: KeyCheck;
  atMs: number;
}

export class KeyChecks {
  private readonly known = new Map<string, Known>();
  private readonly running = new Map<string, Promise<KeyCheck>>();

  constructor(
    private readonly runCheck: (apiKey: string) => Promise<KeyCheck>,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** `fresh`: an explicit attempt by the admin; otherwise a background check. */
  check(apiKey: string, fresh: boolean): Promise<KeyCheck> {
    const known = this.known.get(apiKey);
    if (known !== undefined && this.reusable(known, fresh)) return Promise.resolve(known.result);
    return this.running.get(apiKey) ?? this.start(apiKey);
  }

  private reusable({ result, atMs }: Known, fresh: boolean): boolean {
    if (result.ok) return true;
    if (fresh) return false;
    return result.retryInSeconds === undefined || this.nowMs() < atMs + result.retryInSeconds * 1000;
  }

  private start(apiKey: string): Promise<KeyCheck> {
    const run = this.runCheck(apiKey)
      .then((result) => {
        this.remember(apiKey, result);
        return result;
      })
      .finally(() => this.running.delete(apiKey));
    this.running.set(apiKey, run);
    return run;
  }

  private remember(apiKey: string, result: KeyCheck): void {
    this.known.delete(apiKey);
    this.known.set(apiKey, { result, atMs: this.nowMs() });
    const oldest = this.known.keys().next().value;
    if (this.known.size > REMEMBERED_KEYS && oldest !== undefined) this.known.delete(oldest);
  }
}
