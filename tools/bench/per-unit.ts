/** Platform counts per unit of work: sums, a window less its idle baseline, averages, shares. */
export interface Counted {
  requests: number;
  dbOps: number;
  scheduleOps: number;
}

export const NONE: Readonly<Counted> = Object.freeze({ requests: 0, dbOps: 0, scheduleOps: 0 });

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

export function countedOf(source: Counted): Counted {
  return { requests: source.requests, dbOps: source.dbOps, scheduleOps: source.scheduleOps };
}

export function sumOf(items: readonly Counted[]): Counted {
  return items.reduce<Counted>((sum, c) => ({ requests: sum.requests + c.requests, dbOps: sum.dbOps + c.dbOps, scheduleOps: sum.scheduleOps + c.scheduleOps }), { ...NONE });
}

/** What a window cost beyond an idle window of the same length (the scheduled tick's own work). */
export function netOf(window: Counted, baseline: Counted): Counted {
  return { requests: window.requests - baseline.requests, dbOps: window.dbOps - baseline.dbOps, scheduleOps: window.scheduleOps - baseline.scheduleOps };
}

/** Averages per unit, to three decimals. */
export function perUnit(total: Counted, units: number): Counted {
  if (!(units > 0)) throw new RangeError(`perUnit needs units > 0, got ${units}`);
  return { requests: round3(total.requests / units), dbOps: round3(total.dbOps / units), scheduleOps: round3(total.scheduleOps / units) };
}

/** part / whole, to three decimals (0 when whole is 0). */
export function shareOf(part: number, whole: number): number {
  return whole === 0 ? 0 : round3(part / whole);
}

/** How much longer `slower` took than `base`, as a fraction of base (0.25 = 25 % slower). */
export function slowdownOf(slower: number, base: number): number {
  if (!(base > 0)) throw new RangeError(`slowdownOf needs base > 0, got ${base}`);
  return round3((slower - base) / base);
}
