import { assert } from 'chai';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import { CUSTOM_RULES, FRONT_END_RULES, fileKind, ruleSetting, rulesFor, SERVER_RULES } from '../../../tools/validate/fdk-rules.js';

describe('the marketplace rule table (tools/validate/fdk-rules.ts)', () => {
  it('lists FDK 10s 82 rules per file kind, server swapping no-cross-scope-assign for no-dependency-mismatch', () => {
    assert.lengthOf(FRONT_END_RULES, 82);
    assert.lengthOf(new Set(FRONT_END_RULES), 82);
    assert.deepEqual(
      FRONT_END_RULES.map((rule, index) => (rule === SERVER_RULES[index] ? '' : `${rule}->${SERVER_RULES[index] ?? ''}`)).filter(Boolean),
      ['no-cross-scope-assign->no-dependency-mismatch'],
    );
  });

  it('takes every non-custom rule from the installed eslint', () => {
    const missing = [...FRONT_END_RULES, ...SERVER_RULES].filter((rule) => !CUSTOM_RULES.has(rule) && !builtinRules.has(rule));
    assert.deepEqual(missing, []);
  });

  it('gives the severities of the sources: CLI 6.9, FDK10LOG, the guidelines, else error', () => {
    assert.deepEqual(ruleSetting('no-unused-vars'), { level: 'error', options: [{ vars: 'local' }] });
    assert.deepEqual(ruleSetting('complexity'), { level: 'warn', options: [7] });
    assert.deepEqual(ruleSetting('max-nested-callbacks'), { level: 'warn', options: [4] });
    assert.deepEqual(ruleSetting('handle-callback-err'), { level: 'warn', options: ['^.*(e|E)rr'] });
    for (const rule of ['no-caller', 'no-process-env', 'no-unhandled-promise', 'no-logging-rejections', 'no-non-client-request-model', 'no-cross-scope-assign']) assert.equal(ruleSetting(rule).level, 'warn', rule);
    for (const rule of ['no-var', 'no-eq-null', 'no-dependency-mismatch', 'no-unpkg-cdn', 'eqeqeq', 'prefer-const', 'no-empty']) assert.equal(ruleSetting(rule).level, 'error', rule);
  });

  it('lints server/ files with the server rules and everything else with the front-end rules', () => {
    assert.equal(fileKind('server/server.js'), 'server');
    assert.equal(fileKind('config/assets/iparams.js'), 'front-end');
    assert.include(rulesFor('front-end'), 'no-cross-scope-assign');
    assert.notInclude(rulesFor('server'), 'no-cross-scope-assign');
  });
});
