/**
 * Recognises the runtime helpers esbuild writes at the top of a bundle (__defProp, __export,
 * __copyProps, __toESM, __toCommonJS, __require, __publicField, ...), so the built-code lint can
 * leave them out: they are the bundler's code, not the app's, and some exceed complexity 7
 * (__copyProps has 8).
 *
 * Recognised precisely, not by a loose name pattern: a statement is a helper only when
 *  1. it is a `var` declaration whose every declarator is named after one of esbuild's runtime
 *     helpers (the names in esbuild's internal/runtime/runtime.go, listed below), and
 *  2. it sits in the bundle prologue: the leading run of such statements at the top of the
 *     bundle's IIFE body (`var <globalName> = (() => { ... })();` or `(() => { ... })();`) or of
 *     the program, before the first statement of app code.
 * An app function that happens to be called __copyProps further down is linted like any other.
 */
import type * as ESTree from 'estree';

export const ESBUILD_HELPER_NAMES: ReadonlySet<string> = new Set([
  '__create',
  '__freeze',
  '__defProp',
  '__defProps',
  '__getOwnPropDesc',
  '__getOwnPropDescs',
  '__getOwnPropNames',
  '__getOwnPropSymbols',
  '__getProtoOf',
  '__hasOwnProp',
  '__propIsEnum',
  '__reflectGet',
  '__knownSymbol',
  '__typeError',
  '__defNormalProp',
  '__spreadValues',
  '__spreadProps',
  '__markAsModule',
  '__name',
  '__require',
  '__esm',
  '__commonJS',
  '__export',
  '__copyProps',
  '__reExport',
  '__toESM',
  '__toCommonJS',
  '__toBinary',
  '__toBinaryNode',
  '__restKey',
  '__objRest',
  '__decorateClass',
  '__decorateParam',
  '__decoratorStart',
  '__decoratorStrings',
  '__decoratorContext',
  '__decoratorMetadata',
  '__runInitializers',
  '__decorateElement',
  '__publicField',
  '__accessCheck',
  '__privateIn',
  '__privateGet',
  '__privateAdd',
  '__privateSet',
  '__privateMethod',
  '__privateWrapper',
  '__earlyAccess',
  '__superGet',
  '__superSet',
  '__superWrapper',
  '__async',
  '__await',
  '__asyncGenerator',
  '__yieldStar',
  '__forAwait',
  '__template',
  '__using',
  '__callDispose',
  '__pow',
]);

type Range = [number, number];

function iifeBody(expression: ESTree.Expression | null | undefined): ESTree.Statement[] | undefined {
  if (expression?.type !== 'CallExpression' || expression.arguments.length > 0) return undefined;
  const callee = expression.callee;
  const isFunction = callee.type === 'ArrowFunctionExpression' || callee.type === 'FunctionExpression';
  if (!isFunction || callee.body.type !== 'BlockStatement') return undefined;
  return callee.body.body;
}

function bundleWrapperBody(statement: ESTree.Statement | ESTree.ModuleDeclaration | ESTree.Directive | undefined): ESTree.Statement[] | undefined {
  if (statement?.type === 'ExpressionStatement') return iifeBody(statement.expression);
  if (statement?.type === 'VariableDeclaration' && statement.declarations.length === 1) return iifeBody(statement.declarations[0]?.init);
  return undefined;
}

function isDirective(statement: ESTree.Node): boolean {
  return statement.type === 'ExpressionStatement' && 'directive' in statement && typeof statement.directive === 'string';
}

function isHelperDeclaration(statement: ESTree.Node): statement is ESTree.VariableDeclaration {
  if (statement.type !== 'VariableDeclaration' || statement.kind !== 'var') return false;
  return statement.declarations.every((declarator) => declarator.id.type === 'Identifier' && ESBUILD_HELPER_NAMES.has(declarator.id.name));
}

function leadingHelpers(statements: ReadonlyArray<ESTree.Node>): Range[] {
  const ranges: Range[] = [];
  for (const statement of statements) {
    if (isDirective(statement)) continue;
    if (!isHelperDeclaration(statement) || statement.range === undefined) break;
    ranges.push(statement.range);
  }
  return ranges;
}

/** Source ranges [start, end) of the esbuild runtime helpers of a bundle; empty for hand-written code. */
export function esbuildHelperRanges(program: ESTree.Program): Range[] {
  const statements = program.body.filter((statement) => !isDirective(statement));
  const wrapped = bundleWrapperBody(statements[0]);
  return leadingHelpers(wrapped ?? program.body);
}

export function insideAny(ranges: ReadonlyArray<Range>, index: number): boolean {
  return ranges.some(([start, end]) => index >= start && index < end);
}
