import { RuleTester } from 'eslint';
import { createNoDependencyMismatch } from '../../../tools/validate/rules/no-dependency-mismatch.js';
import { noCrossScopeAssign } from '../../../tools/validate/rules/no-cross-scope-assign.js';
import { noDeprecatedApis } from '../../../tools/validate/rules/no-deprecated-apis.js';
import { noLoggingRejections } from '../../../tools/validate/rules/no-logging-rejections.js';
import { noNonClientRequestModel } from '../../../tools/validate/rules/no-non-client-request-model.js';
import { noProxyRequests } from '../../../tools/validate/rules/no-proxy-requests.js';
import { noUnpkgCdn } from '../../../tools/validate/rules/no-unpkg-cdn.js';

const tester = new RuleTester({ languageOptions: { ecmaVersion: 2020, sourceType: 'script' } });

describe('marketplace custom lint rules (tools/validate/rules)', () => {
  tester.run('no-logging-rejections', noLoggingRejections, {
    valid: [
      'p.then(ok, function (e) { notify(e); });',
      'p.catch(function (e) { console.error(e); notify(e); });',
      'p.catch(e => notify(e));',
      'p.then(e => console.log(e));',
      'const q = p.catch(e => console.log(e));',
    ],
    invalid: [
      { code: 'p.then(ok, function (e) { console.error(e); });', errors: [{ messageId: 'logging' }] },
      { code: 'p.catch(e => { console.log(e); });', errors: [{ messageId: 'logging' }] },
      { code: 'p.fail(e => console.log(e));', errors: [{ messageId: 'logging' }] },
      { code: 'p.catch(e => client.interface.trigger("showNotify", e));', errors: [{ messageId: 'logging' }] },
    ],
  });

  tester.run('no-non-client-request-model', noNonClientRequestModel, {
    valid: ['client.request.invokeTemplate("x", {});', 'window.fetchAll();', { code: 'fetch("u");', filename: 'server/server.js' }],
    invalid: [
      { code: 'fetch("u");', errors: [{ messageId: 'request' }] },
      { code: 'new XMLHttpRequest();', errors: [{ messageId: 'request' }] },
      { code: 'axios.get("u");', errors: [{ messageId: 'request' }] },
      { code: '$.ajax({});', errors: [{ messageId: 'request' }] },
      { code: 'jQuery.post("u");', errors: [{ messageId: 'request' }] },
    ],
  });

  tester.run('no-cross-scope-assign', noCrossScopeAssign, {
    valid: ['let a; a = 1;', 'function f(b) { b = 2; return b; }', 'function f() { var c = 1; c += 1; return c; }', 'const o = {}; function f() { o.x = 1; }', 'let i = 0; function f() { i++; }'],
    invalid: [
      { code: 'let a = 0; function f() { a = 1; }', errors: [{ messageId: 'cross' }] },
      { code: 'function f() { undeclared = 1; }', errors: [{ messageId: 'cross' }] },
      { code: 'const g = () => { let z; return function () { z = 1; }; };', errors: [{ messageId: 'cross' }] },
      { code: 'function f({ d }) { d = 1; return d; }', errors: [{ messageId: 'cross' }] },
      { code: 'try { x(); } catch (e) { e = 1; }', errors: [{ messageId: 'cross' }] },
    ],
  });

  tester.run('no-dependency-mismatch', createNoDependencyMismatch(new Set(['ajv'])), {
    valid: ['require("ajv");', 'require("ajv/dist/compile");', 'require("./lib/x");', '__require("lodash");', 'require(name);', 'require(`lodash`);'],
    invalid: [
      { code: 'require("lodash");', errors: [{ messageId: 'unlisted', data: { name: 'lodash' } }] },
      { code: 'require("crypto");', errors: [{ messageId: 'unlisted', data: { name: 'crypto' } }] },
    ],
  });

  tester.run('no-unpkg-cdn', noUnpkgCdn, {
    valid: ['const url = "https://cdn.jsdelivr.net/npm/x";'],
    invalid: [
      { code: 'const url = "https://unpkg.com/x";', errors: [{ messageId: 'unpkg', line: 1 }] },
      { code: 'f();\n// from https://UNPKG.com/y', errors: [{ messageId: 'unpkg', line: 2 }] },
    ],
  });

  tester.run('no-proxy-requests', noProxyRequests, {
    valid: ['client.request.invokeTemplate("x", {});', '$request.invokeTemplate("x", {});', 'map.get("k");', 'client.request.invoke("method", {});'],
    invalid: [
      { code: 'client.request.get("https://x.example");', errors: [{ messageId: 'proxy' }] },
      { code: 'this.client.request.delete("https://x.example");', errors: [{ messageId: 'proxy' }] },
      { code: '$request.post("https://x.example", {});', errors: [{ messageId: 'proxy' }] },
    ],
  });

  tester.run('no-deprecated-apis', noDeprecatedApis, {
    valid: ['$request.invokeTemplate("x", {});', 'const src = "{{{appclient}}}";'],
    invalid: [
      { code: '$request.put("https://x.example", {});', errors: [{ messageId: 'request' }] },
      { code: 'const src = "https://static.freshdev.io/fdk/2.0/assets/fresh_client.js";', errors: [{ messageId: 'client' }] },
      { code: 'const src = `https://static.freshdev.io/fdk/2.0/assets/fresh_client.js`;', errors: [{ messageId: 'client' }] },
    ],
  });
});
