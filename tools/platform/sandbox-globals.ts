/** The FDK globals of one invocation, each bound to that invocation's scope and sandbox. */
import type { Sandbox, SandboxGlobals } from './create-sandbox.js';
import type { DbApi, DbOperation } from './db-api.js';
import type { InvocationScope } from './invocation-scope.js';
import type { LogLevel } from './platform-types.js';
import type { RenderCapture } from './render-capture.js';
import type { RequestApi } from './request-api.js';
import type { ScheduleApi, ScheduleOperation } from './schedule-api.js';
import { refuse } from './platform-rejection.js';
import { createSandboxConsole } from './sandbox-console.js';

export interface GlobalServices {
  request: RequestApi;
  db: DbApi;
  schedule: ScheduleApi;
  /** This installation's external-event URL. */
  targetUrl(): string;
  /** Whether the manifest declares onExternalEvent (generateTargetUrl needs it). */
  externalEventDeclared: boolean;
  log(level: LogLevel, text: string): void;
}

/** Where generateTargetUrl works (CLI69 lib/event_handler/features/hook.js): not in scheduled events or server methods. */
const TARGET_URL_EVENTS: ReadonlySet<string> = new Set(['onTicketCreate', 'onTicketUpdate', 'onConversationCreate', 'onContactCreate', 'onContactUpdate', 'onAppInstall', 'onExternalEvent']);

const NO_EXTERNAL_EVENT = 'Unsupported operation: The generateTargetUrl method cannot be used unless there is a corresponding external event callback';

export function createSandboxGlobals(services: GlobalServices, scope: InvocationScope, sandbox: Sandbox, render: RenderCapture): SandboxGlobals {
  const db = (operation: DbOperation) => (...args: unknown[]) => sandbox.promise(() => services.db.call(operation, args, scope));
  const schedule = (operation: ScheduleOperation) => (arg: unknown) => sandbox.promise(() => services.schedule.call(operation, arg, scope));
  return {
    console: createSandboxConsole(scope, (level, text) => services.log(level, text)),
    $request: {
      invokeTemplate: (name: unknown, options: unknown) => sandbox.promise(() => services.request.invoke(name, options, 'serverless', scope)),
    },
    $db: { set: db('set'), get: db('get'), update: db('update'), delete: db('delete') },
    $schedule: { create: schedule('create'), fetch: schedule('fetch'), update: schedule('update'), delete: schedule('delete') },
    renderData: render.renderData,
    generateTargetUrl: () =>
      sandbox.promise(
        () =>
          new Promise<string>((resolve) => {
            scope.enter('other');
            if (!services.externalEventDeclared) throw refuse(400, NO_EXTERNAL_EVENT);
            if (!TARGET_URL_EVENTS.has(scope.event)) throw refuse(400, 'Unsupported operation: The generateTargetUrl method cannot be used');
            resolve(services.targetUrl());
          }),
      ),
  };
}

/** The FDK globals with nothing behind them: loading server.js (or validating its exports) may not call out. */
export function inertGlobals(when: string): SandboxGlobals {
  const unavailable = (): Promise<never> => Promise.reject(new Error(`not available ${when}`));
  const quiet = (): void => undefined;
  return {
    console: { log: quiet, info: quiet, error: quiet },
    $request: { invokeTemplate: unavailable },
    $db: { set: unavailable, get: unavailable, update: unavailable, delete: unavailable },
    $schedule: { create: unavailable, fetch: unavailable, update: unavailable, delete: unavailable },
    renderData: quiet,
    generateTargetUrl: unavailable,
  };
}
