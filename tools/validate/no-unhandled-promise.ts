/**
 * no-unhandled-promise, our implementation of the marketplace rule ("Expected rejection to be handled").
 * Two readings, both reported:
 *  1. the CLI's own (behaviour read from CLI 6.9, hemchander23/glitch-fdk-base
 *     `.fdk/fdk/package/lib/validations/custom-lint-rules/no-unhandled-promise.js`): an expression
 *     statement whose outermost call is `.then/.catch/.done/.fail(...)` or `client.request.<x>(...)`,
 *     unless it is a `.then` with exactly 2 arguments or a `.catch`/`.fail` with exactly 1
 *     (so `p.then(f);`, `p.done(f);`, `p.catch(a, b);`, `client.request.get(u);` are reported);
 *  2. ours, stricter: a statement whose value is a promise that is neither awaited, returned, nor
 *     given a rejection handler (`.catch(fn)` or `.then(ok, fail)`). `void p()` discards the promise
 *     without handling it, so it is reported too.
 *
 * For reading 2, built code has no types, so "returns a promise" is decided from what can be known for sure:
 *  - promise chains (`.then`, `.finally`), `Promise.all/...`, `new Promise`;
 *  - calls of functions the scope resolves to an `async` function, or to an object literal whose
 *    method is `async` (e.g. `scheduler.create()` for `var scheduler = { async create() {} }`);
 *  - the FDK's promise APIs: `$request.*`, `$db.*`, `$schedule.*`, `generateTargetUrl()`,
 *    `app.initialized()`, `<client>.request.invoke/invokeTemplate`, `<client>.data.get`,
 *    `<client>.iparams.get`, `<client>.interface.trigger`, `<client>.instance.context`,
 *    `<client>.db.get/set/update/delete`, `fetch()`;
 *  - the Deps members typed as returning a Promise in platform-types.ts (`deps.store.set`,
 *    `store.set`, `deps.scheduler.create`, `request.invoke`, ...).
 */
import type { Rule, Scope } from 'eslint';
import type * as ESTree from 'estree';
import { memberPath, type Callee } from './rules/member-path.js';
import { isPromiseStatementCall, rejectionHandler, statementCall } from './rules/promise-statement.js';

export interface PromiseKnowledge {
  /** Object name (a Deps field) -> method names returning a promise. */
  promiseMethods: ReadonlyMap<string, ReadonlySet<string>>;
}

const FDK_PROMISE_OBJECTS = new Set(['$request', '$db', '$schedule']);
const PROMISE_FUNCTIONS = new Set(['generateTargetUrl', 'fetch']);
const PROMISE_STATICS = new Set(['all', 'allSettled', 'any', 'race', 'resolve', 'reject']);
const CLIENT_PROMISE_METHODS = new Map<string, ReadonlySet<string>>([
  ['request', new Set(['invoke', 'invokeTemplate'])],
  ['data', new Set(['get'])],
  ['iparams', new Set(['get'])],
  ['interface', new Set(['trigger'])],
  ['instance', new Set(['context'])],
  ['db', new Set(['get', 'set', 'update', 'delete'])],
  ['app', new Set(['initialized'])],
]);

function findVariable(scope: Scope.Scope | null, name: string): Scope.Variable | undefined {
  for (let current = scope; current !== null; current = current.upper) {
    const found = current.set.get(name);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isAsyncFunction(node: ESTree.Node | null | undefined): boolean {
  if (node === null || node === undefined) return false;
  const isFunction = node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
  return isFunction && node.async === true;
}

/** What a variable was bound to: its function declaration or its initialiser (single definition only). */
function boundValue(variable: Scope.Variable | undefined): ESTree.Node | undefined {
  if (variable === undefined || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def?.type === 'FunctionName') return def.node;
  if (def?.type === 'Variable') return def.node.init ?? undefined;
  return undefined;
}

function asyncMethodOf(objectValue: ESTree.Node | undefined, method: string): boolean {
  if (objectValue?.type !== 'ObjectExpression') return false;
  return objectValue.properties.some(
    (property) =>
      property.type === 'Property' &&
      !property.computed &&
      property.key.type === 'Identifier' &&
      property.key.name === method &&
      isAsyncFunction(property.value),
  );
}

function isKnownApi(path: string[], knowledge: PromiseKnowledge): boolean {
  const [first] = path;
  const method = path[path.length - 1] ?? '';
  const owner = path[path.length - 2] ?? '';
  if (path.length === 1) return PROMISE_FUNCTIONS.has(first ?? '');
  if (path.length === 2 && first !== undefined && FDK_PROMISE_OBJECTS.has(first)) return true;
  if (first === 'Promise' && path.length === 2) return PROMISE_STATICS.has(method);
  return CLIENT_PROMISE_METHODS.get(owner)?.has(method) === true || knowledge.promiseMethods.get(owner)?.has(method) === true;
}

function resolvesToAsync(callee: Callee, scope: Scope.Scope): boolean {
  if (callee.type === 'Identifier') return isAsyncFunction(boundValue(findVariable(scope, callee.name)));
  if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type !== 'Identifier' || callee.property.type !== 'Identifier') {
    return false;
  }
  return asyncMethodOf(boundValue(findVariable(scope, callee.object.name)), callee.property.name);
}

function methodName(call: ESTree.CallExpression): string | undefined {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
  return callee.property.name;
}

/** `.catch(fn)`, `.then(ok, fail)`, or `.finally(fn)` after one of those. */
function hasRejectionHandler(call: ESTree.CallExpression): boolean {
  const method = methodName(call);
  if (method === 'catch') return true;
  if (method === 'then') return call.arguments.length >= 2;
  const callee = call.callee as ESTree.MemberExpression;
  return method === 'finally' && callee.object.type === 'CallExpression' && hasRejectionHandler(callee.object);
}

function unwrap(expression: ESTree.Expression): ESTree.Expression {
  if (expression.type === 'UnaryExpression' && expression.operator === 'void') return unwrap(expression.argument);
  if (expression.type === 'ChainExpression') return expression.expression;
  return expression;
}

export function createNoUnhandledPromise(knowledge: PromiseKnowledge): Rule.RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: { description: 'A promise must be awaited, returned, or given a rejection handler.' },
      messages: { unhandled: 'Expected rejection to be handled: the promise of `{{call}}(...)` is neither awaited, returned nor caught.' },
      schema: [],
    },
    create(context) {
      const isPromiseCall = (call: ESTree.CallExpression, node: ESTree.Node): boolean => {
        const method = methodName(call);
        if (method === 'then' || method === 'finally') return true;
        return isKnownApi(memberPath(call.callee), knowledge) || resolvesToAsync(call.callee, context.sourceCode.getScope(node));
      };
      return {
        ExpressionStatement(node) {
          const cliShape = statementCall(node);
          if (cliShape !== undefined && isPromiseStatementCall(cliShape) && rejectionHandler(cliShape) === undefined) {
            context.report({ node, messageId: 'unhandled', data: { call: memberPath(cliShape.callee).join('.') } });
            return;
          }
          const expression = unwrap(node.expression);
          const isNewPromise = expression.type === 'NewExpression' && expression.callee.type === 'Identifier' && expression.callee.name === 'Promise';
          if (isNewPromise) {
            context.report({ node, messageId: 'unhandled', data: { call: 'new Promise' } });
            return;
          }
          if (expression.type !== 'CallExpression' || hasRejectionHandler(expression)) return;
          if (isPromiseCall(expression, node)) {
            context.report({ node, messageId: 'unhandled', data: { call: memberPath(expression.callee).join('.') } });
          }
        },
      };
    },
  };
}
