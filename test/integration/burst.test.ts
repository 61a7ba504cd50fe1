import { assert } from 'chai';
import { startLoop, urgentIncident, type Loop } from './loop-harness.js';

const BURST = Number(process.env['S4_BURST'] ?? 500);

describe(`a burst of ${BURST} matching tickets within one minute (issue 4)`, function () {
  this.timeout(300_000);
  let loop: Loop;

  before(async () => {
    loop = await startLoop();
  });
  after(async () => {
    await loop.close();
  });

  it('delivers every ticket exactly once while the platform enforces 50 requests and 50 $db operations a minute', async () => {
    const start = loop.clock.now();
    const ids: number[] = [];
    for (let i = 0; i < BURST; i += 1) {
      const ticket = await loop.fs.createTicket(urgentIncident({ subject: `Burst ticket ${i}` }));
      ids.push(Number(ticket['id']));
      await loop.platform.advance(Math.floor(55_000 / BURST));
    }
    let minutes = 0;
    const delivered = () => new Set(loop.s4.signls().map((s) => s.externalId?.split('-')[2]));
    while (delivered().size < BURST && minutes < 24 * 60) {
      await loop.platform.advance(60_000);
      minutes += 1;
    }
    await loop.s4.whenIdle();
    const signls = loop.s4.signls();
    const perTicket = new Map<string, number>();
    for (const s of signls) perTicket.set(String(s.externalId?.split('-')[2]), (perTicket.get(String(s.externalId?.split('-')[2])) ?? 0) + 1);
    const duplicates = [...perTicket.values()].filter((n) => n > 1).length;
    const lost = ids.filter((id) => !perTicket.has(String(id))).length;
    const drainMinutes = (loop.clock.now() - start) / 60_000;
    const metrics = loop.platform.metrics;
    const requests = metrics.invocations.reduce((sum, i) => sum + i.requests, 0);
    const dbOps = metrics.invocations.reduce((sum, i) => sum + i.dbOps, 0);
    console.log(
      `      burst ${BURST}: delivered ${perTicket.size}, duplicates ${duplicates}, lost ${lost}, drained in ${drainMinutes.toFixed(1)} min of platform time; ` +
        `${(requests / BURST).toFixed(2)} requests and ${(dbOps / BURST).toFixed(2)} $db ops per ticket`,
    );
    assert.equal(lost, 0, 'nothing lost');
    assert.equal(duplicates, 0, 'nothing sent twice');
    assert.equal(signls.length, BURST);
  });
});
