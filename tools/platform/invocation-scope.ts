/**
 * One handler invocation's bookkeeping: the platform calls it made, its log lines, and whether
 * the platform killed it (the 20 s limit, or the test fault "kill after n platform calls").
 * Once killed, every further platform call from that invocation rejects and renderData is ignored.
 */
import { PlatformRejection } from './platform-rejection.js';

export type CallKind = 'request' | 'db' | 'schedule' | 'other';

export interface InvocationScope {
  readonly id: number;
  readonly handler: string;
  readonly event: string;
  requests: number;
  dbOps: number;
  scheduleOps: number;
  readonly logs: string[];
  readonly killed: boolean;
  readonly killReason: string | undefined;
  /**
   * Call at the start of each platform call: counts it, and throws when the invocation is (or
   * thereby becomes) killed. Returns the callback to run when the call settles.
   */
  enter(kind: CallKind): () => void;
  kill(reason: string): void;
}

export interface ScopeOptions {
  id: number;
  handler: string;
  event: string;
  /** Test fault: the invocation dies once this many $request + $db calls have been made. */
  killAfterOps?: number;
  onKill: (reason: string) => void;
}

export function killedRejection(): PlatformRejection {
  return new PlatformRejection({ status: 503, errorSource: 'PLATFORM', message: 'The handler was terminated by the platform (execution time limit)' });
}

export function createInvocationScope(options: ScopeOptions): InvocationScope {
  let killReason: string | undefined;
  const budget = options.killAfterOps;
  const scope: InvocationScope = {
    id: options.id,
    handler: options.handler,
    event: options.event,
    requests: 0,
    dbOps: 0,
    scheduleOps: 0,
    logs: [],
    get killed() {
      return killReason !== undefined;
    },
    get killReason() {
      return killReason;
    },
    kill(reason) {
      if (killReason !== undefined) return;
      killReason = reason;
      options.onKill(reason);
    },
    enter(kind) {
      if (kind === 'request') scope.requests += 1;
      if (kind === 'db') scope.dbOps += 1;
      if (kind === 'schedule') scope.scheduleOps += 1;
      if (killReason !== undefined) throw killedRejection();
      const counted = kind === 'request' || kind === 'db';
      const ops = scope.requests + scope.dbOps;
      if (budget === undefined || !counted) return () => undefined;
      if (ops > budget) {
        scope.kill(`killed after ${budget} platform call(s) (simulated 20 s limit)`);
        throw killedRejection();
      }
      return () => {
        if (ops === budget) scope.kill(`killed after ${budget} platform call(s) (simulated 20 s limit)`);
      };
    },
  };
  if (budget === 0) scope.kill('killed before its first platform call (simulated 20 s limit)');
  return scope;
}
