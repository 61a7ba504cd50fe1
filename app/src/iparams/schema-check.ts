/**
 * The settings schema on the page: the same normalising and schema as the serverless side
 * (server/src/settings), compiled to standalone code at build time, worded by describeProblems.
 */
import { normaliseSettings } from '../../../server/src/settings/normalise-settings.js';
import { describeProblems } from '../../../server/src/settings/settings-problems.js';
import { validate } from './settings-validator.generated.js';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface SchemaCheck {
  /** The normalised settings (lists as arrays, booleans as booleans), without defaults filled in. */
  settings: Record<string, unknown>;
  problems: FieldProblem[];
}

/**
 * `kept` names secure settings that are saved already and left empty on the page (edit): they
 * are absent from `raw`, and their "is required" is no problem.
 */
export function checkSchema(raw: Record<string, unknown>, kept: ReadonlySet<string>): SchemaCheck {
  const settings = normaliseSettings(raw);
  // The validator fills defaults into what it checks (useDefaults); check a copy.
  const valid = validate(structuredClone(settings));
  const problems = valid ? [] : describeProblems(validate.errors ?? []);
  return { settings, problems: problems.filter((p) => !kept.has(p.field)) };
}
