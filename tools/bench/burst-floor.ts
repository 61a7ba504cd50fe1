/**
 * The platform's floor for a burst (docs/specification.md §7, issue 13): one SIGNL4 request per
 * Signl (there is no batch form) plus one Freshservice list call per 100 tickets a sweep finds,
 * at 50 `$request` a minute, so N tickets cannot drain faster than (N + ceil(N / 100)) / 50
 * platform minutes. A drain passes within 1.3 times that, with nothing lost and nothing twice.
 */
export const REQUESTS_PER_MINUTE = 50;
export const TICKETS_PER_LIST_CALL = 100;
export const FLOOR_TOLERANCE = 1.3;

export function floorMinutes(tickets: number): number {
  return (tickets + Math.ceil(tickets / TICKETS_PER_LIST_CALL)) / REQUESTS_PER_MINUTE;
}

export interface FloorVerdict {
  floorMinutes: number;
  /** drainMinutes / floorMinutes (Infinity when a ticket was lost). */
  ratio: number;
  pass: boolean;
}

export function judgeFloor(burst: { tickets: number; drainMinutes: number; lost: number; duplicates: number }): FloorVerdict {
  const floor = floorMinutes(burst.tickets);
  const ratio = burst.lost > 0 ? Number.POSITIVE_INFINITY : burst.drainMinutes / floor;
  return { floorMinutes: floor, ratio: Math.round(ratio * 1000) / 1000, pass: burst.lost === 0 && burst.duplicates === 0 && ratio <= FLOOR_TOLERANCE };
}

/**
 * A latency run cut after `minutes` whole platform minutes (to bound its real time): the minutes
 * still needed for `remaining` tickets at the rate of minutes 1 … minutes-1 (minute 0, the burst's
 * own, is left out: its first attempts are not the drain's pace). Infinity when none were raised.
 */
export function projectDrain(perMinute: readonly number[], minutes: number, remaining: number): number {
  if (remaining <= 0) return minutes;
  const steady = Array.from({ length: Math.max(0, minutes - 1) }, (_, i) => perMinute[i + 1] ?? 0);
  const raised = steady.reduce((sum, n) => sum + n, 0);
  if (raised === 0) return Number.POSITIVE_INFINITY;
  return minutes + remaining / (raised / steady.length);
}
