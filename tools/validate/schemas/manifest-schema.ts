/**
 * manifest.json for platform 3.0 (docs/fdk-facts.md §1.2): modules.common holds requests, functions,
 * the app set-up / external / scheduled events and the full_page_app location; Freshservice product
 * modules hold location and events. Rules beyond JSON Schema (at least one product module, handlers
 * exported by server.js, files present) live in check-manifest.ts and check-locations.ts.
 */
import { EXACT_VERSION, forbidden, handlerRef, type Schema } from './common.js';

export const SMI_NAME = '^[A-Za-z_][A-Za-z0-9_]{1,39}$';
export const TEMPLATE_NAME = '^[A-Za-z0-9_-]+$';
export const COMMON_EVENTS = ['onAppInstall', 'afterAppUpdate', 'onAppUninstall', 'onExternalEvent', 'onScheduledEvent'];
export const TICKET_EVENTS = ['onTicketCreate', 'onTicketUpdate', 'onConversationCreate'];
export const TICKET_PLACEHOLDERS = [
  'ticket_sidebar',
  'ticket_requester_info',
  'ticket_conversation_editor',
  'ticket_top_navigation',
  'new_ticket_sidebar',
  'new_ticket_description_editor',
];
export const TICKET_BACKGROUND_PLACEHOLDERS = ['ticket_background', 'new_ticket_background'];
export const PRODUCT_MODULES = ['service_ticket', 'service_asset', 'service_change', 'service_user'];

const pageUrl: Schema = { type: 'string', minLength: 1, 'x-fix': 'give the page as a path under app/, e.g. "index.html"' };
const iconPath: Schema = { type: 'string', minLength: 1, 'x-fix': 'give an SVG under app/, e.g. "styles/images/icon.svg"' };

const placeholder: Schema = {
  type: 'object',
  required: ['url', 'icon'],
  properties: { url: pageUrl, icon: iconPath },
  additionalProperties: forbidden('is not a placeholder property', 'a placeholder holds "url" and "icon"'),
};

const backgroundPlaceholder: Schema = {
  type: 'object',
  required: ['url'],
  properties: { url: pageUrl },
  additionalProperties: forbidden('is not allowed on a background placeholder', 'a background placeholder holds only "url"'),
};

function byName(names: string[], value: Schema): Schema {
  return Object.fromEntries(names.map((name) => [name, value]));
}

const commonModule: Schema = {
  type: 'object',
  properties: {
    requests: {
      type: 'object',
      patternProperties: { [TEMPLATE_NAME]: { type: 'object' } },
      additionalProperties: forbidden('is not a valid request template name', 'use letters, digits, "_" and "-" only'),
    },
    functions: {
      type: 'object',
      patternProperties: {
        [SMI_NAME]: {
          type: 'object',
          properties: { timeout: { enum: [20, 25, 30], 'x-fix': 'use a timeout of 20, 25 or 30 (seconds), or leave it out' } },
          additionalProperties: forbidden('is not a server-method property', 'a server method holds only an optional "timeout"'),
        },
      },
      additionalProperties: forbidden(
        'is not a valid server-method name',
        'use 2–40 characters from A–Z, a–z, 0–9 and "_", not starting with a digit',
      ),
    },
    events: {
      type: 'object',
      properties: byName(COMMON_EVENTS, handlerRef),
      additionalProperties: forbidden(
        'is not an event of modules.common',
        `modules.common.events takes ${COMMON_EVENTS.join(', ')}; product events (onTicketCreate …) go under their module, e.g. modules.service_ticket.events`,
      ),
    },
    location: {
      type: 'object',
      properties: { full_page_app: placeholder },
      additionalProperties: forbidden(
        'is not a location of modules.common (Invalid location(s) mentioned in modules)',
        'only full_page_app sits under modules.common.location; ticket placeholders go under modules.service_ticket.location',
      ),
    },
  },
  additionalProperties: forbidden('is not a key of modules.common', 'modules.common holds requests, functions, events and location'),
};

const serviceTicketModule: Schema = {
  type: 'object',
  properties: {
    location: {
      type: 'object',
      properties: { ...byName(TICKET_PLACEHOLDERS, placeholder), ...byName(TICKET_BACKGROUND_PLACEHOLDERS, backgroundPlaceholder) },
      additionalProperties: forbidden(
        'is not a service_ticket placeholder (Invalid location(s) mentioned in modules)',
        `use one of ${[...TICKET_PLACEHOLDERS, ...TICKET_BACKGROUND_PLACEHOLDERS].join(', ')}; full_page_app goes under modules.common.location`,
      ),
    },
    events: {
      type: 'object',
      properties: byName(TICKET_EVENTS, handlerRef),
      additionalProperties: forbidden(
        'is not a service_ticket event',
        `use one of ${TICKET_EVENTS.join(', ')}; onAppInstall, onExternalEvent, onScheduledEvent … go under modules.common.events`,
      ),
    },
  },
  additionalProperties: forbidden(
    'is not allowed in a product module',
    'a product module holds only location and events; requests and functions go under modules.common',
  ),
};

/** service_asset, service_change, service_user: their placeholder and event names are not in the reference. */
const otherProductModule: Schema = {
  type: 'object',
  properties: {
    location: { type: 'object', additionalProperties: { type: 'object', required: ['url'], properties: { url: pageUrl, icon: iconPath } } },
    events: { type: 'object', additionalProperties: handlerRef },
  },
  additionalProperties: forbidden(
    'is not allowed in a product module',
    'a product module holds only location and events; requests and functions go under modules.common',
  ),
};

export const manifestSchema: Schema = {
  type: 'object',
  required: ['platform-version', 'modules', 'engines'],
  properties: {
    'platform-version': { const: '3.0', 'x-fix': 'set "platform-version": "3.0"' },
    modules: {
      type: 'object',
      properties: {
        common: commonModule,
        service_ticket: serviceTicketModule,
        service_asset: otherProductModule,
        service_change: otherProductModule,
        service_user: otherProductModule,
      },
      additionalProperties: forbidden(
        'is not a Freshservice module',
        `use common and the product modules ${PRODUCT_MODULES.join(', ')}`,
      ),
    },
    engines: {
      type: 'object',
      required: ['node', 'fdk'],
      properties: {
        node: { type: 'string', pattern: EXACT_VERSION, 'x-fix': 'give the exact Node version, e.g. "24.11.0"' },
        fdk: { type: 'string', pattern: EXACT_VERSION, 'x-fix': 'give the exact FDK version, e.g. "10.1.2"' },
      },
    },
    dependencies: {
      type: 'object',
      propertyNames: { minLength: 1 },
      additionalProperties: {
        type: 'string',
        pattern: EXACT_VERSION,
        'x-fix': 'give an exact version such as "8.20.0" (no ^, ~, ranges or tags)',
      },
    },
    scripts: { type: 'object', additionalProperties: { type: 'string' } },
    product: forbidden(
      'is the platform 2.x layout',
      'platform 3.0 has no "product" key: move locations and product events under modules.<module> and requests, functions and app events under modules.common',
    ),
    'whitelisted-domains': forbidden('was removed in platform 2.3', 'delete it and declare every outbound call as a request template in config/requests.json'),
  },
  additionalProperties: forbidden('is not a manifest key', 'the manifest holds platform-version, modules, engines and dependencies'),
};
