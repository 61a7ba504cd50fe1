/** The stage log: no red line for what went right (a callback still being answered, an answer the caller asked for). */
import { assert } from 'chai';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFreshserviceSimulator, createSignl4Simulator, type FreshserviceSimulator, type Signl4Simulator } from '../../../tools/simulators/index.js';
import { StageLog } from '../../../tools/stage/stage-log.js';

describe('stage log', function () {
  let fs: FreshserviceSimulator;
  let s4: Signl4Simulator;
  let log: StageLog;
  let app: Server | undefined;

  beforeEach(function () {
    fs = createFreshserviceSimulator();
    s4 = createSignl4Simulator();
    log = new StageLog(fs, s4);
    log.markSeen();
  });
  afterEach(async function () {
    await new Promise<void>((resolve) => (app === undefined ? resolve() : app.close(() => resolve())));
    app = undefined;
  });

  it('logs a callback once the app has answered it, not as "failed" while the answer is on its way', async function () {
    const held: ServerResponse[] = [];
    app = createServer((req, res) => {
      req.resume();
      held.push(res);
    });
    await new Promise<void>((resolve) => app?.listen(0, '127.0.0.1', () => resolve()));
    s4.registerWebhook(`http://127.0.0.1:${(app.address() as AddressInfo).port}/hook`);
    const sent = s4.sendTestEvent();
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.lengthOf(s4.callbacks, 1, 'the delivery is under way');
    assert.deepEqual(log.since(0).filter((entry) => entry.from === 'SIGNL4'), [], 'nothing logged while it waits');
    held[0]?.writeHead(200).end();
    await sent;
    const lines = log.since(0).filter((entry) => entry.from === 'SIGNL4');
    assert.deepEqual(lines.map((entry) => [entry.channel, entry.text]), [['callback', '1 test → HTTP 200']]);
    assert.deepEqual(log.since(lines[0]?.seq ?? 0), [], 'logged once');
  });

  it('shows an answer the caller asked for as a request, saying so, and a real refusal in red', function () {
    const at = Date.now();
    log.fromPlatform({ level: 'warn', at, text: '$request signl4ListWebhooks: GET connect.signl4.com -> 404 (attempt 1/1, 3 ms)' });
    log.fromPlatform({ level: 'warn', at, text: '$request setupFsUpdateProbe: PUT acme.freshservice.com -> 404 (attempt 1/1, 5 ms)' });
    log.fromPlatform({ level: 'warn', at, text: '$request signl4Event: POST connect.signl4.com -> 404 (attempt 1/1, 9 ms)' });
    const lines = log.since(0).map((entry) => [entry.channel, entry.text]);
    assert.deepEqual(lines, [
      ['request', 'signl4ListWebhooks: GET → 404 (attempt 1/1, 3 ms) (expected: no webhooks yet)'],
      ['request', 'setupFsUpdateProbe: PUT → 404 (attempt 1/1, 5 ms) (expected: the key may update tickets)'],
      ['error', 'signl4Event: POST → 404 (attempt 1/1, 9 ms)'],
    ]);
  });
});
