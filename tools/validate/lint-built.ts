/**
 * Lints the BUILT JavaScript the way the marketplace does (fdk-platform.md §6.4): cyclomatic
 * complexity at most 7 per function, no `async` function without `await`, no unhandled promise.
 * esbuild's runtime helpers are left out (see esbuild-helpers.ts); inline `eslint-disable`
 * comments are ignored, so built code cannot switch the rules off. The same parse yields the
 * script's facts (script-facts.ts).
 */
import { createHash } from 'node:crypto';
import { Linter, type SourceCode } from 'eslint';
import type * as ESTree from 'estree';
import { esbuildHelperRanges, insideAny } from './esbuild-helpers.js';
import { createNoUnhandledPromise, type PromiseKnowledge } from './no-unhandled-promise.js';
import { error, type Problem } from './problem.js';
import { collectFacts, type ScriptFacts } from './script-facts.js';

export const MAX_COMPLEXITY = 7;

const FIXES: Record<string, string> = {
  complexity: `split it into smaller functions (at most ${MAX_COMPLEXITY} branches each); fix the TypeScript source`,
  'require-await': 'remove `async`, or await the promise it is meant to wait for; fix the TypeScript source',
  'fdk/no-unhandled-promise': 'await it, return it, or add .catch(...) where the error is handled; fix the TypeScript source',
};

export interface ScriptReport {
  problems: Problem[];
  facts: ScriptFacts | undefined;
}

function config(sourceType: 'script' | 'module', knowledge: PromiseKnowledge): Linter.Config[] {
  return [
    {
      // Every name: inline scripts are linted as '<page> (inline script at line N)', which no default pattern matches.
      files: ['**'],
      languageOptions: { ecmaVersion: 'latest', sourceType },
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      plugins: { fdk: { rules: { 'no-unhandled-promise': createNoUnhandledPromise(knowledge) } } },
      rules: { complexity: ['error', MAX_COMPLEXITY], 'require-await': 'error', 'fdk/no-unhandled-promise': 'error' },
    },
  ];
}

/** esbuild marks each bundled module with a `// path/to/source.ts` line; the last one above a line names its source. */
function sourceMarkers(text: string): Array<{ line: number; source: string }> {
  const markers: Array<{ line: number; source: string }> = [];
  text.split('\n').forEach((content, index) => {
    const match = /^\s*\/\/ ((?:[\w.@-]+\/)*[\w.@-]+\.(?:ts|tsx|js|mjs|cjs|json))\s*$/.exec(content);
    if (match?.[1] !== undefined) markers.push({ line: index + 1, source: match[1] });
  });
  return markers;
}

function whereOf(line: number, markers: ReadonlyArray<{ line: number; source: string }>): string {
  const marker = [...markers].reverse().find((m) => m.line <= line);
  return marker === undefined ? `line ${line}` : `line ${line} (from ${marker.source})`;
}

function verify(linter: Linter, file: string, text: string, knowledge: PromiseKnowledge): Linter.LintMessage[] {
  const asScript = linter.verify(text, config('script', knowledge), file);
  if (!asScript.some((message) => message.fatal === true)) return asScript;
  const asModule = linter.verify(text, config('module', knowledge), file);
  return asModule.some((message) => message.fatal === true) ? asScript : asModule;
}

/** The same file with the same text and knowledge lints the same; tests validate many near-identical trees. */
const memo = new Map<string, ScriptReport>();

function memoKey(file: string, text: string, knowledge: PromiseKnowledge): string {
  const methods = [...knowledge.promiseMethods].map(([owner, names]) => `${owner}:${[...names].join(',')}`).join(';');
  return createHash('sha256').update(file).update('\0').update(methods).update('\0').update(text).digest('hex');
}

export function lintBuiltScript(file: string, text: string, knowledge: PromiseKnowledge): ScriptReport {
  const key = memoKey(file, text, knowledge);
  const known = memo.get(key);
  if (known !== undefined) return known;
  const report = lintUncached(file, text, knowledge);
  memo.set(key, report);
  return report;
}

function lintUncached(file: string, text: string, knowledge: PromiseKnowledge): ScriptReport {
  const linter = new Linter();
  const messages = verify(linter, file, text, knowledge);
  const fatal = messages.find((message) => message.fatal === true);
  if (fatal !== undefined) {
    return { problems: [error(file, `line ${fatal.line}`, `cannot be parsed (${fatal.message})`, 'rebuild it with npm run build; fix the source it comes from')], facts: undefined };
  }
  const sourceCode: SourceCode = linter.getSourceCode();
  const program = sourceCode.ast as ESTree.Program;
  const helpers = esbuildHelperRanges(program);
  const markers = sourceMarkers(text);
  const problems = messages
    .filter((message) => !insideAny(helpers, sourceCode.getIndexFromLoc({ line: message.line, column: message.column - 1 })))
    .map((message) => error(file, whereOf(message.line, markers), message.message, FIXES[message.ruleId ?? ''] ?? 'fix the source it comes from'));
  return { problems, facts: collectFacts(program, sourceCode.visitorKeys) };
}
