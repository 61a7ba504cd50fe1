/**
 * Runs one handler the way the platform does: server.js loaded into a fresh sandbox whose
 * platform globals are bound to this invocation, the real-time execution limit (10 s for app
 * set-up events, 20 s for the others, or the server method's manifest timeout), the test fault
 * "kill after n platform calls", and the renderData verdict. Returns the InvocationResult and records it in the metrics.
 */
import type { Sandbox, SandboxGlobals } from './create-sandbox.js';
import { createInvocationScope, type InvocationScope } from './invocation-scope.js';
import { judgeInvocation, type HandlerOutcome, type InvocationKind } from './judge-invocation.js';
import type { Limits } from './limits.js';
import type { LoadedApp } from './load-app.js';
import type { PlatformClock } from './platform-clock.js';
import type { PlatformMetrics } from './platform-metrics.js';
import type { InvocationResult, LogLevel } from './platform-types.js';
import { createRenderCapture, type RenderCapture } from './render-capture.js';
import type { PooledSandbox, SandboxPool } from './sandbox-pool.js';

export interface InvokeRuntime {
  app: LoadedApp;
  clock: PlatformClock;
  limits: Limits;
  metrics: PlatformMetrics;
  /** Fresh or warm sandboxes (sandbox-pool.ts). */
  sandboxes: SandboxPool;
  log(level: LogLevel, text: string): void;
  /** The platform globals for this invocation ($request, $db, $schedule, console, …). */
  globals(scope: InvocationScope, sandbox: Sandbox, render: RenderCapture): SandboxGlobals;
  /** A pending "kill after n platform calls" fault, consumed by this invocation. */
  takeKillBudget(): number | undefined;
  nextId(): number;
}

export interface InvokeRequest {
  kind: InvocationKind;
  event: string;
  handler: string;
  args: Record<string, unknown>;
  /** Real ms the handler may run. */
  timeoutMs: number;
}

function isVmTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

async function runHandler(entry: PooledSandbox, request: InvokeRequest, scope: InvocationScope): Promise<HandlerOutcome> {
  const { sandbox } = entry;
  try {
    const exported = (entry.exported ??= sandbox.load(request.timeoutMs));
    const fn = exported[request.handler];
    if (typeof fn !== 'function') throw new Error(`server.js does not export "${request.handler}"`);
    await sandbox.call((arg) => (fn as (this: unknown, a: unknown) => unknown).call(exported, arg), sandbox.toSandbox(request.args), request.timeoutMs);
    return { type: 'resolved' };
  } catch (error) {
    if (!isVmTimeout(error)) return { type: 'rejected', error };
    const reason = `synchronous code exceeded the ${request.timeoutMs} ms execution limit`;
    scope.kill(reason);
    return { type: 'killed', reason };
  }
}

/** A server method may call renderData just after its promise settles; give it a few turns. */
async function lateTurns(render: RenderCapture): Promise<void> {
  for (let turn = 0; turn < 3 && !render.called; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

function summary(result: InvocationResult): string {
  const outcome = result.ok ? 'ok' : `FAILED (${result.error ?? 'unknown'})`;
  const killed = result.killed === true ? ' [killed]' : '';
  return `${result.event} -> ${result.handler}: ${outcome}${killed} in ${result.durationMs.toFixed(1)} ms; ${result.requests} $request, ${result.dbOps} $db`;
}

export async function invokeHandler(runtime: InvokeRuntime, request: InvokeRequest): Promise<InvocationResult> {
  const started = performance.now();
  const startedAt = runtime.clock.now();
  let onKill: (reason: string) => void = () => undefined;
  const killed = new Promise<HandlerOutcome>((resolve) => {
    onKill = (reason) => resolve({ type: 'killed', reason });
  });
  const killAfterOps = runtime.takeKillBudget();
  const scope = createInvocationScope({
    id: runtime.nextId(),
    handler: request.handler,
    event: request.event,
    ...(killAfterOps === undefined ? {} : { killAfterOps }),
    onKill: (reason) => onKill(reason),
  });
  const render = createRenderCapture({ isKilled: () => scope.killed, warn: (text) => runtime.log('warn', `[${request.handler}] ${text}`) });
  const entry = runtime.sandboxes.acquire();
  entry.sandbox.install(runtime.globals(scope, entry.sandbox, render));
  const timer = setTimeout(() => scope.kill(`exceeded the ${request.timeoutMs} ms execution limit`), request.timeoutMs);
  let outcome = await Promise.race([runHandler(entry, request, scope), killed]);
  clearTimeout(timer);
  if (request.kind === 'method' && outcome.type === 'resolved') await lateTurns(render);
  if (scope.killed && outcome.type !== 'killed') outcome = { type: 'killed', reason: scope.killReason ?? 'killed' };
  runtime.sandboxes.release(entry, outcome.type !== 'killed');
  const verdict = judgeInvocation(request.kind, outcome, render, runtime.limits.renderMessageChars);
  const result: InvocationResult = {
    id: scope.id,
    handler: request.handler,
    event: request.event,
    kind: request.kind,
    ...verdict,
    durationMs: performance.now() - started,
    platformMs: runtime.clock.now() - startedAt,
    startedAt,
    requests: scope.requests,
    dbOps: scope.dbOps,
    scheduleOps: scope.scheduleOps,
    logs: [...scope.logs],
    ...(scope.killed ? { killed: true } : {}),
  };
  runtime.metrics.record(result);
  runtime.log(result.ok ? 'info' : 'warn', summary(result));
  return result;
}

