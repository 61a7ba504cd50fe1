/**
 * no-non-client-request-model, our implementation of the marketplace rule (behaviour read from CLI 6.9,
 * hemchander23/glitch-fdk-base `.fdk/fdk/package/lib/validations/custom-lint-rules/no-non-client-request-model.js`
 * and `lib/utils/syntax-util.js`): front ends call APIs through the platform's request method, never
 * fetch/axios/XMLHttpRequest/jQuery. Reported: `fetch|axios|XMLHttpRequest|jQuery|$` . `get|put|post|patch|delete|ajax`,
 * and calls or `new` of `fetch`, `axios`, `XMLHttpRequest`. Files whose path starts with `server` are skipped.
 */
import type { Rule } from 'eslint';
import type * as ESTree from 'estree';

const CALLEES = new Set(['fetch', 'axios', 'XMLHttpRequest']);
const OWNERS = new Set([...CALLEES, 'jQuery', '$']);
const MEMBERS = new Set(['get', 'put', 'post', 'patch', 'delete', 'ajax']);

const name = (node: ESTree.Node): string | undefined => (node.type === 'Identifier' ? node.name : undefined);

export const noNonClientRequestModel: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Front ends make API requests through the platform request method.' },
    messages: { request: 'Use client.request when making API requests' },
    schema: [],
  },
  create(context) {
    if (context.filename.startsWith('server')) return {};
    const report = (node: ESTree.Node): void => context.report({ node, messageId: 'request' });
    const calls = (node: ESTree.CallExpression | ESTree.NewExpression): void => {
      if (CALLEES.has(name(node.callee) ?? '')) report(node);
    };
    return {
      CallExpression: calls,
      NewExpression: calls,
      MemberExpression(node) {
        if (OWNERS.has(name(node.object) ?? '') && MEMBERS.has(name(node.property) ?? '')) report(node);
      },
    };
  },
};
