/**
 * The entry the build turns into server/server.js: every handler and server method named in
 * manifest.json, bound to the real FDK platform. Nothing else lives here.
 *
 * The FDK finds them by reading this statement: the top-level `exports = { ... }` object literal,
 * keeping only properties whose value is a function expression (docs/platform-rules.md,
 * "Loading server.js"). So each is written out as `name: function (args) { ... }`; a spread,
 * an arrow function or a reference would not be found.
 */
import { createHandlers } from './handlers/create-handlers.js';
import { createFdkDeps, renderMethod, renderSetup, targetUrl } from './platform/fdk-platform.js';
import type { HandlerArgs } from './freshservice/ticket-event-types.js';

const handlers = createHandlers({ createDeps: createFdkDeps, targetUrl, renderSetup, renderMethod });

exports = {
  onTicketCreateHandler: function (args: HandlerArgs) {
    return handlers.onTicketCreateHandler(args);
  },
  onTicketUpdateHandler: function (args: HandlerArgs) {
    return handlers.onTicketUpdateHandler(args);
  },
  onExternalEventHandler: function (args: HandlerArgs) {
    return handlers.onExternalEventHandler(args);
  },
  onScheduledEventHandler: function (args: HandlerArgs) {
    return handlers.onScheduledEventHandler(args);
  },
  onAppInstallHandler: function (args: HandlerArgs) {
    return handlers.onAppInstallHandler(args);
  },
  onAppUninstallHandler: function (args: HandlerArgs) {
    return handlers.onAppUninstallHandler(args);
  },
  getSignl: function (args: HandlerArgs) {
    return handlers.getSignl(args);
  },
  pageOnCall: function (args: HandlerArgs) {
    return handlers.pageOnCall(args);
  },
  acknowledgeSignl: function (args: HandlerArgs) {
    return handlers.acknowledgeSignl(args);
  },
  resolveSignl: function (args: HandlerArgs) {
    return handlers.resolveSignl(args);
  },
  retryDelivery: function (args: HandlerArgs) {
    return handlers.retryDelivery(args);
  },
  getDiagnostics: function (args: HandlerArgs) {
    return handlers.getDiagnostics(args);
  },
  validateSettings: function (args: HandlerArgs) {
    return handlers.validateSettings(args);
  },
};
