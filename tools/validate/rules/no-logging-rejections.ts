/**
 * no-logging-rejections, our implementation of the marketplace rule (behaviour read from CLI 6.9,
 * hemchander23/glitch-fdk-base `.fdk/fdk/package/lib/validations/custom-lint-rules/no-logging-rejections.js`):
 * on a promise statement (then/catch/done/fail), the rejection handler must do more than log.
 * Reported: a function whose body is exactly one `console.*(...)` statement, or an arrow whose
 * expression body is any member call (so `e => client.interface.trigger(...)` counts too).
 */
import type { Rule } from 'eslint';
import type * as ESTree from 'estree';
import { isMemberCall, isPromiseHandlerCall, rejectionHandler, statementCall } from './promise-statement.js';

function onlyLogs(body: ESTree.BlockStatement): boolean {
  const [only] = body.body;
  if (body.body.length !== 1 || only?.type !== 'ExpressionStatement' || !isMemberCall(only.expression)) return false;
  const owner = only.expression.callee.object;
  return owner.type === 'Identifier' && owner.name === 'console';
}

export function isRedundantLogging(node: ESTree.Node | undefined): boolean {
  if (node?.type !== 'ArrowFunctionExpression' && node?.type !== 'FunctionExpression') return false;
  return node.body.type === 'BlockStatement' ? onlyLogs(node.body) : isMemberCall(node.body);
}

export const noLoggingRejections: Rule.RuleModule = {
  meta: {
    type: 'suggestion',
    docs: { description: 'A promise rejection handler must report the error, not only log it.' },
    messages: { logging: 'refrain from simply logging errors.' },
    schema: [],
  },
  create(context) {
    return {
      ExpressionStatement(node) {
        const call = statementCall(node);
        if (call === undefined || !isPromiseHandlerCall(call)) return;
        const handler = rejectionHandler(call);
        if (handler !== undefined && isRedundantLogging(handler)) context.report({ node: handler, messageId: 'logging' });
      },
    };
  },
};
