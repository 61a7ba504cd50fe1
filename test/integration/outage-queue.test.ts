/**
 * The retry queue at the platform's size limits (issue 13, Deliver 8): 30 Signls acknowledged,
 * annotated at length (emoji included) and closed while Freshservice is down for two hours. The
 * 90 callbacks do not fit one record: the queue's index stays small, each callback's text has a
 * record of its own, and what the index cannot take is parked, not dropped. At the end every note
 * is on its ticket exactly once, every ticket is resolved, and tickets created meanwhile were paged.
 */
import { assert } from 'chai';
import { ACK_NOTE, CLOSE_NOTE, GRACE, minutes, noteTexts, settle, signlsOf } from './faults-harness.js';
import { startLoop, urgentIncident, type Loop } from './loop-harness.js';

const WHO = `${GRACE.firstName} ${GRACE.lastName}`;

/** About 3,300 characters, one in five an emoji (4 bytes in UTF-8). */
function longAnnotation(n: number): string {
  const unit = Array.from(`Signl ${n}: rack 4 🔥 PSU swapped 🚒 fans ok ✅ `);
  return Array.from({ length: 3300 }, (_, i) => unit[i % unit.length]).join('').trim();
}

/** Tickets created five a minute (the $db budget), each with its one Signl. */
async function forwarded(loop: Loop, count: number): Promise<Array<{ id: number; alertId: string }>> {
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push(Number((await loop.fs.createTicket(urgentIncident()))['id']));
    if (i % 5 === 4) await minutes(loop, 1);
  }
  await minutes(loop, 5);
  return ids.map((id) => {
    const [signl] = signlsOf(loop, id);
    if (signl === undefined) throw new Error(`ticket ${id} was not forwarded`);
    return { id, alertId: signl.id };
  });
}

describe('a two-hour Freshservice outage under 90 long callbacks (issue 13)', function () {
  this.timeout(600_000);
  let loop: Loop | undefined;

  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  it('applies every acknowledgement, annotation and close exactly once, resolves every ticket, and pages the tickets created meanwhile', async () => {
    loop = await startLoop();
    loop.fs.setRequiredForClosure('root_cause', false);
    await loop.platform.advance(6 * 60_000);
    const signls = await forwarded(loop, 30);
    const outageStart = loop.clock.now();
    loop.fs.faults.random({ seed: 13, rate: 1, kinds: ['503'] });
    const created: number[] = [];
    for (const [i, { alertId }] of signls.entries()) {
      await loop.s4.acknowledge(alertId, GRACE.signl4UserId);
      await loop.s4.annotate(alertId, GRACE.signl4UserId, longAnnotation(i));
      await loop.s4.close(alertId, GRACE.signl4UserId);
      if (i % 3 === 2) created.push(Number((await loop.fs.createTicket(urgentIncident({ subject: `Created during the outage ${i}` })))['id']));
      await minutes(loop, 2);
    }
    while (loop.clock.now() - outageStart < 2 * 60 * 60_000) await minutes(loop, 10);
    await settle(loop, 5);

    const problems: string[] = [];
    for (const [i, { id }] of signls.entries()) {
      const notes = noteTexts(loop, id);
      const expected = [ACK_NOTE, `${WHO} in SIGNL4: ${longAnnotation(i)}`, CLOSE_NOTE];
      if (notes.length !== 3 || !expected.every((note) => notes.filter((n) => n.trim() === note).length === 1)) problems.push(`ticket ${id}: ${notes.length} note(s) ${JSON.stringify(notes.map((n) => n.slice(0, 40)))}`);
      if (loop.fs.ticket(id)?.['status'] !== 4) problems.push(`ticket ${id}: status ${String(loop.fs.ticket(id)?.['status'])}`);
      if (signlsOf(loop, id).length !== 1) problems.push(`ticket ${id}: ${signlsOf(loop, id).length} Signls`);
    }
    for (const id of created) if (signlsOf(loop, id).length !== 1) problems.push(`ticket ${id} created during the outage: ${signlsOf(loop, id).length} Signls`);
    assert.deepEqual(problems, []);
    const refused = loop.platform.metrics.invocations.flatMap((i) => i.logs).filter((l) => /too large|exceed the maximum|combined size/i.test(l));
    assert.deepEqual(refused, [], 'no record refused for its size');
    const largest = Math.max(...Object.keys(loop.platform.db.dump()).map((key) => Buffer.byteLength(JSON.stringify(loop?.platform.db.get(key) ?? {}))));
    assert.isAtMost(largest, 40 * 1024);
  });
});
