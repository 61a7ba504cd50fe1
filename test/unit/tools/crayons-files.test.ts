import { assert } from 'chai';
import { CRAYONS_CDN, CRAYONS_PATH, crayonsFile } from '../../../tools/crayons/crayons-files.js';

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
