/**
 * Building blocks shared by the JSON Schemas of the validator. `x-message` and `x-fix` are
 * annotation keywords (registered in json-schema-check.ts): the wording shown when the schema
 * object carrying them fails.
 */
export type Schema = Record<string, unknown>;

/** Fails whatever the value is: used for keys that must not be there, with the reason and the fix. */
export function forbidden(message: string, fix: string): Schema {
  return { not: {}, 'x-message': message, 'x-fix': fix };
}

export const IDENTIFIER = '^[A-Za-z_$][A-Za-z0-9_$]*$';
/** Exact versions only: 1.2.3 or 1.2.3-beta.1 (no ^, ~, ranges, tags). */
export const EXACT_VERSION = '^\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?$';

export const handlerRef: Schema = {
  type: 'object',
  required: ['handler'],
  properties: {
    handler: {
      type: 'string',
      pattern: IDENTIFIER,
      'x-fix': 'name the function server/server.js exports for this event (a JavaScript identifier)',
    },
  },
  additionalProperties: forbidden('is not an event property', 'an event entry holds only "handler"'),
};
