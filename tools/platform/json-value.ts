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
