/**
 * npm run validate: checks the built app tree as `fdk validate` would (tools/validate/) and prints
 * every problem as `file: place: what is wrong — what to change`. Exit code 1 when there is an error;
 * warnings are printed but do not fail.
 */
import { fileURLToPath } from 'node:url';
import { formatProblem, isError, validateApp, type Problem } from './validate/index.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function report(problems: ReadonlyArray<Problem>): string {
  const errors = problems.filter(isError);
  const warnings = problems.filter((problem) => !isError(problem));
  const lines: string[] = [];
  if (errors.length > 0) lines.push(`${errors.length} error(s):`, ...errors.map((p) => `  ${formatProblem(p)}`));
  if (warnings.length > 0) lines.push(`${warnings.length} warning(s):`, ...warnings.map((p) => `  ${formatProblem(p)}${p.blocksPack === true ? ' (blocks npm run pack)' : ''}`));
  if (lines.length === 0) lines.push('validate: no problems found');
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = await validateApp(ROOT);
  console.log(report(problems));
  process.exitCode = problems.some(isError) ? 1 : 0;
}
