/**
 * Cross-checks what the code calls by name against what the manifest declares
 * (docs/fdk-facts.md §3.3, §4.5): every request template invoked by the server (the TemplateName
 * union of platform-types.ts and every literal `.invoke("x")` / `.invokeTemplate("x")` in
 * server.js) or by a front end (`invokeTemplate("x")`) is declared in manifest.json
 * modules.common.requests and defined in config/requests.json; every server method a front end
 * calls (`client.request.invoke("x")`) is declared in modules.common.functions.
 */
import { recordAt, type AppTree } from './app-tree.js';
import { error, type Problem } from './problem.js';
import { REQUESTS_FILE } from './check-requests.js';
import type { CallSite, ScriptFacts } from './script-facts.js';
import { PLATFORM_TYPES, type SourceContracts } from './source-contracts.js';

export interface ScriptSet {
  file: string;
  facts: ScriptFacts;
}

interface Invocation {
  file: string;
  where: string;
  name: string;
}

function sites(file: string, calls: ReadonlyArray<CallSite>): Invocation[] {
  return calls.map((call) => ({ file, where: `line ${call.line} (${call.callee})`, name: call.name }));
}

export function invokedTemplates(contracts: SourceContracts, server: ReadonlyArray<ScriptSet>, front: ReadonlyArray<ScriptSet>): Invocation[] {
  return [
    ...contracts.templateNames.map((name) => ({ file: PLATFORM_TYPES, where: 'TemplateName', name })),
    ...server.flatMap(({ file, facts }) => sites(file, [...facts.invokeCalls, ...facts.invokeTemplateCalls])),
    ...front.flatMap(({ file, facts }) => sites(file, facts.invokeTemplateCalls)),
  ];
}

export function checkTemplates(tree: AppTree, invoked: ReadonlyArray<Invocation>): Problem[] {
  const inManifest = new Set(Object.keys(recordAt(tree.manifest, 'modules', 'common', 'requests')));
  const inFile = new Set(Object.keys(recordAt(tree.requests)));
  return invoked.flatMap(({ file, where, name }) => {
    const missing = [inManifest.has(name) ? '' : 'manifest.json modules.common.requests', inFile.has(name) ? '' : REQUESTS_FILE].filter(Boolean);
    if (missing.length === 0) return [];
    return [error(file, where, `invokes request template "${name}", which is not declared in ${missing.join(' nor in ')}`, `declare "${name}" in manifest.json modules.common.requests and define it in ${REQUESTS_FILE}, or correct the name`)];
  });
}

export function checkServerMethodCalls(tree: AppTree, front: ReadonlyArray<ScriptSet>): Problem[] {
  const declared = new Set(Object.keys(recordAt(tree.manifest, 'modules', 'common', 'functions')));
  return front.flatMap(({ file, facts }) =>
    facts.invokeCalls
      .filter((call) => call.callee.endsWith('request.invoke') && !declared.has(call.name))
      .map((call) =>
        error(file, `line ${call.line} (${call.callee})`, `calls server method "${call.name}", which manifest.json modules.common.functions does not declare (Requested function not found or registered)`, `declare "${call.name}": { "timeout": 20 } in modules.common.functions and export it from server.js, or correct the name`),
      ),
  );
}
