/**
 * Lints a shipped JavaScript file the way the marketplace does (fdk-rules.ts): parsed at ECMAScript
 * 2020 as a script (a parse failure is an error), with FDK 10's 82 rules for its kind of file (the
 * ESLint core rules from the installed eslint, the custom ones from rules/) at their severities.
 * Nothing is skipped: the bundler's helpers are linted like the app's code, and inline
 * `eslint-disable` comments are ignored, so built code cannot switch the rules off. The same parse
 * yields the script's facts (script-facts.ts).
 */
import { createHash } from 'node:crypto';
import { Linter, type Rule, type SourceCode } from 'eslint';
import type * as ESTree from 'estree';
import { CUSTOM_RULES, ECMA_VERSION, fileKind, MAX_COMPLEXITY, ruleSetting, rulesFor } from './fdk-rules.js';
import { createNoUnhandledPromise, type PromiseKnowledge } from './no-unhandled-promise.js';
import { error, type Problem, warning } from './problem.js';
import { createNoDependencyMismatch } from './rules/no-dependency-mismatch.js';
import { noCrossScopeAssign } from './rules/no-cross-scope-assign.js';
import { noDeprecatedApis } from './rules/no-deprecated-apis.js';
import { noLoggingRejections } from './rules/no-logging-rejections.js';
import { noNonClientRequestModel } from './rules/no-non-client-request-model.js';
import { noProxyRequests } from './rules/no-proxy-requests.js';
import { noUnpkgCdn } from './rules/no-unpkg-cdn.js';
import { collectFacts, type ScriptFacts } from './script-facts.js';

export { MAX_COMPLEXITY };

/** What the rules need beyond the file: the promise APIs of the contracts, the manifest's dependencies. */
export interface LintContext extends PromiseKnowledge {
  dependencies: ReadonlySet<string>;
}

const SOURCE_FIX = 'fix the TypeScript source it comes from, or the build (tools/build.ts)';

const FIXES: Record<string, string> = {
  complexity: `split it into smaller functions (at most ${MAX_COMPLEXITY} branches each); ${SOURCE_FIX}`,
  'require-await': `remove \`async\`, or await the promise it is meant to wait for; ${SOURCE_FIX}`,
  'no-unhandled-promise': `await it, return it, or add .catch(...) where the error is handled; ${SOURCE_FIX}`,
  'no-dependency-mismatch': 'load each manifest dependency with a literal require("<name>") (not a bundler shim), and list every package server code requires',
  'no-unpkg-cdn': 'load third-party files from jsDelivr (https://cdn.jsdelivr.net/npm/...)',
};

export interface ScriptReport {
  problems: Problem[];
  facts: ScriptFacts | undefined;
}

function customRules(context: LintContext): Record<string, Rule.RuleModule> {
  return {
    'no-unpkg-cdn': noUnpkgCdn,
    'no-proxy-requests': noProxyRequests,
    'no-unhandled-promise': createNoUnhandledPromise(context),
    'no-logging-rejections': noLoggingRejections,
    'no-non-client-request-model': noNonClientRequestModel,
    'no-deprecated-apis': noDeprecatedApis,
    'no-cross-scope-assign': noCrossScopeAssign,
    'no-dependency-mismatch': createNoDependencyMismatch(context.dependencies),
  };
}

const eslintName = (rule: string): string => (CUSTOM_RULES.has(rule) ? `fdk/${rule}` : rule);
const fdkName = (ruleId: string | null): string => (ruleId ?? '').replace(/^fdk\//, '');

function config(file: string, context: LintContext): Linter.Config[] {
  const rules: Linter.RulesRecord = {};
  for (const rule of rulesFor(fileKind(file))) {
    const { level, options = [] } = ruleSetting(rule);
    rules[eslintName(rule)] = [level, ...options];
  }
  return [
    {
      // Every name: inline scripts are linted as '<page> (inline script at line N)', which no default pattern matches.
      files: ['**'],
      languageOptions: { ecmaVersion: ECMA_VERSION, sourceType: 'script' },
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      plugins: { fdk: { rules: customRules(context) } },
      rules,
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

/** The same file with the same text and context lints the same; tests validate many near-identical trees. */
const memo = new Map<string, ScriptReport>();

function memoKey(file: string, text: string, context: LintContext): string {
  const methods = [...context.promiseMethods].map(([owner, names]) => `${owner}:${[...names].join(',')}`).join(';');
  return createHash('sha256').update(file).update('\0').update(methods).update('\0').update([...context.dependencies].join(',')).update('\0').update(text).digest('hex');
}

export function lintBuiltScript(file: string, text: string, context: LintContext): ScriptReport {
  const key = memoKey(file, text, context);
  const known = memo.get(key);
  if (known !== undefined) return known;
  const report = lintUncached(file, text, context);
  memo.set(key, report);
  return report;
}

function toProblem(file: string, message: Linter.LintMessage, markers: ReadonlyArray<{ line: number; source: string }>): Problem {
  const rule = fdkName(message.ruleId);
  const make = message.severity === 2 ? error : warning;
  return make(file, whereOf(message.line, markers), `${message.message} (${rule})`, FIXES[rule] ?? SOURCE_FIX);
}

function lintUncached(file: string, text: string, context: LintContext): ScriptReport {
  const linter = new Linter();
  const messages = linter.verify(text, config(file, context), file);
  const fatal = messages.find((message) => message.fatal === true);
  if (fatal !== undefined) {
    return {
      problems: [error(file, `line ${fatal.line}`, `cannot be parsed at ECMAScript ${ECMA_VERSION} (${fatal.message})`, `build it for ES${ECMA_VERSION} (esbuild target es${ECMA_VERSION}); ${SOURCE_FIX}`)],
      facts: undefined,
    };
  }
  const sourceCode: SourceCode = linter.getSourceCode();
  const markers = sourceMarkers(text);
  // A message without a rule is ESLint saying an inline directive has no effect (noInlineConfig): not a finding.
  const findings = messages.filter((message) => message.ruleId !== null);
  return { problems: findings.map((message) => toProblem(file, message, markers)), facts: collectFacts(sourceCode.ast as ESTree.Program, sourceCode.visitorKeys) };
}
