/**
 * The built server.js under the FDK CLI's own rules (docs/platform-rules.md): the local platform
 * reads its exports literal as the CLI does, runs it with the CLI's sandbox console (log, info and
 * error only: no warn), refuses schedules and $db calls as the CLI does (30-character names, a
 * one-time schedule at least 5 minutes ahead when the call arrives, update that upserts, 400 for a
 * nested path under a missing parent). Under those rules the app still does its job: a matching
 * ticket is forwarded; a SIGNL4 500 is retried by the scheduled event and delivered once; a
 * callback that meets a spent $db budget is applied later; the retry queue survives its first tick
 * on a missing record (a fresh install has none).
 */
import { assert } from 'chai';
import type { Loop } from '../loop-harness.js';
import { startLoop, urgentIncident } from '../loop-harness.js';
import { ACK_NOTE, GRACE, minutes, noteTexts, signlsOf, webhookPosts } from '../faults-harness.js';

/** What the CLI answers when an app breaks one of its rules (CLI69 messages). */
const REFUSALS = [
  /Name length must not be greater than 30/,
  /must be at least 5 minutes in the future/,
  /Key length should not exceed 30 characters/,
  /One or more paths in the attributes are invalid/,
  /console\.warn is not a function/,
  /is not a function expression/,
];

/** Every refusal of a CLI rule in the platform log and in each invocation's own log. */
function refusals(loop: Loop): string[] {
  const lines = [...loop.platform.logs.map((line) => line.text), ...loop.platform.metrics.invocations.flatMap((invocation) => [...invocation.logs, invocation.error ?? ''])];
  return lines.filter((line) => REFUSALS.some((pattern) => pattern.test(line)));
}

describe('the built app under the FDK CLI’s rules (local platform)', function () {
  this.timeout(120_000);
  let loop: Loop | undefined;

  afterEach(async () => {
    await loop?.close();
    loop = undefined;
  });

  it('is loaded from its exports literal: every handler and server method of the manifest is found', async () => {
    loop = await startLoop();
    const named = [...[...loop.platform.app.events.values()].map((binding) => binding.handler), ...loop.platform.app.functions.keys()];
    assert.sameMembers([...loop.platform.app.exportNames].filter((name) => named.includes(name)), named);
    assert.lengthOf(named, 13);
  });

  it('forwards a matching ticket; after a first tick that met no queue record, a SIGNL4 500 is retried by the tick and delivered once', async () => {
    loop = await startLoop();
    await minutes(loop, 8);
    const plain = Number((await loop.fs.createTicket(urgentIncident({ subject: 'Forwarded at once' })))['id']);
    await loop.s4.whenIdle();
    assert.lengthOf(signlsOf(loop, plain), 1, 'a matching ticket is forwarded');

    loop.s4.faults.next('/webhook/*', { kind: '500' }, 1);
    const id = Number((await loop.fs.createTicket(urgentIncident({ subject: 'SIGNL4 answers 500' })))['id']);
    await loop.s4.whenIdle();
    assert.lengthOf(signlsOf(loop, id), 0, 'SIGNL4 answered 500: not delivered yet');
    await minutes(loop, 10);
    assert.lengthOf(signlsOf(loop, id), 1, 'queued on a fresh installation and delivered by the scheduled tick, once');
    assert.equal(webhookPosts(loop), 3, 'the first ticket, the refused attempt and one delivery');
    assert.deepEqual(refusals(loop), []);
  });

  it('applies an acknowledgement that met a spent $db budget minutes later, once, logging its warning without console.warn', async () => {
    loop = await startLoop();
    loop.fs.setRequiredForClosure('root_cause', false);
    await loop.platform.advance(6 * 60_000);
    const id = Number((await loop.fs.createTicket(urgentIncident()))['id']);
    await loop.s4.whenIdle();
    const [signl] = signlsOf(loop, id);
    assert.isDefined(signl);

    await loop.platform.advance(60_000 - (loop.clock.now() % 60_000) + 1000);
    for (let i = 0; i < 30; i += 1) await loop.fs.createTicket(urgentIncident({ subject: `Load ${i}` }));
    await loop.s4.acknowledge(signl?.id ?? '', GRACE.signl4UserId);
    await loop.s4.whenIdle();
    assert.deepEqual(noteTexts(loop, id), [], 'not applied while the budget is spent');
    assert.isTrue(
      loop.platform.logs.some((line) => /WARN/.test(line.text) && /parked/.test(line.text)),
      'the parking warning reached the log through a console method the CLI has',
    );

    await minutes(loop, 8);
    assert.deepEqual(noteTexts(loop, id), [ACK_NOTE]);
    assert.equal(loop.fs.ticket(id)?.['responder_id'], GRACE.agentId);
    await minutes(loop, 15);
    assert.deepEqual(noteTexts(loop, id), [ACK_NOTE], 'applied once');
    assert.deepEqual(refusals(loop), []);
  });
});
