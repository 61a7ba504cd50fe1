/**
 * config/iparams.json, the standard installation page (docs/fdk-facts.md §2.1). Accepts every
 * documented variant: option lists of strings (official samples) or label/value objects (KB),
 * the domain/api_key types (documented for 2.3; their 3.0 status is UNCONFIRMED), visible/data-bind.
 * default_value against options and the change callbacks are checked in check-iparams.ts.
 */
import { IDENTIFIER, forbidden, type Schema } from './common.js';

export const IPARAM_TYPES = [
  'text',
  'paragraph',
  'dropdown',
  'email',
  'number',
  'phone_number',
  'date',
  'url',
  'radio',
  'checkbox',
  'multiselect',
  'domain',
  'api_key',
];
export const CHOICE_TYPES = ['dropdown', 'radio', 'multiselect'];
export const PRODUCT_TYPES = ['domain', 'api_key'];

const option: Schema = {
  anyOf: [
    { type: ['string', 'number'] },
    { type: 'object', required: ['value'], properties: { label: { type: 'string' }, value: { type: ['string', 'number'] } } },
  ],
  'x-fix': 'give each option as a string (or a { "label", "value" } object)',
};

const iparam: Schema = {
  type: 'object',
  required: ['display_name', 'type'],
  properties: {
    display_name: { type: 'string', minLength: 1, 'x-fix': 'give the label shown on the installation page' },
    description: { type: 'string' },
    type: { enum: IPARAM_TYPES, 'x-fix': `use one of ${IPARAM_TYPES.join(', ')}` },
    required: { type: 'boolean' },
    secure: { type: 'boolean' },
    options: { type: 'array', minItems: 1, items: option },
    default_value: {},
    modules: { type: 'array', items: { type: 'string' } },
    regex: { type: 'object', additionalProperties: { type: 'string' } },
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['change'],
        properties: { change: { type: 'string', pattern: IDENTIFIER } },
        additionalProperties: forbidden('is not an iparam event', 'an event entry is { "change": "<function in config/assets/iparams.js>" }'),
      },
    },
    type_attributes: { type: 'object', properties: { product: { type: 'string', minLength: 1 } } },
    visible: { type: 'boolean' },
    'data-bind': { type: 'string' },
  },
  additionalProperties: forbidden('is not an installation-parameter key', 'remove it (see docs/fdk-facts.md §2.1 for the keys)'),
  allOf: [
    {
      if: { required: ['type'], properties: { type: { enum: CHOICE_TYPES } } },
      then: { required: ['options'], 'x-fix': 'list the choices in "options"' },
    },
    {
      if: { required: ['type'], properties: { type: { enum: PRODUCT_TYPES } } },
      then: {
        required: ['type_attributes'],
        properties: { type_attributes: { type: 'object', required: ['product'] } },
        'x-fix': 'add "type_attributes": { "product": "freshservice" }',
      },
    },
  ],
};

export const iparamsSchema: Schema = {
  type: 'object',
  patternProperties: { '^[A-Za-z_][A-Za-z0-9_-]*$': iparam },
  additionalProperties: forbidden('is not a valid installation-parameter name', 'use letters, digits, "_" and "-", not starting with a digit'),
};
