/** Small helpers for values that cross the platform boundary as JSON. */

export type JsonObject = Record<string, unknown>;

/** A plain object from any realm (the sandbox has its own Object.prototype). */
export function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.toString.call(value) === '[object Object]';
}

/** A deep JSON copy; undefined stays undefined. */
export function jsonCopy<T>(value: T): T {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value)) as T;
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * The FDK CLI's size measure for $db and $schedule data (CLI69 lib/utils/helper-util.js objsize):
 * the lengths of keys and strings, 8 per number, 1 per boolean, nothing for null; not the JSON length.
 */
export function fdkObjectSize(value: unknown): number {
  if (typeof value === 'number') return 8;
  if (typeof value === 'string') return value.length;
  if (typeof value === 'boolean') return 1;
  if (value === null || typeof value !== 'object') return 0;
  let total = 0;
  for (const [key, item] of Object.entries(value)) total += key.length + fdkObjectSize(item);
  return total;
}
