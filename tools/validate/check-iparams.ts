/**
 * The installation page (docs/fdk-facts.md §2): exactly one of config/iparams.json (standard page,
 * schema-checked here, plus default values against options and change callbacks present in
 * config/assets/iparams.js) or config/iparams.html (custom page). The custom page's getConfigs,
 * postConfigs and validate must be top-level function declarations both in an inline script of
 * iparams.html (CLI69 lib/validations/iparam.js parses only the inline scripts' text with esprima
 * 4, ES2017 script, and counts only top-level FunctionDeclarations) and in config/assets/iparams.js
 * (Freshworks' FDK 10 sample, freshworks-developers/configuration-page-samples
 * iparams-html/config/assets/iparams.js, declares them there; which file FDK 10 reads is
 * UNCONFIRMED). A `window.x = ...` or `var x = function` does not count. Also works out which
 * installation parameters are secure, for the request-template check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
import { isRecord, type AppTree } from './app-tree.js';
import { checkAgainstSchema } from './json-schema-check.js';
import { error, jsonPath, warning, type Problem } from './problem.js';
import { CHOICE_TYPES, PRODUCT_TYPES, iparamsSchema } from './schemas/iparams-schema.js';
import type { ScriptFacts } from './script-facts.js';

export const IPARAMS_JSON = 'config/iparams.json';
export const IPARAMS_HTML = 'config/iparams.html';
export const IPARAMS_SCRIPT = 'config/assets/iparams.js';
/** Secure by contract (docs/specification.md §6), whatever the page declares. */
export const DEFAULT_SECURE = ['signl4_webhook', 'signl4_api_key', 'freshservice_api_key'];
export const CUSTOM_PAGE_FUNCTIONS = ['getConfigs', 'postConfigs', 'validate'];

function optionValues(options: unknown): unknown[] {
  if (!Array.isArray(options)) return [];
  return options.map((option: unknown) => (isRecord(option) ? option['value'] : option));
}

function defaultValueProblem(name: string, spec: Record<string, unknown>): Problem | undefined {
  if (!('default_value' in spec)) return undefined;
  const value = spec['default_value'];
  const where = jsonPath([name, 'default_value']);
  if (spec['type'] === 'checkbox') {
    return typeof value === 'boolean' ? undefined : error(IPARAMS_JSON, where, `${JSON.stringify(value)} is not a boolean`, 'give true or false for a checkbox');
  }
  if (!CHOICE_TYPES.includes(String(spec['type']))) return undefined;
  const allowed = optionValues(spec['options']);
  const values = spec['type'] === 'multiselect' && Array.isArray(value) ? (value as unknown[]) : [value];
  const missing = values.filter((v) => !allowed.includes(v));
  return missing.length === 0 ? undefined : error(IPARAMS_JSON, where, `${JSON.stringify(missing)} is not among the options`, `use one of ${JSON.stringify(allowed)}`);
}

function changeCallbackProblems(name: string, spec: Record<string, unknown>, pageGlobals: ReadonlySet<string> | undefined): Problem[] {
  const events = Array.isArray(spec['events']) ? (spec['events'] as unknown[]) : [];
  return events.flatMap((event, index) => {
    const change = isRecord(event) ? event['change'] : undefined;
    if (typeof change !== 'string' || pageGlobals?.has(change) === true) return [];
    return [error(IPARAMS_JSON, jsonPath([name, 'events', index, 'change']), `"${change}" is not a global function of ${IPARAMS_SCRIPT}`, `define function ${change} in ${IPARAMS_SCRIPT} (build it from ui/iparams)`)];
  });
}

function checkIparamsJson(iparams: unknown, pageGlobals: ReadonlySet<string> | undefined): Problem[] {
  const problems = checkAgainstSchema(IPARAMS_JSON, iparams, iparamsSchema);
  if (!isRecord(iparams)) return problems;
  for (const [name, spec] of Object.entries(iparams)) {
    if (!isRecord(spec)) continue;
    const defaultProblem = defaultValueProblem(name, spec);
    if (defaultProblem !== undefined) problems.push(defaultProblem);
    problems.push(...changeCallbackProblems(name, spec, pageGlobals));
    if (PRODUCT_TYPES.includes(String(spec['type']))) {
      problems.push(warning(IPARAMS_JSON, jsonPath([name, 'type']), `"${String(spec['type'])}" is documented for platform 2.3 only; its 3.0 support is UNCONFIRMED`, 'prefer text or url, and check with fdk validate'));
    }
  }
  return problems;
}

/** Names of the top-level function declarations of a classic script; undefined when it does not parse at `ecmaVersion`. */
export function topLevelFunctions(code: string, ecmaVersion: 2017 | 2020): Set<string> | undefined {
  const linter = new Linter();
  const messages = linter.verify(code, [{ languageOptions: { ecmaVersion, sourceType: 'script' }, linterOptions: { noInlineConfig: true } }]);
  if (messages.some((message) => message.fatal === true)) return undefined;
  const names = linter.getSourceCode().ast.body.flatMap((statement) => (statement.type === 'FunctionDeclaration' && statement.id !== null ? [statement.id.name] : []));
  return new Set(names);
}

