/** Types of the standalone validator tools/gen-validator.ts writes at build time (ajv standalone). */
import type { AjvLikeError } from '../../../server/src/settings/settings-problems.js';

export interface StandaloneValidate {
  (data: unknown): boolean;
  errors?: AjvLikeError[] | null;
}

export declare const validate: StandaloneValidate;
export default validate;
