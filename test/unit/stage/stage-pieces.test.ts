/** Small parts of the stage: the phone's buttons per state, the README's steps, the frames' Crayons. */
import { assert } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../tools/build.js';
import { CRAYONS_CDN, CRAYONS_PATH } from '../../../tools/crayons/crayons-files.js';
import { rewritePage } from '../../../tools/stage/frame-page.js';
import { phoneActions } from '../../../tools/stage/phone-data.js';
import { tryItSteps } from '../../../tools/stage/try-it-steps.js';

describe('stage pieces', function () {
  it('offers on the phone only what SIGNL4 offers: no Acknowledge or Escalate once acknowledged, only Annotate once closed', function () {
    assert.deepEqual(phoneActions('new'), ['acknowledge', 'close', 'escalate', 'annotate']);
    assert.deepEqual(phoneActions('acknowledged'), ['close', 'annotate']);
    assert.deepEqual(phoneActions('closed'), ['annotate']);
  });

  it('reads the numbered "Try it" steps of the README\'s "Local run" section as plain sentences', function () {
    const readme = '# X\n\n## Local run\n\nIntro.\n\nTry it (also on the page):\n\n1. Create an **Urgent** incident:\n   the `sidebar` says "Open".\n2. Press [Close](#x).\n\nMore text.\n\n## Next\n\n1. Not this.\n';
    assert.deepEqual(tryItSteps(readme), ['Create an Urgent incident: the sidebar says "Open".', 'Press Close.']);
    assert.deepEqual(tryItSteps('## Other\n\nTry it:\n\n1. No.\n'), []);
    const real = tryItSteps(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    assert.isAtLeast(real.length, 4, 'the README has its steps');
    assert.isTrue(real.some((step) => step.includes('Wrong webhook secret')), 'including the faults');
  });

  it('points a page\'s Crayons at the stage and its relative assets at its folder', function () {
    const html = `<!DOCTYPE html>\n<html><head>\n<script type="module" src="${CRAYONS_CDN}dist/crayons/crayons.esm.js"></script></head><body><header>x</header></body></html>`;
    const page = rewritePage(html, '/app/');
    assert.include(page, `<head>\n<base href="/app/">`);
    assert.include(page, `src="${CRAYONS_PATH}dist/crayons/crayons.esm.js"`);
    assert.notInclude(page, CRAYONS_CDN);
    assert.include(page, '<header>x</header>', 'a <header> is not the head');
  });
});
