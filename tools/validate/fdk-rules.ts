/**
 * The marketplace lint as `npm run validate` runs it: which rules, at which severity, on which files.
 * One table, each group citing where its severity comes from (docs/platform-rules.md copies it).
 *
 * Rule names and order: FDK 10.1.x's own debug log (freshworks-developers/app-setup-events-samples
 * `log/fdk.log`, "Running the following lints on the file ..."): 82 rules for front-end files and the
 * same 82 for server/server.js, with no-cross-scope-assign replaced by no-dependency-mismatch.
 * The log prints no severities and no options; where a severity is not known it is 'error'.
 *
 * Files (fdk-files.ts): every app/**\/*.js, every server/**\/*.js outside node_modules and test_data,
 * and config/assets/*.js. The log lists only app/ and server/ files (that app has no config/assets);
 * whether FDK 10 lints config/assets is UNCONFIRMED, so we lint it, with the front-end rules.
 *
 * Minified files: CLI 6.9 (hemchander23/glitch-fdk-base `.fdk/fdk/package/lib/validations/lint.js`)
 * leaves out no-empty-function and no-unused-vars when under 20% of a file's lines are indented.
 * Whether FDK 10 keeps that exception is UNCONFIRMED; our bundles are not minified, so the rules
 * always apply here (no exception at all).
 */
export type Level = 'error' | 'warn';

export interface RuleSetting {
  level: Level;
  /** ESLint options after the severity. */
  options?: unknown[];
}

/** FDK10LOG order, front-end files (app/**, config/assets). */
export const FRONT_END_RULES: ReadonlyArray<string> = [
  'no-eval', 'no-alert', 'no-debugger', 'no-unreachable', 'no-duplicate-imports', 'constructor-super', 'for-direction',
  'no-class-assign', 'no-new-native-nonconstructor', 'valid-typeof', 'no-eq-null', 'no-var', 'require-await',
  'no-unreachable-loop', 'no-redeclare', 'no-self-assign', 'no-setter-return', 'no-shadow-restricted-names',
  'no-this-before-super', 'no-unsafe-finally', 'no-unsafe-optional-chaining', 'no-unused-vars', 'no-useless-catch',
  'eqeqeq', 'prefer-const', 'require-yield', 'no-global-assign', 'no-caller', 'no-process-env', 'complexity',
  'max-nested-callbacks', 'handle-callback-err', 'getter-return', 'no-async-promise-executor', 'no-case-declarations',
  'no-compare-neg-zero', 'no-cond-assign', 'no-const-assign', 'no-constant-condition', 'no-control-regex',
  'no-delete-var', 'no-dupe-args', 'no-dupe-class-members', 'no-dupe-else-if', 'no-dupe-keys', 'no-duplicate-case',
  'no-empty', 'no-empty-character-class', 'no-empty-pattern', 'no-ex-assign', 'no-extra-boolean-cast', 'no-extra-semi',
  'no-fallthrough', 'no-func-assign', 'no-import-assign', 'no-inner-declarations', 'no-invalid-regexp',
  'no-irregular-whitespace', 'no-loss-of-precision', 'no-misleading-character-class', 'no-mixed-spaces-and-tabs',
  'no-nonoctal-decimal-escape', 'no-obj-calls', 'no-octal', 'no-prototype-builtins', 'no-regex-spaces',
  'no-sparse-arrays', 'no-unexpected-multiline', 'no-unsafe-negation', 'no-unused-labels', 'no-useless-backreference',
  'no-useless-escape', 'no-with', 'use-isnan', 'no-unpkg-cdn', 'no-proxy-requests', 'no-unhandled-promise',
  'no-logging-rejections', 'no-non-client-request-model', 'no-deprecated-apis', 'no-cross-scope-assign', 'no-empty-function',
];

/** FDK10LOG, server/server.js: the same list with no-dependency-mismatch in place of no-cross-scope-assign. */
export const SERVER_RULES: ReadonlyArray<string> = FRONT_END_RULES.map((rule) => (rule === 'no-cross-scope-assign' ? 'no-dependency-mismatch' : rule));

