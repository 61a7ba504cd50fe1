/**
 * Where invocations get their sandbox:
 * - fresh (default, the conservative model): a new context per invocation; server.js runs every
 *   time, so no module-level state survives between invocations;
 * - warm: like a warm serverless container, a sandbox that finished an invocation normally is
 *   reused by a later one (one invocation at a time per sandbox; concurrent invocations get their
 *   own); server.js loaded once per sandbox, so module-level caches persist, across iparams
 *   changes too. A sandbox whose invocation was killed or failed to load is discarded. Caveat: a
 *   promise chain the app left running after its handler settled would see the next invocation's
 *   globals.
 */
import type { Sandbox } from './create-sandbox.js';

export interface PooledSandbox {
  readonly sandbox: Sandbox;
  /** What server.js exported, once loaded in this sandbox. */
  exported: Record<string, unknown> | undefined;
}

export interface SandboxPool {
  acquire(): PooledSandbox;
  release(entry: PooledSandbox, reusable: boolean): void;
  /** Idle sandboxes kept for reuse. */
  readonly idle: number;
}

export function createSandboxPool(create: () => Sandbox, warm: boolean, maxIdle = 8): SandboxPool {
  const idle: PooledSandbox[] = [];
  return {
    acquire() {
      return idle.pop() ?? { sandbox: create(), exported: undefined };
    },
    release(entry, reusable) {
      if (warm && reusable && entry.exported !== undefined && idle.length < maxIdle) idle.push(entry);
    },
    get idle() {
      return idle.length;
    },
  };
}
