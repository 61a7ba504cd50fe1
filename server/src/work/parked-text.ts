/**
 * A parked callback's long text (an annotation of thousands of characters) does not fit the 4 KB a
 * one-time schedule's data may hold (park.ts MAX_PARKED_BYTES). Rather than cut it, the rest of the
 * text goes into part schedules of its own, set far in the future so they never run by themselves;
 * when the parked callback comes back it fetches them, puts the text together, and deletes them once
 * the callback has been handled. $schedule calls are spent only on such long texts.
 */
import type { Deps } from '../platform/platform-types.js';
import { bytes } from './park-size.js';
import { fitName } from './schedule-rules.js';

/** Each part's text, by both measures (UTF-8 bytes and the CLI's string length), stays within this. */
export const PART_BYTES = 3000;
/** Parts outlive the callback's longest wait (a day, park.ts MAX_AGE_MS) and then some. */
const PART_LIFETIME_MS = 2 * 24 * 60 * 60_000;

/** The text in pieces of at most `max` UTF-8 bytes and `max` UTF-16 units, cut between code points. */
export function splitText(text: string, max = PART_BYTES): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of text) {
    if (current !== '' && tooLong(current + char, max)) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  pieces.push(current);
  return pieces;
}

/** Over `max` UTF-8 bytes (the JSON string's, less its two quotes) or `max` UTF-16 units. */
function tooLong(piece: string, max: number): boolean {
  return piece.length > max || bytes(piece) - 2 > max;
}

export const partName = (parkedName: string, n: number): string => fitName(`${parkedName}-p${n}`);

/** Writes every piece after the first into a part schedule; returns their names, in order. */
export async function parkParts(deps: Pick<Deps, 'scheduler' | 'clock'>, parkedName: string, pieces: readonly string[]): Promise<string[]> {
  const names: string[] = [];
  for (const [i, text] of pieces.slice(1).entries()) {
    const name = partName(parkedName, i + 1);
    await deps.scheduler.create({ name, data: { job: 'part', text }, scheduleAt: new Date(deps.clock.now() + PART_LIFETIME_MS) });
    names.push(name);
  }
  return names;
}

/** The text the parts hold, in order; undefined when one is missing (the text is then used as parked). */
export async function readParts(deps: Pick<Deps, 'scheduler'>, names: readonly string[]): Promise<string | undefined> {
  let text = '';
  for (const name of names) {
    const data = await deps.scheduler.fetch(name);
    if (typeof data?.['text'] !== 'string') return undefined;
    text += data['text'];
  }
  return text;
}

export async function dropParts(deps: Pick<Deps, 'scheduler' | 'log'>, names: readonly string[]): Promise<void> {
  for (const name of names) {
    try {
      await deps.scheduler.delete(name);
    } catch (error) {
      deps.log.warn('could not delete a part of a parked text; it expires by itself', { schedule: name, error: String(error) });
    }
  }
}
