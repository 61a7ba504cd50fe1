/**
 * The two measures of a stored value's size: the CLI's own (CLI69 objsize, which it applies to $db
 * values and $schedule data alike), and UTF-8 bytes of its JSON (what the documented limits count).
 */

/**
 * $schedule's size of `data` (CLI69 lib/utils/helper-util.js objsize, our own code): key and
 * string lengths, 8 per number, 1 per boolean; not the JSON length.
 */
export function scheduleDataSize(value: unknown): number {
  if (typeof value === 'number') return 8;
  if (typeof value === 'string') return value.length;
  if (typeof value === 'boolean') return 1;
  if (value === null || typeof value !== 'object') return 0;
  return Object.entries(value).reduce((total, [key, item]) => total + key.length + scheduleDataSize(item), 0);
}

/** UTF-8 length of the JSON (the server bundle has no TextEncoder type). */
export function bytes(value: unknown): number {
  let total = 0;
  for (const char of JSON.stringify(value)) {
    const code = char.codePointAt(0) ?? 0;
    total += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return total;
}
