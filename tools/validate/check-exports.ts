/**
 * Loads the built server/server.js as the FDK does: a plain node:vm context holding only the
 * documented globals (exports, console, $request, $db, $schedule, renderData, generateTargetUrl,
 * and a require limited to the manifest's dependencies), then reads `exports`. Every handler and
 * server method the manifest names must be a function there.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { inertGlobals } from '../platform/sandbox-globals.js';
import { recordAt, type AppTree } from './app-tree.js';
import { error, jsonPath, type Problem } from './problem.js';

export const SERVER_FILE = 'server/server.js';
const TOOLS_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Manifest entries that name a server function: [JSON path, function name]. */
export function namedHandlers(manifest: unknown): Array<{ path: string; name: string }> {
  const out: Array<{ path: string; name: string }> = [];
  for (const [moduleName, moduleValue] of Object.entries(recordAt(manifest, 'modules'))) {
    for (const [event, spec] of Object.entries(recordAt(moduleValue, 'events'))) {
      const handler = recordAt(spec)['handler'];
      if (typeof handler === 'string') out.push({ path: jsonPath(['modules', moduleName, 'events', event, 'handler']), name: handler });
    }
  }
  for (const name of Object.keys(recordAt(manifest, 'modules', 'common', 'functions'))) {
    out.push({ path: jsonPath(['modules', 'common', 'functions', name]), name });
  }
  return out;
}

function limitedRequire(root: string, allowed: ReadonlySet<string>): (name: string) => unknown {
  const fromApp = createRequire(join(root, 'package.json'));
  const fromTools = createRequire(join(TOOLS_ROOT, 'package.json'));
  const fromServer = createRequire(join(root, SERVER_FILE));
  return (name: string) => {
    if (name.startsWith('./')) return fromServer(name) as unknown;
    if (!allowed.has(name)) throw new Error(`require("${name}") is not allowed: "${name}" is not in manifest.json dependencies`);
    try {
      return fromApp(name) as unknown;
    } catch {
      return fromTools(name) as unknown;
    }
  };
}

function sandbox(root: string, allowed: ReadonlySet<string>): vm.Context {
  return vm.createContext({ exports: {}, ...inertGlobals('while validating'), require: limitedRequire(root, allowed) });
}

/** Runs server.js in the FDK-like sandbox; resolves to its exports, or to the load error's message. */
export function loadServerExports(root: string, code: string, dependencies: ReadonlySet<string>): { exports: Record<string, unknown> } | { failure: string } {
  const context = sandbox(root, dependencies);
  try {
    vm.runInContext(code, context, { filename: SERVER_FILE, timeout: 5000 });
  } catch (err) {
    // Errors thrown inside the context come from its own realm: not `instanceof Error` here.
    const message = (err as { message?: unknown } | null)?.message;
    return { failure: typeof message === 'string' ? message : String(err) };
  }
  const exported: unknown = context['exports'];
  return { exports: exported !== null && typeof exported === 'object' ? (exported as Record<string, unknown>) : {} };
}

export function checkExports(tree: AppTree, code: string | undefined): Problem[] {
  if (code === undefined) {
    const needed = namedHandlers(tree.manifest).length > 0 && !existsSync(join(tree.root, SERVER_FILE));
    return needed ? [error(SERVER_FILE, '(file)', 'is missing, but the manifest names server handlers', 'run npm run build (it bundles server/src into server/server.js)')] : [];
  }
  const dependencies = new Set(Object.keys(recordAt(tree.manifest, 'dependencies')));
  const loaded = loadServerExports(tree.root, code, dependencies);
  if ('failure' in loaded) {
    return [error(SERVER_FILE, '(load)', `fails to load in the FDK sandbox: ${loaded.failure}`, 'use only the FDK globals and manifest dependencies at load time; no setTimeout, process or Buffer')];
  }
  return namedHandlers(tree.manifest)
    .filter(({ name }) => typeof loaded.exports[name] !== 'function')
    .map(({ path, name }) =>
      error('manifest.json', path, `"${name}" is not exported by ${SERVER_FILE}`, `export a function named ${name} from server/src/index.ts (the build assigns exports = { ... }), or correct the name`),
    );
}
