import { assert } from 'chai';
import { createSyncContext, freshserviceUrlOf } from '../../../server/src/context/sync-context.js';
import { FS_KEY, settingsWith } from '../../fakes/fake-context.js';
import { fakeDeps } from '../../fakes/fake-deps.js';

describe('createSyncContext', () => {
  it('derives the account, the API host and the tag key from currentHost and settings', () => {
    const deps = fakeDeps();
    const ctx = createSyncContext(deps, settingsWith(), { endpoint_urls: { freshservice: 'https://ACME-it.freshservice.com/' } });
    assert.equal(ctx.freshserviceUrl, 'https://ACME-it.freshservice.com');
    assert.equal(ctx.account, 'acme-it');
    assert.equal(ctx.fs.host, 'ACME-it.freshservice.com');
    assert.strictEqual(ctx.fs.request, deps.request);
    assert.equal(ctx.tagKey, FS_KEY);
  });

  it('falls back to a placeholder URL when currentHost is missing or malformed (FDK test data has none)', () => {
    for (const host of [undefined, {}, { endpoint_urls: {} }, { endpoint_urls: { freshservice: 'acme.freshservice.com' } }, { endpoint_urls: { freshservice: 42 } }]) {
      assert.equal(freshserviceUrlOf(host as never), 'https://localhost.freshservice.com', JSON.stringify(host));
    }
  });
});
