/**
 * Manifest rules JSON Schema cannot say well: at least one product module besides common, and the
 * engines the marketplace publishes with. (Dependencies against requires: rules/no-dependency-mismatch.ts.)
 */
import { isRecord, recordAt, type AppTree } from './app-tree.js';
import { error, warning, type Problem } from './problem.js';
import { PRODUCT_MODULES } from './schemas/manifest-schema.js';

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
