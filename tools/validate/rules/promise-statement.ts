/**
 * The statement shapes CLI 6.9's promise rules look at (hemchander23/glitch-fdk-base
 * `.fdk/fdk/package/lib/utils/syntax-util.js`, read for behaviour, not copied): an expression
 * statement whose value is a member call of then/catch/done/fail, or of `client.request.<x>`.
 * Only the outermost call of the statement counts.
 */
import type * as ESTree from 'estree';

const PROMISE_METHODS = new Set(['then', 'catch', 'done', 'fail']);
const REJECTORS = new Set(['catch', 'fail']);

export type MemberCall = ESTree.CallExpression & { callee: ESTree.MemberExpression };

export function isMemberCall(node: ESTree.Node | null | undefined): node is MemberCall {
  return node?.type === 'CallExpression' && node.callee.type === 'MemberExpression';
}

/** The callee's property name as the CLI reads it (`property.name`, computed or not). */
export function calledMethod(call: MemberCall): string | undefined {
  return call.callee.property.type === 'Identifier' ? call.callee.property.name : undefined;
}

/** The statement's call, seen through `a?.b()` (ES2020), which the CLI's own parser never met. */
export function statementCall(statement: ESTree.ExpressionStatement): MemberCall | undefined {
  const expression = statement.expression.type === 'ChainExpression' ? statement.expression.expression : statement.expression;
  return isMemberCall(expression) ? expression : undefined;
}

/** `client.request.<x>` */
function isClientRequestChain(callee: ESTree.MemberExpression): boolean {
  const owner = callee.object;
  return (
    owner.type === 'MemberExpression' &&
    owner.object.type === 'Identifier' &&
    owner.object.name === 'client' &&
    owner.property.type === 'Identifier' &&
    owner.property.name === 'request'
  );
}

/** `p.then|catch|done|fail(...)` */
export function isPromiseHandlerCall(call: MemberCall): boolean {
  return PROMISE_METHODS.has(calledMethod(call) ?? '');
}

/** What the CLI's no-unhandled-promise looks at: a promise method call or a client.request call. */
export function isPromiseStatementCall(call: MemberCall): boolean {
  return isPromiseHandlerCall(call) || isClientRequestChain(call.callee);
}

/** The rejection handler the CLI accepts: the 2nd argument of a 2-argument then, the only argument of catch/fail. */
export function rejectionHandler(call: MemberCall): ESTree.Node | undefined {
  const method = calledMethod(call) ?? '';
  if (method === 'then' && call.arguments.length === 2) return call.arguments[1];
  if (REJECTORS.has(method) && call.arguments.length === 1) return call.arguments[0];
  return undefined;
}
