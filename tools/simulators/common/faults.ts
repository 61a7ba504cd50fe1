/**
 * Fault injection, one instance per simulator. Faults are queued per route pattern
 * (`faults.next('PUT /api/v2/tickets/:id', { kind: '429', retryAfterSeconds: 30 }, 2)`),
 * held under a name until released (`faults.hold('outage', '*', { kind: '503' })`, as a service
 * that stays down), or drawn from a seeded random mix (`faults.random({ seed, rate, kinds })`).
 * Queued faults win over held ones, held ones over the random mix; the first matching entry (in the
 * order added) is used.
 */
import { matchesPattern, parsePattern, type ParsedPattern } from './route-pattern.js';
import { seededRandom } from './seeded-random.js';
import type { LoggedRequest, RequestLog } from './request-log.js';

export type FaultKind = '429' | '500' | '503' | 'delay' | 'drop';

export interface FaultSpec {
  kind: FaultKind;
  /** 429 and 503: the Retry-After seconds (429 default 30; 503 sends none unless given). */
  retryAfterSeconds?: number;
  /** delay: real milliseconds to wait before answering normally (default 100). */
  delayMs?: number;
}

export interface RandomFaults {
  seed: number;
  /** Probability (0..1) that a matching request gets a fault. */
  rate: number;
  kinds: ReadonlyArray<FaultKind | FaultSpec>;
  /** Only requests matching this pattern (default every request). */
  route?: string;
}

export interface AppliedFault {
  method: string;
  path: string;
  kind: FaultKind;
}

interface Queued {
  route: string;
  pattern: ParsedPattern;
  spec: FaultSpec;
  remaining: number;
}

export class Faults {
  #queue: Queued[] = [];
  #held = new Map<string, { route: string; pattern: ParsedPattern; spec: FaultSpec }>();
  #random: { pattern: ParsedPattern; rate: number; kinds: FaultSpec[]; next: () => number } | undefined;
  readonly applied: AppliedFault[] = [];

  /** The next `times` requests matching `route` get `spec`. */
  next(route: string, spec: FaultSpec, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError('times must be a positive integer');
    this.#queue.push({ route, pattern: parsePattern(route), spec: { ...spec }, remaining: times });
  }

  random(options: RandomFaults): void {
    if (options.rate < 0 || options.rate > 1) throw new RangeError('rate must be within 0..1');
    if (options.kinds.length === 0) throw new RangeError('kinds must not be empty');
    this.#random = {
      pattern: parsePattern(options.route ?? '*'),
      rate: options.rate,
      kinds: options.kinds.map((kind) => (typeof kind === 'string' ? { kind } : { ...kind })),
      next: seededRandom(options.seed),
    };
  }

  /** Every request matching `route` gets `spec` until release(name); holding a name again replaces it. */
  hold(name: string, route: string, spec: FaultSpec): void {
    this.#held.set(name, { route, pattern: parsePattern(route), spec: { ...spec } });
  }

  /** Ends the held fault `name`; false when none was held under it. */
  release(name: string): boolean {
    return this.#held.delete(name);
  }

  held(): Array<{ name: string; route: string; spec: FaultSpec }> {
    return [...this.#held].map(([name, { route, spec }]) => ({ name, route, spec: { ...spec } }));
  }

  clear(): void {
    this.#queue = [];
    this.#held.clear();
    this.#random = undefined;
  }

  pending(): Array<{ route: string; spec: FaultSpec; remaining: number }> {
    return this.#queue.map(({ route, spec, remaining }) => ({ route, spec: { ...spec }, remaining }));
  }

  /** The fault for this request, if any (consumes one queued entry). */
  take(method: string, path: string): FaultSpec | undefined {
    const spec = this.#fromQueue(method, path) ?? this.#fromHeld(method, path) ?? this.#fromRandom(method, path);
    if (spec) this.applied.push({ method, path, kind: spec.kind });
    return spec;
  }

  #fromQueue(method: string, path: string): FaultSpec | undefined {
    const entry = this.#queue.find((queued) => matchesPattern(queued.pattern, method, path));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.#queue.splice(this.#queue.indexOf(entry), 1);
    return entry.spec;
  }

  #fromHeld(method: string, path: string): FaultSpec | undefined {
    for (const held of this.#held.values()) if (matchesPattern(held.pattern, method, path)) return held.spec;
    return undefined;
  }

  #fromRandom(method: string, path: string): FaultSpec | undefined {
    const random = this.#random;
    if (!random || !matchesPattern(random.pattern, method, path)) return undefined;
    if (random.next() >= random.rate) return undefined;
    return random.kinds[Math.floor(random.next() * random.kinds.length)];
  }
}

/** What a simulator does with a fault: answer in its own error format, log, wait in real time. */
export interface FaultHandling {
  answer(fault: FaultSpec): void;
  log: RequestLog;
  entry: Omit<LoggedRequest, 'status' | 'fault'>;
  wait(ms: number): Promise<void>;
}

/**
 * A fault taken for a request: answered and logged (true, the request is done), or a delay held
 * before answering normally (false), or none (false).
 */
export async function applyFault(fault: FaultSpec | undefined, handling: FaultHandling): Promise<boolean> {
  if (fault === undefined) return false;
  if (fault.kind === 'delay') {
    await handling.wait(fault.delayMs ?? 100);
    return false;
  }
  handling.answer(fault);
  handling.log.add({ ...handling.entry, status: fault.kind === 'drop' ? 0 : Number(fault.kind), fault: fault.kind });
  return true;
}
