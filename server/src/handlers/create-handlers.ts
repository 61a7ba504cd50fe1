/**
 * Handler name (manifest.json) -> use case. The platform port is injected, so every handler is
 * testable without the FDK globals; index.ts binds it to the real platform.
 */
import { isStoreThrottle, toAppError } from '../errors/errors.js';
import type { CurrentHost, HandlerArgs } from '../freshservice/ticket-event-types.js';
import { getDiagnosticsView } from '../methods/diagnostics-method.js';
import { methodError, runSignlMethod, type MethodName } from '../methods/signl-methods.js';
import { validateSettingsPayload } from '../methods/validate-settings-method.js';
import type { Deps } from '../platform/platform-types.js';
import { parseSettings } from '../settings/parse-settings.js';
import { accountOf } from '../signl4/external-id.js';
import { handleCallback } from '../callbacks/handle-callback.js';
import { handleTicketEvent } from './handle-ticket-event.js';
import { installApp, uninstallApp } from './install-app.js';
import { runScheduledJob } from './run-scheduled-job.js';
import { askForAgentRoom } from '../work/agent-room.js';
import { createSyncContext, freshserviceUrlOf, type SyncContext } from '../context/sync-context.js';

export interface PlatformPort {
  createDeps(args: HandlerArgs): Deps;
  targetUrl(): Promise<string>;
  renderSetup(blockMessage: string | undefined): void;
  renderMethod(outcome: { data: unknown } | { status: number; message: string }): void;
}

type Handler = (args: HandlerArgs) => Promise<void>;

/** A read agents wait for (sidebar, diagnostics) failed; when the minute's $db budget refused it, the tick is asked for room. */
async function refusedRead(deps: Deps, name: string, error: unknown): Promise<void> {
  const failure = toAppError(name, error);
  deps.log.warn(`${name} failed`, { error: failure.message });
  if (isStoreThrottle(failure)) await askForAgentRoom(deps);
}

/** Runs a use case that needs valid settings; invalid settings send nothing and say so in the log. */
async function withContext(port: PlatformPort, args: HandlerArgs, event: string, use: (ctx: SyncContext) => Promise<unknown>): Promise<void> {
  const deps = port.createDeps(args);
  const parsed = parseSettings(args.iparams);
  if (!parsed.ok) {
    deps.log.error(`${event}: nothing done, the settings are invalid`, { problems: parsed.error.details, fix: parsed.error.fix });
    return;
  }
  try {
    const outcome = await use(createSyncContext(deps, parsed.settings, args.currentHost as CurrentHost | undefined));
    deps.log.info(`${event} done`, { outcome: typeof outcome === 'string' ? outcome : undefined });
  } catch (error) {
    const failure = toAppError(event, error);
    deps.log.error(`${event} failed`, { code: failure.code, message: failure.message, fix: failure.fix });
  }
}

function method(port: PlatformPort, name: MethodName): Handler {
  return async (args) => {
    const deps = port.createDeps(args);
    const parsed = parseSettings(args.iparams);
    if (!parsed.ok) {
      port.renderMethod({ status: 503, message: 'The SIGNL4 app is not configured correctly. Ask your admin to open its settings.' });
      return;
    }
    try {
      const data = await runSignlMethod(createSyncContext(deps, parsed.settings, args.currentHost as CurrentHost | undefined), name, args);
      port.renderMethod({ data });
    } catch (error) {
      await refusedRead(deps, name, error);
      port.renderMethod(methodError(error));
    }
  };
}

export type HandlerName =
  | 'onTicketCreateHandler'
  | 'onTicketUpdateHandler'
  | 'onExternalEventHandler'
  | 'onScheduledEventHandler'
  | 'onAppInstallHandler'
  | 'onAppUninstallHandler'
  | MethodName
  | 'getDiagnostics'
  | 'validateSettings';

export function createHandlers(port: PlatformPort): Record<HandlerName, Handler> {
  return {
    onTicketCreateHandler: (args) => withContext(port, args, 'onTicketCreate', (ctx) => handleTicketEvent(ctx, args.data, 'create')),
    onTicketUpdateHandler: (args) => withContext(port, args, 'onTicketUpdate', (ctx) => handleTicketEvent(ctx, args.data, 'update')),
    onExternalEventHandler: (args) => withContext(port, args, 'onExternalEvent', (ctx) => handleCallback(ctx, args.data)),
    onScheduledEventHandler: (args) => withContext(port, args, 'onScheduledEvent', (ctx) => runScheduledJob(ctx, args.data)),
    onAppInstallHandler: async (args) => {
      const deps = port.createDeps(args);
      const account = accountOf(freshserviceUrlOf(args.currentHost as CurrentHost | undefined));
      const url = await port.targetUrl().catch(() => '');
      port.renderSetup(url === '' ? 'Could not create the callback URL: try again' : await installApp(deps, parseSettings(args.iparams), url, account));
    },
    onAppUninstallHandler: async (args) => {
      await uninstallApp(port.createDeps(args));
      port.renderSetup(undefined);
    },
    getSignl: method(port, 'getSignl'),
    pageOnCall: method(port, 'pageOnCall'),
    acknowledgeSignl: method(port, 'acknowledgeSignl'),
    resolveSignl: method(port, 'resolveSignl'),
    retryDelivery: method(port, 'retryDelivery'),
    validateSettings: (args) => {
      port.renderMethod({ data: validateSettingsPayload(args) });
      return Promise.resolve();
    },
    getDiagnostics: async (args) => {
      const deps = port.createDeps(args);
      try {
        port.renderMethod({ data: await getDiagnosticsView(deps, parseSettings(args.iparams)) });
      } catch (error) {
        await refusedRead(deps, 'getDiagnostics', error);
        port.renderMethod(methodError(error));
      }
    },
  };
}
