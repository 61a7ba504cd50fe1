/**
 * npm run validate: checks the built app tree as `fdk validate` would (tools/validate/) and prints
 * every problem as `file: place: what is wrong — what to change`. Exit code 1 when there is any
 * problem, an error OR a warning: the marketplace review asks for both to be fixed, so the app ships
 * with 0 errors and 0 warnings. (The real `fdk validate` fails only on errors.)
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
  else lines.push(`validate fails on warnings as on errors: ${errors.length} error(s), ${warnings.length} warning(s) to fix`);
  return lines.join('\n');
}

/** 1 on any problem: zero errors AND zero warnings pass. */
export function exitCode(problems: ReadonlyArray<Problem>): number {
  return problems.length > 0 ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = await validateApp(ROOT);
  console.log(report(problems));
  process.exitCode = exitCode(problems);
}
