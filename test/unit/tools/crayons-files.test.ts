import { assert } from 'chai';
import { CRAYONS_CDN, CRAYONS_PATH, crayonsFile, isCrayonsUrl } from '../../../tools/crayons/crayons-files.js';

describe('crayonsFile (Crayons from node_modules at its jsDelivr path)', () => {
  it('answers the loader the pages load, by CDN URL and by local path', () => {
    const byUrl = crayonsFile(`${CRAYONS_CDN}dist/crayons/crayons.esm.js`);
    const byPath = crayonsFile(`${CRAYONS_PATH}dist/crayons/crayons.esm.js?v=1`);
    assert.isDefined(byUrl);
    assert.equal(byUrl?.contentType, 'text/javascript; charset=utf-8');
    assert.include(byUrl?.body.toString('utf8'), 'import');
    assert.deepEqual(byPath?.body, byUrl?.body);
  });

  it('answers nothing outside the package or for other URLs', () => {
    assert.isUndefined(crayonsFile(`${CRAYONS_PATH}../../../package.json`));
    assert.isUndefined(crayonsFile(`${CRAYONS_PATH}%2e%2e/%2e%2e/package.json`));
    assert.isUndefined(crayonsFile(`${CRAYONS_PATH}dist/no-such-file.js`));
    assert.isUndefined(crayonsFile(`${CRAYONS_PATH}dist`));
    assert.isUndefined(crayonsFile('https://cdn.jsdelivr.net/npm/other@1/x.js'));
  });
});

describe('Crayons icons offline', () => {
  it('answers every icon URL of the icon package with an SVG, on the CDN and on a local path, and nothing else there', () => {
    for (const url of ['https://cdn.jsdelivr.net/npm/@freshworks/crayons-icon@next/dist/icons/error.svg', '/npm/@freshworks/crayons-icon@next/dist/icons/plus-filled.svg']) {
      const icon = crayonsFile(url);
      assert.equal(icon?.contentType, 'image/svg+xml', url);
      assert.match(icon?.body.toString('utf8') ?? '', /^<svg /);
    }
    assert.isUndefined(crayonsFile('https://cdn.jsdelivr.net/npm/@freshworks/crayons-icon@next/dist/index.js'));
  });

  it('tells Crayons\' own URLs from any other outside address', () => {
    assert.isTrue(isCrayonsUrl(`${CRAYONS_CDN}dist/crayons/crayons.esm.js`));
    assert.isTrue(isCrayonsUrl('https://cdn.jsdelivr.net/npm/@freshworks/crayons-icon@next/dist/icons/error.svg'));
    assert.isFalse(isCrayonsUrl('https://cdn.jsdelivr.net/npm/other@1/x.js'));
    assert.isFalse(isCrayonsUrl('https://cdn.example.com/npm/@freshworks/crayons@v4/dist/crayons/crayons.esm.js'));
  });
});