/** Our own implementations (tools/validate/rules/); every other name is an ESLint core rule. */
export const CUSTOM_RULES: ReadonlySet<string> = new Set([
  'no-unpkg-cdn', 'no-proxy-requests', 'no-unhandled-promise', 'no-logging-rejections', 'no-non-client-request-model',
  'no-deprecated-apis', 'no-cross-scope-assign', 'no-dependency-mismatch',
]);

export const MAX_COMPLEXITY = 7;

/**
 * CLI 6.9's own settings (hemchander23/glitch-fdk-base `.fdk/fdk/package/lib/validations/lint.js`), with
 * its options; FDK 10 prints none, so these are the best known (UNCONFIRMED for FDK 10).
 */
const FROM_CLI69: Readonly<Record<string, RuleSetting>> = {
  'no-eval': { level: 'error' },
  'no-alert': { level: 'error' },
  'no-debugger': { level: 'error' },
  'no-unreachable': { level: 'error' },
  'no-empty-function': { level: 'error' },
  'no-unused-vars': { level: 'error', options: [{ vars: 'local' }] },
  'no-dependency-mismatch': { level: 'error' },
  complexity: { level: 'warn', options: [MAX_COMPLEXITY] },
  'max-nested-callbacks': { level: 'warn', options: [4] },
  'handle-callback-err': { level: 'warn', options: ['^.*(e|E)rr'] },
  'no-caller': { level: 'warn' },
  'no-process-env': { level: 'warn' },
  'no-unhandled-promise': { level: 'warn' },
  'no-logging-rejections': { level: 'warn' },
  'no-non-client-request-model': { level: 'warn' },
  'no-cross-scope-assign': { level: 'warn' },
};

/** FDK10LOG: `fdk run` refused to start with "Lint errors: ... Unexpected var, use let or const instead." */
const FROM_FDK10LOG: Readonly<Record<string, RuleSetting>> = {
  'no-var': { level: 'error' },
};

/**
 * Freshworks' submission guidelines, https://freshworks.dev/docs/guides/submission-guidelines/app-validation,
 * "Errors" (the rules CLI 6.9 does not set): the unpkg rule, constructor-super, for-direction, no-class-assign,
 * no-duplicate-imports, no-eq-null, no-new-native-nonconstructor, no-redeclare, no-self-assign, no-setter-return.
 */
const FROM_GUIDELINES: Readonly<Record<string, RuleSetting>> = Object.fromEntries(
  ['no-unpkg-cdn', 'constructor-super', 'for-direction', 'no-class-assign', 'no-duplicate-imports', 'no-eq-null', 'no-new-native-nonconstructor', 'no-redeclare', 'no-self-assign', 'no-setter-return'].map(
    (rule) => [rule, { level: 'error' } satisfies RuleSetting],
  ),
);

/**
 * Every other rule of the list: ESLint's recommended severity ('error') with ESLint's default options;
 * for the rules outside eslint:recommended (require-await, eqeqeq, prefer-const, no-unreachable-loop,
 * no-extra-semi, no-inner-declarations, no-mixed-spaces-and-tabs) and for our no-proxy-requests and
 * no-deprecated-apis the FDK 10 severity is UNCONFIRMED, so 'error'.
 */
const DEFAULT_SETTING: RuleSetting = { level: 'error' };

export function ruleSetting(rule: string): RuleSetting {
  return FROM_CLI69[rule] ?? FROM_FDK10LOG[rule] ?? FROM_GUIDELINES[rule] ?? DEFAULT_SETTING;
}

/** Parser level: FDK10LOG's config `"javascript":{"ecma_version":2020}`; no env, no sourceType (so: script). */
export const ECMA_VERSION = 2020;

export type FileKind = 'front-end' | 'server';

/** CLI 6.9 lint.js: files starting with `server/` get the server rules, everything else the app rules. */
export function fileKind(file: string): FileKind {
  return file.startsWith('server/') ? 'server' : 'front-end';
}

export function rulesFor(kind: FileKind): ReadonlyArray<string> {
  return kind === 'server' ? SERVER_RULES : FRONT_END_RULES;
}
