/** An in-memory KvStore with $db's semantics, counting operations; failures can be injected. */
import { AppError } from '../../server/src/errors.js';
import type { KvStore, SetOptions } from '../../server/src/platform/platform-types.js';

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

function removePath(target: Record<string, unknown>, path: string): void {
  const parts = path.split('.');
  let node: unknown = target;
  for (const part of parts.slice(0, -1)) node = (node as Record<string, unknown> | undefined)?.[part];
  if (node !== null && typeof node === 'object') delete (node as Record<string, unknown>)[parts[parts.length - 1] as string];
}

export type StoreOp = 'get' | 'set' | 'update' | 'remove' | 'delete';

/** Decides whether one operation fails (return the error) or runs (return undefined). */
export type FailureRule = (op: StoreOp, key: string) => AppError | undefined;

export class MemoryStore implements KvStore {
  readonly data = new Map<string, Record<string, unknown>>();
  ops = 0;
  /** Every operation in order, failed ones included (the platform counts them too). */
  readonly opLog: Array<{ op: StoreOp; key: string }> = [];
  /** When set, the next operations reject with this error (one per call) until the queue is empty. */
  failures: AppError[] = [];
  private readonly rules: FailureRule[] = [];

  /** Fails the operations a rule picks (e.g. only updates of one key), for as long as the rule says. */
  failWhen(rule: FailureRule): this {
    this.rules.push(rule);
    return this;
  }

  /** A record as stored (a copy), for assertions. */
  peek<T>(key: string): T | undefined {
    const value = this.data.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  /** Operations since the last reset, optionally of one kind. */
  count(op?: StoreOp): number {
    return op === undefined ? this.opLog.length : this.opLog.filter((o) => o.op === op).length;
  }

  resetCounts(): void {
    this.ops = 0;
    this.opLog.length = 0;
  }

  private tick(op: StoreOp, key: string): void {
    this.ops += 1;
    this.opLog.push({ op, key });
    for (const rule of this.rules) {
      const ruled = rule(op, key);
      if (ruled !== undefined) throw ruled;
    }
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
  }

  async get<T extends object>(key: string): Promise<T | undefined> {
    this.tick('get', key);
    const value = this.data.get(key);
    return Promise.resolve(value === undefined ? undefined : (structuredClone(value) as T));
  }

  async set(key: string, value: object, options?: SetOptions): Promise<boolean> {
    this.tick('set', key);
    const exists = this.data.has(key);
    if (options?.setIf === 'not_exist' && exists) return Promise.resolve(false);
    if (options?.setIf === 'exist' && !exists) return Promise.resolve(false);
    this.data.set(key, structuredClone(value) as Record<string, unknown>);
    return Promise.resolve(true);
  }

  async update(key: string, action: 'set' | 'increment' | 'append', attributes: Record<string, unknown>): Promise<void> {
    this.tick('update', key);
    if (action === 'set' && !this.data.has(key)) {
      throw new AppError({ code: 'not_found', operation: `update ${key}`, status: 404, message: 'Record not found' });
    }
    const record = this.data.get(key) ?? {};
    for (const [path, value] of Object.entries(attributes)) {
      if (action === 'set') setPath(record, path, structuredClone(value));
      if (action === 'increment') record[path] = Number(record[path] ?? 0) + Number(value);
      if (action === 'append') record[path] = [...((record[path] as unknown[] | undefined) ?? []), ...(value as unknown[])];
    }
    this.data.set(key, record);
    return Promise.resolve();
  }

  async remove(key: string, paths: string[]): Promise<void> {
    this.tick('remove', key);
    const record = this.data.get(key);
    if (record !== undefined) for (const path of paths) removePath(record, path);
    return Promise.resolve();
  }

  async delete(key: string): Promise<void> {
    this.tick('delete', key);
    this.data.delete(key);
    return Promise.resolve();
  }
}

export function storeRateLimited(): AppError {
  return new AppError({ code: 'rate_limited', operation: '$db update', status: 429, message: '$db update failed: budget spent' });
}

export function storeUnavailable(key = 'db'): AppError {
  return new AppError({ code: 'store_failed', operation: `update ${key}`, status: 500, message: '$db failed' });
}