/** The text of each inline <script> CLI69 reads: no src, and no type or type text/javascript. */
function cliInlineScripts(html: string): Array<{ line: number; code: string }> {
  const scripts: Array<{ line: number; code: string }> = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    const type = /\btype\s*=\s*["']?([^"'\s>]*)/i.exec(attributes)?.[1] ?? '';
    if (!/\bsrc\s*=/i.test(attributes) && (type === '' || type.toLowerCase() === 'text/javascript')) {
      scripts.push({ line: html.slice(0, match.index).split('\n').length, code: match[2] ?? '' });
    }
  }
  return scripts;
}

const DECLARE_FIX = `declare ${CUSTOM_PAGE_FUNCTIONS.map((name) => `function ${name}(...) { ... }`).join(', ')} at the top level of the <script id="platform-entry-points"> in config/iparams.html (npm run build appends it to config/assets/iparams.js)`;

function missingProblem(file: string, where: string, missing: string[], reason: string): Problem[] {
  if (missing.length === 0) return [];
  return [error(file, where, `Mandatory method(s) missing in ${file}: ${missing.join(',')} are not top-level function declarations (${reason})`, DECLARE_FIX)];
}

/** CLI69: the inline scripts of iparams.html, parsed as ES2017 scripts; a parse failure fails its validation. */
function inlineProblems(html: string): Problem[] {
  const declared = new Set<string>();
  const problems: Problem[] = [];
  for (const script of cliInlineScripts(html)) {
    const names = topLevelFunctions(script.code, 2017);
    if (names === undefined) {
      problems.push(error(IPARAMS_HTML, `line ${script.line} <script>`, 'cannot be parsed as an ES2017 script, so the CLI\'s iparams check fails ("Exception occured while validation")', 'keep the inline scripts plain ES2017 (no object spread, ?., ??)'));
    }
    for (const name of names ?? []) declared.add(name);
  }
  if (problems.length > 0) return problems;
  const missing = CUSTOM_PAGE_FUNCTIONS.filter((name) => !declared.has(name));
  return missingProblem(IPARAMS_HTML, '(inline scripts)', missing, 'the CLI reads only the inline scripts of iparams.html');
}

function checkCustomPage(tree: AppTree): Problem[] {
  if (!tree.files.has(IPARAMS_SCRIPT)) {
    return [error(IPARAMS_SCRIPT, '(file)', 'is missing', 'run npm run build (it bundles ui/iparams into config/assets/iparams.js)')];
  }
  const problems = inlineProblems(readFileSync(join(tree.root, IPARAMS_HTML), 'utf8'));
  // A bundle that does not parse is the lint's problem; its declarations cannot be read then.
  const declared = topLevelFunctions(readFileSync(join(tree.root, IPARAMS_SCRIPT), 'utf8'), 2020);
  if (declared === undefined) return problems;
  const missing = CUSTOM_PAGE_FUNCTIONS.filter((name) => !declared.has(name));
  return [...problems, ...missingProblem(IPARAMS_SCRIPT, '(top level)', missing, "Freshworks' FDK 10 sample declares them in this file; which file FDK 10 reads is UNCONFIRMED")];
}

/**
 * @param pageGlobals globals defined by the scripts the installation page loads (undefined when none could be read)
 */
export function checkIparams(tree: AppTree, pageGlobals: ReadonlySet<string> | undefined): Problem[] {
  const hasJson = tree.files.has(IPARAMS_JSON);
  const hasHtml = tree.files.has(IPARAMS_HTML);
  if (hasJson && hasHtml) {
    return [error('config/', '(files)', 'holds both iparams.json and iparams.html; only one may exist', 'keep config/iparams.html (the custom page) and delete config/iparams.json, or the other way round')];
  }
  if (hasJson) return tree.iparamsJson === undefined ? [] : checkIparamsJson(tree.iparamsJson, pageGlobals);
  if (hasHtml) return checkCustomPage(tree);
  return [error('config/', '(files)', 'has no installation page', 'add config/iparams.html (custom page, built script in config/assets/iparams.js) or config/iparams.json')];
}

/** Names to keep out of template hosts, paths and queries. */
export function secureIparams(tree: AppTree, pageFacts: ReadonlyArray<ScriptFacts>): { names: Set<string>; problems: Problem[] } {
  const names = new Set(DEFAULT_SECURE);
  const problems: Problem[] = [];
  if (isRecord(tree.iparamsJson)) {
    for (const [name, spec] of Object.entries(tree.iparamsJson)) if (isRecord(spec) && spec['secure'] === true) names.add(name);
  }
  for (const facts of pageFacts) {
    for (const name of facts.secureMeta?.names ?? []) names.add(name);
    if (facts.secureMeta?.unresolved === true) {
      problems.push(warning(IPARAMS_SCRIPT, '__meta.secure', 'is not a literal list of names, so the validator cannot read it', `list the secure names literally; assuming ${DEFAULT_SECURE.join(', ')}`));
    }
  }
  return { names, problems };
}
