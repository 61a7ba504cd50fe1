/**
 * The exports check of server/server.js, as the CLI finds the app's functions (behaviour read from
 * CLI 6.9, hemchander23/glitch-fdk-base `.fdk/fdk/package/lib/utils/event-util.js` and
 * `lib/validations/event.js`; FDK10LOG logs the same "Found [...] as exported functions"):
 *  - the file is parsed at ECMAScript 2020 (the reading is tools/platform/read-exports.ts, the same
 *    the local platform starts with);
 *  - the FIRST top-level statement `exports = <right side>` (an expression statement assigning the
 *    plain identifier `exports`) is taken; its right side must be an object literal;
 *  - of its properties only those with an identifier key whose value is a function expression count
 *    (`name: function () {}`, `name: async function () {}`, `name() {}`, `async name() {}`); arrow
 *    functions, references and string keys do not.
 * Every handler and server method the manifest names must be found that way. Then server.js is also
 * loaded in a plain node:vm context holding only the FDK globals (inertGlobals), so that a load-time
 * error (setTimeout, process, Buffer...) is reported.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { ECMA_VERSION } from './fdk-rules.js';
import { readExports } from '../platform/read-exports.js';
import { inertGlobals } from '../platform/sandbox-globals.js';
import { recordAt, type AppTree } from './app-tree.js';
import { error, jsonPath, type Problem } from './problem.js';

export const SERVER_FILE = 'server/server.js';
const TOOLS_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface NamedHandler {
  path: string;
  name: string;
  /** The module of an event handler (the CLI's "product"); undefined for a server method. */
  product?: string;
}

/** Manifest entries that name a server function: [JSON path, function name]. */
export function namedHandlers(manifest: unknown): NamedHandler[] {
  const out: NamedHandler[] = [];
  for (const [moduleName, moduleValue] of Object.entries(recordAt(manifest, 'modules'))) {
    for (const [event, spec] of Object.entries(recordAt(moduleValue, 'events'))) {
      const handler = recordAt(spec)['handler'];
      if (typeof handler === 'string') out.push({ path: jsonPath(['modules', moduleName, 'events', event, 'handler']), name: handler, product: moduleName });
    }
  }
  for (const name of Object.keys(recordAt(manifest, 'modules', 'common', 'functions'))) {
    out.push({ path: jsonPath(['modules', 'common', 'functions', name]), name });
  }
  return out;
}

export const EXPORTS_NOT_READ =
  'Error while parsing file containing serverless functions. Please use the exports section as recommended in the Serverless Apps section of the SDK documentation.';

/** The functions the CLI finds in server.js (tools/platform/read-exports.ts, shared with the local platform); undefined when it cannot read them. */
export function exportedFunctions(code: string): Set<string> | undefined {
  const read = readExports(code);
  return read.ok ? new Set(read.names) : undefined;
}

function notDefined(handler: NamedHandler): Problem {
  const message =
    handler.product === undefined ? `Server method '${handler.name}' does not have definition in ${SERVER_FILE}.` : `Event callback '${handler.name}' is not defined for product: ${handler.product}.`;
  return error('manifest.json', handler.path, message, `make ${handler.name} a property of the top-level exports = { ... } literal whose value is a function expression (${handler.name}: function (args) { ... }), or correct the name`);
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
  const handlers = namedHandlers(tree.manifest);
  if (code === undefined) {
    const needed = handlers.length > 0 && !existsSync(join(tree.root, SERVER_FILE));
    return needed ? [error(SERVER_FILE, '(file)', 'is missing, but the manifest names server handlers', 'run npm run build (it bundles server/src into server/server.js)')] : [];
  }
  const problems: Problem[] = [];
  const found = exportedFunctions(code);
  if (found === undefined && handlers.length > 0) {
    problems.push(error(SERVER_FILE, '(exports)', EXPORTS_NOT_READ, `make server.js parse at ECMAScript ${ECMA_VERSION} and assign exports = { name: function (args) { ... }, ... } once, at the top level`));
  }
  if (found !== undefined) problems.push(...handlers.filter(({ name }) => !found.has(name)).map(notDefined));
  const dependencies = new Set(Object.keys(recordAt(tree.manifest, 'dependencies')));
  const loaded = loadServerExports(tree.root, code, dependencies);
  if ('failure' in loaded) {
    problems.push(error(SERVER_FILE, '(load)', `fails to load in the FDK sandbox: ${loaded.failure}`, 'use only the FDK globals and manifest dependencies at load time; no setTimeout, process or Buffer'));
  }
  return problems;
}
