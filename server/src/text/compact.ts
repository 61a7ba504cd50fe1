/** Objects assembled with optional fields that may be undefined, and the helper that drops them. */
export type Loose<T> = { [K in keyof T]?: T[K] | undefined };

/** Drops undefined values, so the result satisfies exactOptionalPropertyTypes. */
export function compact<T extends object>(record: Loose<T>): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
