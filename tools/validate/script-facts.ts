/**
 * What the validator needs to know about a built script, read from its syntax tree:
 * which request templates and server methods it calls by name, which packages it requires,
 * which globals it defines (the settings page's validate/postConfigs/getConfigs), and the
 * names its settings page marks secure (`__meta: { secure: [...] }`).
 */
import type { SourceCode } from 'eslint';
import type * as ESTree from 'estree';
import { memberPath } from './rules/member-path.js';
import { requiredPackage } from './rules/no-dependency-mismatch.js';

export interface CallSite {
  name: string;
  line: number;
  /** The callee, e.g. client.request.invoke */
  callee: string;
}

export interface ScriptFacts {
  /** `<x>.invokeTemplate("name", ...)` */
  invokeTemplateCalls: CallSite[];
  /** `<x>.invoke("name", ...)`: request templates in server code, server methods in front ends. */
  invokeCalls: CallSite[];
  /** Literal `require("pkg")` calls of packages (not relative paths; a bundler shim such as `__require("pkg")` is not a require: rules/no-dependency-mismatch.ts) */
  requires: CallSite[];
  /** Names a script makes global: top-level declarations of a classic script, window/globalThis/self.x = ... */
  globals: Set<string>;
  /** Names listed in `__meta.secure`, when the script has one; `unresolved` when it is not a literal list. */
  secureMeta: { names: string[]; unresolved: boolean } | undefined;
}

type AnyNode = ESTree.Node;

function children(node: AnyNode, keys: SourceCode.VisitorKeys): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key of keys[node.type] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) if (item !== null && typeof item === 'object' && typeof (item as AnyNode).type === 'string') out.push(item as AnyNode);
  }
  return out;
}

export function walk(root: AnyNode, keys: SourceCode.VisitorKeys, visit: (node: AnyNode) => void): void {
  const stack: AnyNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    visit(node);
    stack.push(...children(node, keys).reverse());
  }
}

export function stringValue(node: AnyNode | undefined): string | undefined {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'self']);

function topLevelNames(program: ESTree.Program): string[] {
  if (program.sourceType === 'module') return [];
  return program.body.flatMap((statement) => {
    if (statement.type === 'FunctionDeclaration' && statement.id !== null) return [statement.id.name];
    if (statement.type === 'VariableDeclaration') return statement.declarations.flatMap((d) => (d.id.type === 'Identifier' ? [d.id.name] : []));
    return [];
  });
}

function propertyName(property: ESTree.Property | ESTree.SpreadElement): string | undefined {
  if (property.type !== 'Property' || property.computed) return undefined;
  return property.key.type === 'Identifier' ? property.key.name : stringValue(property.key);
}

function memberName(member: ESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  return member.computed ? stringValue(member.property) : undefined;
}

/** window.validate = ..., globalThis['x'] = ..., Object.assign(window, { validate, ... }) */
function globalsAssigned(node: AnyNode): string[] {
  if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression') {
    const target = node.left.object;
    const name = memberName(node.left);
    return target.type === 'Identifier' && GLOBAL_OBJECTS.has(target.name) && name !== undefined ? [name] : [];
  }
  if (node.type !== 'CallExpression' || memberPath(node.callee).join('.') !== 'Object.assign') return [];
  const [target, ...sources] = node.arguments;
  if (target?.type !== 'Identifier' || !GLOBAL_OBJECTS.has(target.name)) return [];
  return sources.flatMap((source) => (source.type === 'ObjectExpression' ? source.properties.map(propertyName).filter((n): n is string => n !== undefined) : []));
}

function callSite(node: ESTree.CallExpression): CallSite | undefined {
  const name = stringValue(node.arguments[0]);
  if (name === undefined) return undefined;
  return { name, line: node.loc?.start.line ?? 0, callee: memberPath(node.callee).join('.') };
}

type ArrayTable = Map<string, AnyNode>;

/** A literal list of names: ['a', 'b'], [...OTHER_LIST, 'c'] or an identifier bound to one. */
function arrayNames(node: AnyNode | null | undefined, arrays: ArrayTable, depth = 0): string[] | undefined {
  if (node?.type === 'Identifier' && depth < 5) return arrayNames(arrays.get(node.name), arrays, depth + 1);
  if (node?.type !== 'ArrayExpression') return undefined;
  const parts = node.elements.map((element) => {
    if (element?.type === 'SpreadElement') return arrayNames(element.argument, arrays, depth + 1);
    const value = element === null ? undefined : stringValue(element);
    return value === undefined ? undefined : [value];
  });
  return parts.every((part): part is string[] => part !== undefined) ? parts.flat() : undefined;
}

function secureListNode(meta: AnyNode): AnyNode | undefined {
  if (meta.type !== 'ObjectExpression') return undefined;
  const secure = meta.properties.find((property) => propertyName(property) === 'secure');
  return secure?.type === 'Property' ? secure.value : undefined;
}

function collectCall(node: ESTree.CallExpression, facts: ScriptFacts): void {
  const required = requiredPackage(node);
  if (required !== undefined) facts.requires.push({ name: required, line: node.loc?.start.line ?? 0, callee: 'require' });
  const path = memberPath(node.callee);
  const last = path[path.length - 1];
  const site = callSite(node);
  if (site === undefined) return;
  if (node.callee.type === 'MemberExpression' && last === 'invokeTemplate') facts.invokeTemplateCalls.push(site);
  if (node.callee.type === 'MemberExpression' && last === 'invoke') facts.invokeCalls.push(site);
}

export function collectFacts(program: ESTree.Program, keys: SourceCode.VisitorKeys): ScriptFacts {
  const facts: ScriptFacts = { invokeTemplateCalls: [], invokeCalls: [], requires: [], globals: new Set(topLevelNames(program)), secureMeta: undefined };
  const arrays: ArrayTable = new Map();
  const secureRefs: AnyNode[] = [];
  walk(program, keys, (node) => {
    if (node.type === 'CallExpression') collectCall(node, facts);
    for (const name of globalsAssigned(node)) facts.globals.add(name);
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init?.type === 'ArrayExpression') arrays.set(node.id.name, node.init);
    if (node.type === 'Property' && propertyName(node) === '__meta') {
      const list = secureListNode(node.value);
      if (list !== undefined) secureRefs.push(list);
    }
  });
  if (secureRefs.length > 0) facts.secureMeta = resolveSecure(secureRefs, arrays);
  return facts;
}

function resolveSecure(refs: AnyNode[], arrays: ArrayTable): { names: string[]; unresolved: boolean } {
  const names: string[] = [];
  let unresolved = false;
  for (const ref of refs) {
    const found = arrayNames(ref, arrays);
    if (found === undefined) unresolved = true;
    else names.push(...found);
  }
  return { names: [...new Set(names)], unresolved };
}
