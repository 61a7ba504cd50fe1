/**
 * One finding of `npm run validate`: the file, the place inside it, what is wrong and what to change.
 * Errors fail validation (exit code 1) and stop `npm run pack`; warnings do not, unless they
 * carry `blocksPack` (what `fdk pack` itself refuses, such as an http request template).
 */
export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  /** Path relative to the app root, with forward slashes. */
  file: string;
  /** Where inside the file: a JSON path (modules.common.events.onAppInstall.handler), a line, a function. */
  where: string;
  /** What is wrong. */
  message: string;
  /** What to change. */
  fix: string;
  blocksPack?: boolean;
}

export function error(file: string, where: string, message: string, fix: string): Problem {
  return { severity: 'error', file, where, message, fix };
}

export function warning(file: string, where: string, message: string, fix: string, blocksPack = false): Problem {
  return { severity: 'warning', file, where, message, fix, ...(blocksPack ? { blocksPack } : {}) };
}

/** `file: path-inside-file: what is wrong — what to change` */
export function formatProblem(problem: Problem): string {
  return `${problem.file}: ${problem.where}: ${problem.message} — ${problem.fix}`;
}

export function isError(problem: Problem): boolean {
  return problem.severity === 'error';
}

/** Dotted JSON path for messages: ['modules', 'common', 'events'] -> modules.common.events */
export function jsonPath(segments: ReadonlyArray<string | number>): string {
  if (segments.length === 0) return '(top level)';
  return segments
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const plain = /^[A-Za-z_$][\w$-]*$/.test(segment);
      if (plain) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}
