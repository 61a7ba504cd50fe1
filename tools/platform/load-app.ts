/**
 * Reads an app the way the FDK does: manifest.json (platform 3.0 "modules"), config/requests.json
 * and server/server.js: read as the FDK reads it (read-exports.ts: the names in its exports literal),
 * then compiled once as a vm.Script and run per invocation in a fresh sandbox.
 * Refuses to start, listing every problem, when the manifest or a template is malformed or a
 * template named in the manifest is missing from config/requests.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { isPlainObject, type JsonObject } from './json-value.js';
import { readExports } from './read-exports.js';
import type { RequestTemplate } from './render-template.js';

export interface EventBinding {
  handler: string;
  /** 'common' or the product module (e.g. 'service_ticket'). */
  module: string;
}

export interface LoadedApp {
  root: string;
  serverFile: string;
  manifest: JsonObject;
  /** Event name (onAppInstall, onTicketCreate, …) -> its handler. */
  events: Map<string, EventBinding>;
  /** Server-method name -> its timeout in seconds, when the manifest sets one (20|25|30). */
  functions: Map<string, { timeoutSeconds?: number }>;
  /** Templates declared in both manifest.json and config/requests.json. */
  templates: Map<string, RequestTemplate>;
  /** manifest.json "dependencies": npm name -> exact version. */
  dependencies: Record<string, string>;
  /** Product modules (every module key but common). */
  productModules: string[];
  /** Page path under app/ -> location name (ticket_sidebar, full_page_app, …). */
  locations: Map<string, string>;
  script: vm.Script;
  /** The function expressions of server.js's top-level `exports = { ... }` literal: all the FDK sees. */
  exportNames: Set<string>;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]{1,39}$/;
const TEMPLATE_NAME = /^[A-Za-z0-9_-]+$/;

function readJson(file: string, problems: string[]): JsonObject {
  if (!existsSync(file)) {
    problems.push(`${file} is missing`);
    return {};
  }
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (isPlainObject(parsed)) return parsed;
    problems.push(`${file} must hold a JSON object`);
  } catch (error) {
    problems.push(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return {};
}

function objectAt(value: unknown): JsonObject {
  return isPlainObject(value) ? value : {};
}

function checkStringMap(value: unknown, label: string, problems: string[]): void {
  if (value === undefined) return;
  if (!isPlainObject(value) || Object.values(value).some((item) => typeof item !== 'string')) {
    problems.push(`${label} must map names to strings`);
  }
}

function checkOptions(options: unknown, label: string, problems: string[]): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) {
    problems.push(`${label}.options must be an object`);
    return;
  }
  const { maxAttempts, retryDelay } = options;
  if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || (maxAttempts as number) < 1 || (maxAttempts as number) > 5)) {
    problems.push(`${label}.options.maxAttempts must be an integer from 1 to 5`);
  }
  // retryDelay: 1–1500 (2.3 guide) or multiples of 100 up to 1500 (KB) — UNCONFIRMED; both fit 0–1500.
  if (retryDelay !== undefined && (typeof retryDelay !== 'number' || retryDelay < 0 || retryDelay > 1500)) {
    problems.push(`${label}.options.retryDelay must be a number of ms from 0 to 1500`);
  }
}

function checkTemplate(name: string, raw: unknown, problems: string[]): RequestTemplate | undefined {
  const label = `config/requests.json "${name}"`;
  if (!TEMPLATE_NAME.test(name)) problems.push(`${label}: names use letters, digits, "_" and "-"`);
  const schema = objectAt(objectAt(raw)['schema']);
  if (!METHODS.has(String(schema['method']).toUpperCase())) problems.push(`${label}.schema.method must be one of ${[...METHODS].join(', ')}`);
  if (typeof schema['host'] !== 'string' || schema['host'] === '') problems.push(`${label}.schema.host is required`);
  if (schema['protocol'] !== undefined && schema['protocol'] !== 'https' && schema['protocol'] !== 'http') {
    problems.push(`${label}.schema.protocol must be https or http`);
  }
  const path = schema['path'];
  if (path !== undefined && (typeof path !== 'string' || !(path.startsWith('/') || path.startsWith('<%')))) {
    problems.push(`${label}.schema.path must start with "/"`);
  }
  checkStringMap(schema['headers'], `${label}.schema.headers`, problems);
  checkStringMap(schema['query'], `${label}.schema.query`, problems);
  checkOptions(objectAt(raw)['options'], label, problems);
  return isPlainObject(raw) ? (raw as unknown as RequestTemplate) : undefined;
}

function readEvents(modules: JsonObject, problems: string[]): Map<string, EventBinding> {
  const events = new Map<string, EventBinding>();
  for (const [module, body] of Object.entries(modules)) {
    for (const [event, spec] of Object.entries(objectAt(objectAt(body)['events']))) {
      const handler = objectAt(spec)['handler'];
      if (typeof handler !== 'string' || handler === '') problems.push(`manifest.json modules.${module}.events.${event}.handler must be a name`);
      else events.set(event, { handler, module });
    }
  }
  return events;
}

