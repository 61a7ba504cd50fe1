/**
 * A copy of the app tree whose shipped JavaScript is replaced by small hand-written files that meet
 * every marketplace rule (an `exports = { name: function () {} }` literal naming every handler, ajv
 * loaded by a literal require, top-level installation-page functions), so lint tests can break one
 * thing and see exactly that fail, whatever the current build produces.
 */
import { recordAt } from '../../../tools/validate/app-tree.js';
import { namedHandlers } from '../../../tools/validate/check-exports.js';
import { AppFixture } from './app-fixture.js';

export function cleanServer(names: ReadonlyArray<string>): string {
  const methods = names.map((name) => `  ${name}: function (args) {\n    renderData(null, describe(args));\n  }`).join(',\n');
  return [
    '"use strict";',
    'const Ajv = require("ajv");',
    'exports = {',
    methods,
    '};',
    'function describe(args) {',
    '  const ajv = new Ajv();',
    '  return { validated: ajv.validate({ type: "object" }, args) };',
    '}',
    '',
  ].join('\n');
}

export const CLEAN_FRONT_END = [
  '(function () {',
  '  "use strict";',
  '  function show(client) {',
  '    return client.interface.trigger("showNotify", { type: "info", message: "ready" });',
  '  }',
  '  app.initialized().then(show).catch(function (error) {',
  '    document.body.textContent = String(error);',
  '  });',
  '})();',
  '',
].join('\n');

export const CLEAN_IPARAMS = [
  '"use strict";',
  'const saved = { configs: {} };',
  'function getConfigs(configs) {',
  '  saved.configs = configs;',
  '}',
  'function postConfigs() {',
  '  return { signl4_webhook: saved.configs.signl4_webhook, __meta: { secure: ["signl4_webhook", "signl4_api_key", "freshservice_api_key"] } };',
  '}',
  'function validate() {',
  '  return true;',
  '}',
  '',
].join('\n');

export function syntheticApp(): AppFixture {
  const fixture = new AppFixture();
  const manifest: unknown = JSON.parse(fixture.read('manifest.json'));
  fixture.write('server/server.js', cleanServer(namedHandlers(manifest).map(({ name }) => name)));
  fixture.write('app/scripts/sidebar.js', CLEAN_FRONT_END);
  fixture.write('app/scripts/diagnostics.js', CLEAN_FRONT_END);
  fixture.write('config/assets/iparams.js', CLEAN_IPARAMS);
  if (Object.keys(recordAt(manifest, 'dependencies')).join() !== 'ajv') throw new Error('synthetic app: the manifest is expected to depend on ajv only');
  return fixture;
}
