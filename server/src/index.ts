/**
 * The entry the build turns into server/server.js: every handler and server method named in
 * manifest.json, bound to the real FDK platform. Nothing else lives here.
 */
import { createHandlers } from './create-handlers.js';
import { createFdkDeps, renderMethod, renderSetup, targetUrl } from './platform/fdk-platform.js';

const handlers = createHandlers({ createDeps: createFdkDeps, targetUrl, renderSetup, renderMethod });

export const onTicketCreateHandler = handlers.onTicketCreateHandler;
export const onTicketUpdateHandler = handlers.onTicketUpdateHandler;
export const onExternalEventHandler = handlers.onExternalEventHandler;
export const onScheduledEventHandler = handlers.onScheduledEventHandler;
export const onAppInstallHandler = handlers.onAppInstallHandler;
export const onAppUninstallHandler = handlers.onAppUninstallHandler;
export const getSignl = handlers.getSignl;
export const pageOnCall = handlers.pageOnCall;
export const acknowledgeSignl = handlers.acknowledgeSignl;
export const resolveSignl = handlers.resolveSignl;
export const retryDelivery = handlers.retryDelivery;
export const getDiagnostics = handlers.getDiagnostics;
export const validateSettings = handlers.validateSettings;
