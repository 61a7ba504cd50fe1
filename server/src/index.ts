/**
 * The entry the build turns into server/server.js: handler name (as in manifest.json) -> use case.
 * Only this file knows the handler names; only platform/ knows the FDK globals.
 */
import { createFdkDeps, renderMethod, renderSetup } from './platform/fdk-platform.js';
import { parseSettings } from './settings/parse-settings.js';

interface HandlerArgs {
  iparams?: Record<string, unknown>;
  data?: unknown;
  [key: string]: unknown;
}

function settingsOrLog(args: HandlerArgs, event: string) {
  const deps = createFdkDeps(args);
  const parsed = parseSettings(args.iparams);
  if (!parsed.ok) deps.log.error(`${event}: settings invalid, nothing is sent`, { problems: parsed.error.details });
  return { deps, parsed };
}

export async function onTicketCreateHandler(args: HandlerArgs): Promise<void> {
  await Promise.resolve(settingsOrLog(args, 'onTicketCreate'));
}

export async function onTicketUpdateHandler(args: HandlerArgs): Promise<void> {
  await Promise.resolve(settingsOrLog(args, 'onTicketUpdate'));
}

export async function onExternalEventHandler(args: HandlerArgs): Promise<void> {
  await Promise.resolve(settingsOrLog(args, 'onExternalEvent'));
}

export async function onScheduledEventHandler(args: HandlerArgs): Promise<void> {
  await Promise.resolve(settingsOrLog(args, 'onScheduledEvent'));
}

export async function onAppInstallHandler(args: HandlerArgs): Promise<void> {
  const { parsed } = await Promise.resolve(settingsOrLog(args, 'onAppInstall'));
  renderSetup(parsed.ok ? undefined : 'Settings invalid: open the settings page');
}

export async function onAppUninstallHandler(args: HandlerArgs): Promise<void> {
  await Promise.resolve(settingsOrLog(args, 'onAppUninstall'));
  renderSetup(undefined);
}

function notYet(args: HandlerArgs, name: string): void {
  settingsOrLog(args, name);
  renderMethod({ status: 501, message: `${name} is not available yet.` });
}

export async function getSignl(args: HandlerArgs): Promise<void> {
  await Promise.resolve(notYet(args, 'getSignl'));
}
export async function pageOnCall(args: HandlerArgs): Promise<void> {
  await Promise.resolve(notYet(args, 'pageOnCall'));
}
export async function acknowledgeSignl(args: HandlerArgs): Promise<void> {
  await Promise.resolve(notYet(args, 'acknowledgeSignl'));
}
export async function resolveSignl(args: HandlerArgs): Promise<void> {
  await Promise.resolve(notYet(args, 'resolveSignl'));
}
export async function retryDelivery(args: HandlerArgs): Promise<void> {
  await Promise.resolve(notYet(args, 'retryDelivery'));
}
export async function getDiagnostics(args: HandlerArgs): Promise<void> {
  await Promise.resolve(notYet(args, 'getDiagnostics'));
}
