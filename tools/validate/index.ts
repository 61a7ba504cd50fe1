/**
 * `validateApp(root)`: what `fdk validate` checks, on the built tree, all problems at once.
 * JSON Schemas for manifest.json, config/requests.json and config/iparams.json; the cross-checks
 * (handlers exported by server.js, templates declared, hosts, secure parameters, pages and CDNs);
 * and the marketplace lint (fdk-rules.ts) on every shipped JavaScript file: all of app/**\/*.js,
 * config/assets/*.js and server/**\/*.js outside node_modules and test_data, nothing skipped.
 */
import { resolve } from 'node:path';
import { type AppTree, loadAppTree, readText, recordAt } from './app-tree.js';
import { checkExports, SERVER_FILE } from './check-exports.js';
import { checkLocations, checkPage, checkUnpkg, type InlineScript } from './check-front-end.js';
import { checkIparams, IPARAMS_HTML, IPARAMS_SCRIPT, secureIparams } from './check-iparams.js';
import { checkManifest } from './check-manifest.js';
import { checkRequests, REQUESTS_FILE } from './check-requests.js';
import { checkServerMethodCalls, checkTemplates, invokedTemplates, type ScriptSet } from './check-templates.js';
import { checkAgainstSchema } from './json-schema-check.js';
import { type LintContext, lintBuiltScript } from './lint-built.js';
import { error, jsonPath, type Problem } from './problem.js';
import { unusedDependencies } from './rules/no-dependency-mismatch.js';
import { manifestSchema } from './schemas/manifest-schema.js';
import { requestsSchema } from './schemas/requests-schema.js';
import { readSourceContracts } from './source-contracts.js';

export { formatProblem, isError, type Problem } from './problem.js';

function schemaProblems(tree: AppTree): Problem[] {
  const problems = tree.manifest === undefined ? [] : checkAgainstSchema('manifest.json', tree.manifest, manifestSchema);
  if (tree.requests !== undefined) problems.push(...checkAgainstSchema(REQUESTS_FILE, tree.requests, requestsSchema));
  return problems;
}

/** server/**\/*.js but test_data (CLI 6.9 lint.js walks ./server skipping node_modules; test_data is not shipped). */
const isServerScript = (file: string): boolean => file.startsWith('server/') && file.endsWith('.js') && !file.split('/').includes('test_data');
/** app/**\/*.js, and config/assets/*.js: the installation page ships too (whether FDK 10 lints it is UNCONFIRMED). */
const isFrontScript = (file: string): boolean => file.endsWith('.js') && (file.startsWith('app/') || /^config\/assets\/[^/]+$/.test(file));
const isStyleSheet = (file: string): boolean => file.endsWith('.css') && (file.startsWith('config/') || file.startsWith('app/'));
const isPage = (file: string): boolean => file.endsWith('.html') && (file.startsWith('app/') || file === IPARAMS_HTML);

interface Linted {
  problems: Problem[];
  scripts: ScriptSet[];
}

async function lintFiles(tree: AppTree, files: string[], context: LintContext): Promise<Linted> {
  const linted: Linted = { problems: [], scripts: [] };
  for (const file of files) {
    const text = (await readText(tree.root, file)) ?? '';
    const report = lintBuiltScript(file, text, context);
    linted.problems.push(...report.problems);
    if (report.facts !== undefined) linted.scripts.push({ file, facts: report.facts });
  }
  return linted;
}

function lintInline(inline: ReadonlyArray<InlineScript>, context: LintContext): Linted {
  const linted: Linted = { problems: [], scripts: [] };
  for (const script of inline) {
    const report = lintBuiltScript(`${script.file} (inline script at line ${script.line})`, script.code, context);
    linted.problems.push(...report.problems);
    if (report.facts !== undefined) linted.scripts.push({ file: script.file, facts: report.facts });
  }
  return linted;
}

interface Pages {
  problems: Problem[];
  inline: InlineScript[];
  /** Scripts the installation page runs: its local scripts (files) and inline scripts (file = the page). */
  installScripts: Set<string>;
}

async function checkPages(tree: AppTree): Promise<Pages> {
  const pages: Pages = { problems: [], inline: [], installScripts: new Set() };
  for (const file of [...tree.files].filter(isPage)) {
    const report = checkPage(tree, file, (await readText(tree.root, file)) ?? '');
    pages.problems.push(...report.problems);
    pages.inline.push(...report.inline);
    if (file === IPARAMS_HTML) for (const script of [...report.scripts, IPARAMS_HTML]) pages.installScripts.add(script);
  }
  if (!tree.files.has(IPARAMS_HTML)) pages.installScripts.add(IPARAMS_SCRIPT);
  for (const file of [...tree.files].filter(isStyleSheet)) pages.problems.push(...checkUnpkg(file, (await readText(tree.root, file)) ?? ''));
  return pages;
}

function globalsOf(scripts: ReadonlyArray<ScriptSet>): Set<string> {
  return new Set(scripts.flatMap(({ facts }) => [...facts.globals]));
}

/** no-dependency-mismatch over all server files: declared dependencies no literal require loads (unknown while one does not parse). */
function unusedProblems(tree: AppTree, scripts: ReadonlyArray<ScriptSet>, serverFiles: number): Problem[] {
  if (scripts.length < serverFiles) return [];
  const declared = Object.keys(recordAt(tree.manifest, 'dependencies'));
  const unused = unusedDependencies(declared, scripts.flatMap(({ facts }) => facts.requires.map((site) => site.name)));
  if (unused.length === 0) return [];
  return [
    error('manifest.json', jsonPath(['dependencies']), `The following dependencies are not used: ${unused.join(',')} (no-dependency-mismatch)`, 'load each with a literal require("<name>") in server.js (a bundler shim such as __require does not count), or remove it from dependencies'),
  ];
}

export async function validateApp(appRoot: string): Promise<Problem[]> {
  const root = resolve(appRoot);
  const tree = await loadAppTree(root);
  const contracts = await readSourceContracts(root);
  const knowledge: LintContext = { promiseMethods: contracts.promiseMethods, dependencies: new Set(Object.keys(recordAt(tree.manifest, 'dependencies'))) };
  const problems = [...tree.problems, ...schemaProblems(tree), ...checkManifest(tree), ...checkLocations(tree)];

  const serverText = await readText(root, SERVER_FILE);
  problems.push(...checkExports(tree, serverText));
  const serverFiles = [...tree.files].filter(isServerScript);
  const server = await lintFiles(tree, serverFiles, knowledge);
  problems.push(...server.problems, ...unusedProblems(tree, server.scripts, serverFiles.length));

  const pages = await checkPages(tree);
  const front = await lintFiles(tree, [...tree.files].filter(isFrontScript), knowledge);
  const inline = lintInline(pages.inline, knowledge);
  const frontScripts = [...front.scripts, ...inline.scripts];
  problems.push(...pages.problems, ...front.problems, ...inline.problems);

  const installScripts = frontScripts.filter(({ file }) => pages.installScripts.has(file));
  problems.push(...checkIparams(tree, installScripts.length > 0 ? globalsOf(installScripts) : undefined));
  const secure = secureIparams(tree, installScripts.map(({ facts }) => facts));
  problems.push(...secure.problems, ...checkRequests(tree, secure.names));
  problems.push(...checkTemplates(tree, invokedTemplates(contracts, server.scripts, frontScripts)), ...checkServerMethodCalls(tree, frontScripts));
  return problems;
}

