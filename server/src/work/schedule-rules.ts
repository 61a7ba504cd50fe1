/**
 * What $schedule accepts, and the names the app gives its schedules.
 * - A one-time schedule_at must be at least 5 minutes after the platform's clock at the moment the
 *   create call arrives (CLI69 lib/event_handler/features/schedule.js validateScheduleTimeLength),
 *   so "now + 5 minutes" computed before any await is refused: the app asks for 6.
 * - A name is at most 30 characters ("Name length must not be greater than 30", same file).
 */
import { fnv1a64 } from '../text/fnv1a.js';

/** How far ahead every one-time schedule of the app is set: the platform's 5 minutes, plus a minute for the time the call takes. */
export const ONE_TIME_LEAD_MS = 6 * 60_000;
/** The longest schedule name $schedule accepts. */
export const MAX_SCHEDULE_NAME = 30;

/** An id as it is when it is plain ([A-Za-z0-9-]) and at most `room` long, else "_" and a hash of it (stable, never plain). */
export function shortId(id: string, room: number): string {
  if (id.length <= room && /^[A-Za-z0-9-]+$/.test(id)) return id;
  return `_${fnv1a64(id).slice(0, Math.max(8, room - 1))}`;
}

/** A schedule name: the readable one when it fits, else "s4-" and a 64-bit hash of it (stable, unique per job). */
export function fitName(readable: string): string {
  return readable.length <= MAX_SCHEDULE_NAME ? readable : `s4-_${fnv1a64(readable)}`;
}
