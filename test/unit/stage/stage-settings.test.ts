/** npm start's settings: built-in simulator values, .local/settings.json overrides, what the Settings tab stores. */
import { assert } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initialSettings, mergeSettings, simulatorSettings, storedConfigs } from '../../../tools/stage/stage-settings.js';

describe('stage settings', function () {
  let dir: string;
  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), 's4-settings-'));
  });
  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs the built-in simulator settings when there is no local file', function () {
    const settings = initialSettings(join(dir, 'settings.json'));
    assert.equal(settings.source, 'simulator defaults');
    assert.deepEqual(settings.iparams, simulatorSettings());
  });

  it('lets the committed example, copied as it is, run against the simulators (empty secrets fall back)', function () {
    const file = join(dir, 'settings.json');
    writeFileSync(file, readFileSync('settings.example.json'));
    const settings = initialSettings(file);
    assert.equal(settings.source, '.local/settings.json');
    assert.equal(settings.iparams['signl4_webhook'], simulatorSettings()['signl4_webhook']);
    assert.equal(settings.iparams['freshservice_api_key'], simulatorSettings()['freshservice_api_key']);
    assert.notProperty(settings.iparams, '_comment');
    assert.deepEqual(settings.iparams['filter_priorities'], ['Urgent', 'High']);
  });

  it('says which file is broken instead of starting with guessed settings', function () {
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{ nope');
    assert.throws(() => initialSettings(file), /settings\.json is not valid JSON/);
    writeFileSync(file, '[]');
    assert.throws(() => initialSettings(file), /must hold one JSON object/);
  });

  it('merges a settings file over the defaults: new values win, a secret left out is kept, \'\' removes the optional API key', function () {
    const merged = mergeSettings({ freshservice_api_key: 'old-key', signl4_api_key: 'old-s4', note_closed: 'a' }, { note_closed: 'b', signl4_api_key: '', _comment: 'x' });
    assert.deepEqual(merged, { freshservice_api_key: 'old-key', signl4_api_key: '', note_closed: 'b' });
  });

  it('stores what postConfigs() returned as the whole configuration: a key left out is gone, only __meta is dropped', function () {
    const posted = { note_closed: 'b', signl4_webhook: 'w', __meta: { secure: ['signl4_webhook'] } };
    const stored = storedConfigs(posted);
    assert.deepEqual(stored, { note_closed: 'b', signl4_webhook: 'w' });
    assert.property(posted, '__meta', 'the posted object is left as it was');
  });
});
