/**
 * The platform clock: every time the app sees (Date inside the sandbox, $db ttl, $schedule,
 * the per-minute limit windows, event timestamps) comes from here.
 * - virtual: starts at a given instant and moves only when told, so tests can run an hour of
 *   platform time in milliseconds;
 * - real: wall-clock time plus an offset that advance() grows (for `npm start`).
 */
export interface PlatformClock {
  /** Milliseconds since the epoch, platform time. */
  now(): number;
  /** Moves platform time forward by ms (ms >= 0). */
  advance(ms: number): void;
  readonly kind: 'virtual' | 'real';
}

function checkStep(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance needs a finite ms >= 0, got ${ms}`);
}

export function createVirtualClock(startMs: number = Date.now()): PlatformClock {
  let current = startMs;
  return {
    kind: 'virtual',
    now: () => current,
    advance(ms: number): void {
      checkStep(ms);
      current += ms;
    },
  };
}

export function createRealClock(): PlatformClock {
  let offset = 0;
  return {
    kind: 'real',
    now: () => Date.now() + offset,
    advance(ms: number): void {
      checkStep(ms);
      offset += ms;
    },
  };
}

/** Lets ms of platform time pass: a virtual clock jumps, a real one is waited on (in the platform process). */
export async function waitOn(clock: PlatformClock, ms: number): Promise<void> {
  if (ms <= 0) return;
  if (clock.kind === 'virtual') {
    clock.advance(ms);
    return;
  }
  await new Promise<void>((resolve) => setTimeout(resolve, ms));
}
