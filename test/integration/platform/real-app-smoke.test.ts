/**
 * Smoke test: the real built server/server.js loads on the local platform (every manifest handler
 * exported, only the documented sandbox globals, the manifest dependencies resolvable) and answers
 * through renderData in set-up events and server methods. The app's behaviour is tested elsewhere.
 */
import { assert } from 'chai';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../../../tools/build.js';
import type { Platform } from '../../../tools/platform/create-platform.js';
import { cleanUp, startHttpServer, startPlatform } from '../../unit/platform-runtime/fixture-app.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('platform runtime: the real app loads and answers', () => {
  let platform: Platform;

  before(async function () {
    this.timeout(60_000);
    await buildServer(ROOT);
    const vendor = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    platform = await startPlatform(ROOT, {
      iparams: { signl4_webhook: 'https://connect.signl4.com/webhook/smoke0secret', signl4_api_key: 'smoke-key', freshservice_api_key: 'smoke-fs-key' },
      hostMap: { 'connect.signl4.com': vendor.url, '*.freshservice.com': vendor.url },
    });
  });
  after(cleanUp);

  it('loads server.js with every handler and server method the manifest names', () => {
    assert.isAbove(platform.app.events.size, 0);
    assert.isAbove(platform.app.functions.size, 0);
  });

  it('answers onAppInstall through renderData (allowed, or blocked with a short message)', async () => {
    const result = await platform.install();
    assert.isTrue(result.ok || (result.blocked !== undefined && result.blocked.length <= 60), `install: ${result.error ?? ''}`);
    assert.notMatch(result.logs.join('\n'), /is not defined/);
  });

  it('answers every server method through renderData, never by timing out', async () => {
    for (const name of platform.app.functions.keys()) {
      const result = await platform.invokeMethod(name, {});
      assert.notStrictEqual(result.status, 504, `${name} did not call renderData: ${result.error ?? ''}`);
      assert.isUndefined(result.killed, name);
    }
  });
});