function readFunctions(common: JsonObject, problems: string[]): Map<string, { timeoutSeconds?: number }> {
  const functions = new Map<string, { timeoutSeconds?: number }>();
  for (const [name, spec] of Object.entries(objectAt(common['functions']))) {
    if (!FUNCTION_NAME.test(name)) problems.push(`manifest.json function "${name}": 2–40 characters of [A-Za-z0-9_], not starting with a digit`);
    const timeout = objectAt(spec)['timeout'];
    if (timeout !== undefined && timeout !== 20 && timeout !== 25 && timeout !== 30) {
      problems.push(`manifest.json function "${name}": timeout must be 20, 25 or 30`);
    }
    functions.set(name, typeof timeout === 'number' ? { timeoutSeconds: timeout } : {});
  }
  return functions;
}

function readTemplates(common: JsonObject, requests: JsonObject, problems: string[]): Map<string, RequestTemplate> {
  const templates = new Map<string, RequestTemplate>();
  if (Object.keys(requests).length > 100) problems.push('config/requests.json holds more than 100 templates');
  for (const name of Object.keys(objectAt(common['requests']))) {
    if (!(name in requests)) {
      problems.push(`manifest.json names request "${name}", which is not defined in config/requests.json`);
      continue;
    }
    const template = checkTemplate(name, requests[name], problems);
    if (template !== undefined) templates.set(name, template);
  }
  return templates;
}

function readLocations(modules: JsonObject): Map<string, string> {
  const locations = new Map<string, string>();
  for (const body of Object.values(modules)) {
    for (const [location, spec] of Object.entries(objectAt(objectAt(body)['location']))) {
      const url = objectAt(spec)['url'];
      if (typeof url === 'string') locations.set(url.replace(/^\.?\//, ''), location);
    }
  }
  return locations;
}

function readModules(manifest: JsonObject, problems: string[]): JsonObject {
  if (manifest['platform-version'] !== '3.0') problems.push('manifest.json: "platform-version" must be "3.0"');
  const modules = objectAt(manifest['modules']);
  if (Object.keys(modules).filter((name) => name !== 'common').length === 0) {
    problems.push('manifest.json: at least one module apart from common must be mentioned');
  }
  return modules;
}

interface Compiled {
  script: vm.Script;
  /** Undefined when the FDK would find no exports literal at all (a problem is already listed). */
  exportNames: Set<string> | undefined;
}

function compile(serverFile: string, problems: string[]): Compiled {
  if (!existsSync(serverFile)) {
    problems.push(`${serverFile} is missing (run npm run build)`);
    return { script: new vm.Script(''), exportNames: undefined };
  }
  const code = readFileSync(serverFile, 'utf8');
  const read = readExports(code);
  if (!read.ok) problems.push(`${serverFile} ${read.problem}`);
  try {
    return { script: new vm.Script(code, { filename: serverFile }), exportNames: read.ok ? new Set(read.names) : undefined };
  } catch (error) {
    problems.push(`${serverFile} does not compile: ${(error as Error).message}`);
    return { script: new vm.Script(''), exportNames: undefined };
  }
}

export function loadApp(root: string): LoadedApp {
  const problems: string[] = [];
  const manifest = readJson(join(root, 'manifest.json'), problems);
  const requests = readJson(join(root, 'config', 'requests.json'), problems);
  const modules = readModules(manifest, problems);
  const common = objectAt(modules['common']);
  const serverFile = join(root, 'server', 'server.js');
  const compiled = compile(serverFile, problems);
  const app: LoadedApp = {
    root,
    serverFile,
    manifest,
    events: readEvents(modules, problems),
    functions: readFunctions(common, problems),
    templates: readTemplates(common, requests, problems),
    dependencies: objectAt(manifest['dependencies']) as Record<string, string>,
    productModules: Object.keys(modules).filter((name) => name !== 'common'),
    locations: readLocations(modules),
    script: compiled.script,
    exportNames: compiled.exportNames ?? new Set(),
  };
  if (compiled.exportNames !== undefined) problems.push(...unlistedExports(app));
  if (problems.length > 0) throw new Error(`The local platform cannot load the app in ${root}:\n- ${problems.join('\n- ')}`);
  return app;
}

/** What the manifest names, by where it names it (handlers of events, then server methods). */
function namedByManifest(app: Pick<LoadedApp, 'events' | 'functions'>): Array<{ name: string; where: string }> {
  return [
    ...[...app.events].map(([event, binding]) => ({ name: binding.handler, where: `handler "${binding.handler}" (modules.${binding.module}.events.${event})` })),
    ...[...app.functions.keys()].map((name) => ({ name, where: `function "${name}" (modules.common.functions)` })),
  ];
}

/** The FDK refuses an app whose manifest names a handler its exports literal does not hold ("Event callback '…' is not defined"). */
function unlistedExports(app: Pick<LoadedApp, 'events' | 'functions' | 'exportNames' | 'serverFile'>): string[] {
  return namedByManifest(app)
    .filter(({ name }) => !app.exportNames.has(name))
    .map(({ where }) => `${app.serverFile}: ${where} is not a function expression in its exports literal, so the FDK does not find it`);
}

/** Every handler and server method the manifest names must be an exported function. */
export function missingExports(app: LoadedApp, exported: Readonly<Record<string, unknown>>): string[] {
  return namedByManifest(app)
    .filter(({ name }) => typeof exported[name] !== 'function')
    .map(({ where }) => where);
}
