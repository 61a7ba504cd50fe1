/**
 * `validateApp(root)`: what `fdk validate` checks, on the built tree, all problems at once.
 * JSON Schemas for manifest.json, config/requests.json and config/iparams.json; the cross-checks
 * (handlers exported by server.js, templates declared, hosts, secure parameters, pages and CDNs);
 * and the marketplace lint on the built JavaScript.
 */
import { resolve } from 'node:path';
import { type AppTree, loadAppTree, readText } from './app-tree.js';
import { checkExports, SERVER_FILE } from './check-exports.js';
import { checkLocations, checkPage, checkUnpkg, type InlineScript } from './check-front-end.js';
import { checkIparams, IPARAMS_HTML, IPARAMS_SCRIPT, secureIparams } from './check-iparams.js';
import { checkDependencies, checkManifest } from './check-manifest.js';
import { checkRequests, REQUESTS_FILE } from './check-requests.js';
import { checkServerMethodCalls, checkTemplates, invokedTemplates, type ScriptSet } from './check-templates.js';
import { checkAgainstSchema } from './json-schema-check.js';
import { lintBuiltScript } from './lint-built.js';
import type { PromiseKnowledge } from './no-unhandled-promise.js';
import type { Problem } from './problem.js';
import { manifestSchema } from './schemas/manifest-schema.js';
import { requestsSchema } from './schemas/requests-schema.js';
import { readSourceContracts } from './source-contracts.js';

export { formatProblem, isError, type Problem } from './problem.js';

function schemaProblems(tree: AppTree): Problem[] {
  const problems = tree.manifest === undefined ? [] : checkAgainstSchema('manifest.json', tree.manifest, manifestSchema);
  if (tree.requests !== undefined) problems.push(...checkAgainstSchema(REQUESTS_FILE, tree.requests, requestsSchema));
  return problems;
}

const isServerScript = (file: string): boolean => file === SERVER_FILE || (file.startsWith('server/lib/') && file.endsWith('.js'));
const isFrontScript = (file: string): boolean =>
  file.endsWith('.js') && ((file.startsWith('app/') && !file.startsWith('ui/')) || (file.startsWith('config/') && !file.endsWith('.generated.js')));
const isStyleSheet = (file: string): boolean => file.endsWith('.css') && (file.startsWith('config/') || (file.startsWith('app/') && !file.startsWith('ui/')));
const isPage = (file: string): boolean => file.endsWith('.html') && ((file.startsWith('app/') && !file.startsWith('ui/')) || file === IPARAMS_HTML);

interface Linted {
  problems: Problem[];
  scripts: ScriptSet[];
}

async function lintFiles(tree: AppTree, files: string[], knowledge: PromiseKnowledge): Promise<Linted> {
  const linted: Linted = { problems: [], scripts: [] };
  for (const file of files) {
    const text = (await readText(tree.root, file)) ?? '';
    const report = lintBuiltScript(file, text, knowledge);
    linted.problems.push(...report.problems, ...checkUnpkg(file, text));
    if (report.facts !== undefined) linted.scripts.push({ file, facts: report.facts });
  }
  return linted;
}

function lintInline(inline: ReadonlyArray<InlineScript>, knowledge: PromiseKnowledge): Linted {
  const linted: Linted = { problems: [], scripts: [] };
  for (const script of inline) {
    const report = lintBuiltScript(`${script.file} (inline script at line ${script.line})`, script.code, knowledge);
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

export async function validateApp(appRoot: string): Promise<Problem[]> {
  const root = resolve(appRoot);
  const tree = await loadAppTree(root);
  const contracts = await readSourceContracts(root);
  const knowledge: PromiseKnowledge = { promiseMethods: contracts.promiseMethods };
  const problems = [...tree.problems, ...schemaProblems(tree), ...checkManifest(tree), ...checkLocations(tree)];

  const serverText = await readText(root, SERVER_FILE);
  problems.push(...checkExports(tree, serverText));
  const server = await lintFiles(tree, [...tree.files].filter(isServerScript), knowledge);
  problems.push(...server.problems, ...checkDependencies(tree, server.scripts.flatMap(({ facts }) => facts.requires), SERVER_FILE));

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

