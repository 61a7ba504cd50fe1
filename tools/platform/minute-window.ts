/**
 * A fixed-window counter on the platform-clock minute, as the platform's "N per minute" limits.
 * Refused calls do not consume the window.
 */
export type WindowDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface MinuteWindow {
  readonly limit: number;
  take(): WindowDecision;
  /** Calls counted in the current minute. */
  used(): number;
  /** Seconds until the next window opens (at least 1). */
  secondsToNextWindow(): number;
  /** Uses up what is left of the current minute, as calls from elsewhere would. */
  exhaust(): void;
}

const MINUTE = 60_000;

export function createMinuteWindow(limit: number, now: () => number): MinuteWindow {
  let windowStart = Number.NEGATIVE_INFINITY;
  let count = 0;
  const roll = (): void => {
    const start = Math.floor(now() / MINUTE) * MINUTE;
    if (start !== windowStart) {
      windowStart = start;
      count = 0;
    }
  };
  const secondsToNextWindow = (): number => {
    roll();
    return Math.max(1, Math.ceil((windowStart + MINUTE - now()) / 1000));
  };
  return {
    limit,
    take(): WindowDecision {
      roll();
      if (count >= limit) return { ok: false, retryAfterSeconds: secondsToNextWindow() };
      count += 1;
      return { ok: true };
    },
    used(): number {
      roll();
      return count;
    },
    secondsToNextWindow,
    exhaust(): void {
      roll();
      count = Math.max(count, limit);
    },
  };
}
