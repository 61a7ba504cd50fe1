/**
 * no-proxy-requests: FDK 10 runs a rule of this name (FDK10LOG rule list), but no public source says what
 * it flags (UNCONFIRMED). The conservative reading: a call of the URL-taking request methods that go
 * through the platform's request proxy (`<client>.request.get|post|put|patch|delete(...)`,
 * `$request.get|post|put|patch|delete(...)`, see request-method-call.ts) instead of a request template.
 */
import type { Rule } from 'eslint';
import { requestMethodCall } from './request-method-call.js';

export const noProxyRequests: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'API calls go through request templates (invokeTemplate), not the URL request proxy.' },
    messages: { proxy: '`{{call}}(...)` sends the request through the request proxy; declare a request template and call invokeTemplate' },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const call = requestMethodCall(node);
        if (call !== undefined) context.report({ node, messageId: 'proxy', data: { call } });
      },
    };
  },
};
