/**
 * Manifest rules JSON Schema cannot say well: at least one product module besides common, the
 * engines the marketplace publishes with, and manifest dependencies matching what server.js requires
 * (the marketplace's no-dependency-mismatch).
 */
import { isRecord, recordAt, type AppTree } from './app-tree.js';
import { error, jsonPath, warning, type Problem } from './problem.js';
import { PRODUCT_MODULES } from './schemas/manifest-schema.js';
import type { CallSite } from './script-facts.js';

const FILE = 'manifest.json';

function productModules(manifest: unknown): string[] {
  return Object.keys(recordAt(manifest, 'modules')).filter((name) => name !== 'common');
}

function engineWarnings(manifest: unknown): Problem[] {
  const engines = recordAt(manifest, 'engines');
  const problems: Problem[] = [];
  const node = engines['node'];
  const fdk = engines['fdk'];
  if (typeof node === 'string' && !node.startsWith('24.')) {
    problems.push(warning(FILE, 'engines.node', `is ${node}; the marketplace publishes with Node 24.11.x`, 'set "node": "24.11.0" (FDK 10)'));
  }
  if (typeof fdk === 'string' && !fdk.startsWith('10.')) {
    problems.push(warning(FILE, 'engines.fdk', `is ${fdk}; publishing needs FDK 10.x`, 'set "fdk": "10.1.2"'));
  }
  return problems;
}

export function checkManifest(tree: AppTree): Problem[] {
  if (!isRecord(tree.manifest) || !isRecord(tree.manifest['modules'])) return [];
  const problems = engineWarnings(tree.manifest);
  if (productModules(tree.manifest).length === 0) {
    problems.push(
      error(FILE, 'modules', 'has no module apart from common (At least one module apart from common must be mentioned)', `add a product module such as "service_ticket": {} (one of ${PRODUCT_MODULES.join(', ')})`),
    );
  }
  return problems;
}

/** no-dependency-mismatch: every required package is declared, every declared package is required. */
export function checkDependencies(tree: AppTree, requires: ReadonlyArray<CallSite>, serverFile: string): Problem[] {
  const declared = Object.keys(recordAt(tree.manifest, 'dependencies'));
  const required = new Set(requires.map((site) => site.name));
  const problems: Problem[] = [];
  for (const site of requires) {
    if (!declared.includes(site.name) && !site.name.startsWith('.')) {
      problems.push(error(serverFile, `line ${site.line}`, `requires "${site.name}", which manifest.json does not declare`, `add "${site.name}": "<exact version>" to manifest.json dependencies, or bundle it`));
    }
  }
  for (const name of declared) {
    if (!required.has(name)) {
      problems.push(error(FILE, jsonPath(['dependencies', name]), `"${name}" is declared but server.js never requires it`, 'remove it from dependencies, or mark it external in the build'));
    }
  }
  return problems;
}
