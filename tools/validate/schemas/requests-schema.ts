/**
 * config/requests.json (docs/fdk-facts.md §3.1): at most 100 named templates, each a schema
 * (method, protocol, host, path, headers, query) and options (maxAttempts 1–5, retryDelay 0–1500,
 * oauth). What a host or path may contain is checked in check-requests.ts.
 */
import { forbidden, type Schema } from './common.js';
import { TEMPLATE_NAME } from './manifest-schema.js';

export const MAX_TEMPLATES = 100;
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string', 'x-fix': 'give the value as a string' } };

const template: Schema = {
  type: 'object',
  required: ['schema'],
  properties: {
    schema: {
      type: 'object',
      required: ['method', 'host'],
      properties: {
        method: { enum: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'], 'x-fix': 'use GET, POST, PUT, DELETE or PATCH (upper case)' },
        protocol: { enum: ['https', 'http'], 'x-fix': 'use "https" (or leave it out; https is the default)' },
        host: { type: 'string', minLength: 1, 'x-fix': 'give the bare host name, e.g. "connect.signl4.com"' },
        path: { type: 'string', pattern: '^/', 'x-fix': 'start the path with "/"' },
        headers: stringMap,
        query: stringMap,
      },
      additionalProperties: forbidden(
        'is not a field of a template schema',
        'a template schema holds method, protocol, host, path, headers and query; the body is passed at call time',
      ),
    },
    options: {
      type: 'object',
      properties: {
        maxAttempts: { type: 'integer', minimum: 1, maximum: 5, 'x-fix': 'use a whole number from 1 to 5' },
        retryDelay: { type: 'integer', minimum: 0, maximum: 1500, 'x-fix': 'use milliseconds from 0 to 1500' },
        oauth: { type: 'string', minLength: 1 },
      },
      additionalProperties: forbidden('is not a template option', 'options hold maxAttempts, retryDelay and oauth'),
    },
  },
  additionalProperties: forbidden('is not a template key', 'a template holds "schema" and "options"'),
};

export const requestsSchema: Schema = {
  type: 'object',
  maxProperties: MAX_TEMPLATES,
  patternProperties: { [TEMPLATE_NAME]: template },
  additionalProperties: forbidden('is not a valid template name', 'use letters, digits, "_" and "-" only'),
};
