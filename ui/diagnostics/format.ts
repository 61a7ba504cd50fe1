/**
 * Dates for the admin: every time in the viewer's locale and time zone, with the zone named
 * ("4 Dec 2026, 10:05 CET"); the activity table's days are UTC days and say so in their heading.
 */

export function formatDateTime(iso: string, locale?: string, timeZone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', ...(timeZone === undefined ? {} : { timeZone }) }).format(at);
}

const STEPS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 5 minutes", "2 hours ago", "now" (within a minute). */
export function formatRelative(iso: string, nowMs: number, locale?: string): string {
  const delta = new Date(iso).getTime() - nowMs;
  if (Number.isNaN(delta)) return '';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const step = STEPS.find(([, size]) => Math.abs(delta) >= size);
  return step === undefined ? format.format(0, 'second') : format.format(Math.round(delta / step[1]), step[0]);
}

/** "Mon, 23 Nov" for the UTC day "2026-11-23". */
export function formatDay(day: string, locale?: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(at);
}

export function formatCount(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(value);
}
