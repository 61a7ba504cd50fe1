/**
 * no-deprecated-apis: FDK 10 runs a rule of this name (FDK10LOG rule list), but no public source says
 * which APIs it lists (UNCONFIRMED). CLI 6.9 has a `no-deprecated-functions` rule (a map of
 * deprecated function -> replacement, defined but not enabled: hemchander23/glitch-fdk-base
 * `.fdk/fdk/package/lib/validations/custom-lint-rules/no-deprecated-functions.js`). What we can infer is
 * deprecated for a platform-3.0 app, and report here:
 *  - the platform-2.0 front-end client script `static.freshdev.io/fdk/2.0/assets/fresh_client.js`,
 *    which `{{{appclient}}}` replaced;
 *  - `client.request.get|post|put|patch|delete` and `$request.get|post|put|patch|delete`, which
 *    platform 2.3 replaced by request templates (also no-proxy-requests: the two readings overlap).
 */
import type { Rule } from 'eslint';
import { requestMethodCall } from './request-method-call.js';

const OLD_CLIENT = /static\.freshdev\.io\/fdk\/2\.0\//i;

export const noDeprecatedApis: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'No platform API that platform 3.0 deprecated.' },
    messages: {
      request: "'{{call}}' is deprecated; declare a request template and call invokeTemplate",
      client: 'loads the platform-2.0 client (fresh_client.js), which is deprecated; use the appclient placeholder script in the page',
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const call = requestMethodCall(node);
        if (call !== undefined) context.report({ node, messageId: 'request', data: { call } });
      },
      Literal(node) {
        if (typeof node.value === 'string' && OLD_CLIENT.test(node.value)) context.report({ node, messageId: 'client' });
      },
      TemplateElement(node) {
        if (OLD_CLIENT.test(node.value.raw)) context.report({ node, messageId: 'client' });
      },
    };
  },
};
