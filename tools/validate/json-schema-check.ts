/**
 * Runs the validator's JSON Schemas (schemas/*.ts) with ajv and words every error as a Problem:
 * the JSON path, what is wrong and what to change (from the schema's x-message / x-fix
 * annotations where the generic wording would not say enough).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { error, jsonPath, type Problem } from './problem.js';
import type { Schema } from './schemas/common.js';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addKeyword({ keyword: 'x-fix', schemaType: 'string' });
ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });

const compiled = new Map<Schema, ValidateFunction>();

function validatorFor(schema: Schema): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function annotation(err: ErrorObject, key: 'x-fix' | 'x-message'): string | undefined {
  const value = (err.parentSchema as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

type Wording = (err: ErrorObject) => { message: string; fix: string };

const params = (err: ErrorObject): Record<string, unknown> => err.params as Record<string, unknown>;

const WORDING: Record<string, Wording> = {
  required: (err) => ({ message: `"${String(params(err)['missingProperty'])}" is missing`, fix: `add "${String(params(err)['missingProperty'])}"` }),
  not: () => ({ message: 'is not allowed here', fix: 'remove it' }),
  enum: (err) => ({ message: `${show(err.data)} is not allowed`, fix: `use one of ${(params(err)['allowedValues'] as unknown[]).map(show).join(', ')}` }),
  const: (err) => ({ message: `${show(err.data)} is not allowed`, fix: `use ${show(params(err)['allowedValue'])}` }),
  type: (err) => ({ message: `${show(err.data)} is not of type ${String(params(err)['type'])}`, fix: `give a ${String(params(err)['type'])}` }),
  pattern: (err) => ({ message: `${show(err.data)} does not match ${String(params(err)['pattern'])}`, fix: 'change the value to match' }),
  minimum: (err) => ({ message: `${show(err.data)} is too small`, fix: `use at least ${String(params(err)['limit'])}` }),
  maximum: (err) => ({ message: `${show(err.data)} is too large`, fix: `use at most ${String(params(err)['limit'])}` }),
  minLength: () => ({ message: 'is empty', fix: 'give a value' }),
  minItems: () => ({ message: 'is empty', fix: 'give at least one entry' }),
  maxProperties: (err) => ({
    message: `has more than ${String(params(err)['limit'])} entries`,
    fix: `keep at most ${String(params(err)['limit'])}`,
  }),
  anyOf: (err) => ({ message: `${show(err.data)} has none of the accepted forms`, fix: 'see the documented forms' }),
};

/** Errors inside anyOf branches and the "if" wrapper repeat what the anyOf / then error says. */
function isNoise(err: ErrorObject): boolean {
  return err.keyword === 'if' || /\/anyOf\/\d+\//.test(err.schemaPath);
}

function toProblem(file: string, err: ErrorObject): Problem {
  const generic = (WORDING[err.keyword] ?? ((e: ErrorObject) => ({ message: e.message ?? 'is invalid', fix: 'correct it' })))(err);
  const where = jsonPath(pointerSegments(err.instancePath));
  return error(file, where, annotation(err, 'x-message') ?? generic.message, annotation(err, 'x-fix') ?? generic.fix);
}

export function checkAgainstSchema(file: string, data: unknown, schema: Schema): Problem[] {
  const validate = validatorFor(schema);
  if (validate(data)) return [];
  return (validate.errors ?? []).filter((err) => !isNoise(err)).map((err) => toProblem(file, err));
}
