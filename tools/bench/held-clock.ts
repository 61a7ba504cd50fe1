/**
 * A platform clock for the latency bursts: virtual (it jumps when the platform advances it, so a
 * drain of a hundred platform minutes takes seconds) except while something holds it, when it
 * follows the real clock. The relays in front of the simulators hold it while a request is with
 * them, so a handler that awaits a 500 ms SIGNL4 answer sees `Date.now()` move by 500 ms, and
 * the platform's minute windows move with it; between invocations, time is virtual again.
 * Overlapping holds count once (time passes once for requests that wait side by side).
 */
import type { PlatformClock } from '../platform/platform-clock.js';

export interface HeldClock extends PlatformClock {
  /** Platform time follows the real clock until the returned release is called (once). */
  hold(): () => void;
  /** How many holds are open. */
  readonly holders: number;
}

export function createHeldClock(startMs: number, realNow: () => number = () => performance.now()): HeldClock {
  let base = startMs;
  let holders = 0;
  let since = 0;
  const running = (): number => (holders > 0 ? Math.floor(realNow() - since) : 0);
  return {
    kind: 'virtual',
    now: () => base + running(),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance needs a finite ms >= 0, got ${ms}`);
      base += ms;
    },
    get holders() {
      return holders;
    },
    hold() {
      if (holders === 0) since = realNow();
      holders += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (holders === 1) base += running();
        holders -= 1;
      };
    },
  };
}
