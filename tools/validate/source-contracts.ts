/**
 * Two facts the built JavaScript no longer states, read from the TypeScript source of the platform
 * contract (server/src/platform/platform-types.ts) as text, never imported:
 *  - the TemplateName union: every request template the server code may invoke (its client takes
 *    the name as a variable, so the bundle does not show all of them as literals);
 *  - which Deps members return promises (request.invoke, store.set, scheduler.create, ...), so the
 *    built-code lint can tell an unhandled `deps.store.set(...)` from a synchronous call.
 */
import { createRequire } from 'node:module';
import type TypeScript from 'typescript';
import { readText } from './app-tree.js';

/** Loaded through require: an ESM import of the typescript package costs seconds under tsx. */
const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;

export const PLATFORM_TYPES = 'server/src/platform/platform-types.ts';

export interface SourceContracts {
  templateNames: string[];
  /** Deps field -> its methods that return a Promise, e.g. store -> {get, set, update, remove, delete}. */
  promiseMethods: Map<string, Set<string>>;
}

function unionLiterals(node: TypeScript.TypeNode): string[] {
  if (ts.isUnionTypeNode(node)) return node.types.flatMap(unionLiterals);
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return [node.literal.text];
  return [];
}

function promiseMembers(declaration: TypeScript.InterfaceDeclaration): Set<string> {
  const names = new Set<string>();
  for (const member of declaration.members) {
    const returnsPromise = ts.isMethodSignature(member) && member.type !== undefined && /^Promise\s*</.test(member.type.getText());
    if (returnsPromise && ts.isIdentifier(member.name)) names.add(member.name.text);
  }
  return names;
}

function depsFields(deps: TypeScript.InterfaceDeclaration | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const member of deps?.members ?? []) {
    if (ts.isPropertySignature(member) && ts.isIdentifier(member.name) && member.type !== undefined && ts.isTypeReferenceNode(member.type)) {
      fields.set(member.name.text, member.type.typeName.getText());
    }
  }
  return fields;
}

export function parseSourceContracts(text: string): SourceContracts {
  const source = ts.createSourceFile(PLATFORM_TYPES, text, ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, TypeScript.InterfaceDeclaration>();
  let templateNames: string[] = [];
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === 'TemplateName') templateNames = unionLiterals(statement.type);
  }
  const promiseMethods = new Map<string, Set<string>>();
  for (const [field, typeName] of depsFields(interfaces.get('Deps'))) {
    const declaration = interfaces.get(typeName);
    const methods = declaration === undefined ? new Set<string>() : promiseMembers(declaration);
    if (methods.size > 0) promiseMethods.set(field, methods);
  }
  return { templateNames, promiseMethods };
}

export async function readSourceContracts(root: string): Promise<SourceContracts> {
  const text = await readText(root, PLATFORM_TYPES);
  return text === undefined ? { templateNames: [], promiseMethods: new Map() } : parseSourceContracts(text);
}
