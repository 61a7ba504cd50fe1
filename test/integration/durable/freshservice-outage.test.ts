/**
 * Issue 13, "Done when": 30 Signls acknowledged, annotated (long texts, emoji) and closed during a
 * two-hour Freshservice outage (5xx, dropped connections, answers slower than the timeout); two hours
 * after recovery every note is there once and every ticket is resolved, and the 25 tickets created
 * during the outage were all paged, once.
 */
import { assert } from 'chai';
import { ACK_NOTE, CLOSE_NOTE, GRACE } from '../faults-harness.js';
import type { Loop } from '../loop-harness.js';
import { longText, minutes, newTicket, notesWith, noteTexts, notPagedOnce, outage, running, signlsOf, SOAK, strayPages } from './durable-harness.js';

const SIGNLS = 30;
const NEW_TICKETS = 25;
const OUTAGE_MINUTES = 120;
const TIMEOUT_MS = 150;

interface Plan {
  id: number;
  alertId: string;
  annotation: string;
}

/** Minute of the outage at which each phone action for Signl i happens (spread over the two hours). */
const ackAt = (i: number): number => 2 + i;
const annotateAt = (i: number): number => 35 + i;
const closeAt = (i: number): number => 75 + i;
const createAt = (j: number): number => 3 + j * 4;

async function forwardAll(loop: Loop): Promise<Plan[]> {
  const ids: number[] = [];
  for (let i = 0; i < SIGNLS; i += 1) {
    ids.push(await newTicket(loop, { subject: `Outage victim ${i}` }));
    if (i % 8 === 7) await minutes(loop, 1);
  }
  await minutes(loop, 10);
  assert.deepEqual(notPagedOnce(loop, ids), [], 'all forwarded before the outage');
  return ids.map((id, i) => ({ id, alertId: String(signlsOf(loop, id)[0]?.id), annotation: longText(i, 3300, i % 2 === 1) }));
}

async function phoneMinute(loop: Loop, plans: Plan[], minute: number): Promise<void> {
  for (const [i, plan] of plans.entries()) {
    if (ackAt(i) === minute) await loop.s4.acknowledge(plan.alertId, GRACE.signl4UserId);
    if (annotateAt(i) === minute) await loop.s4.annotate(plan.alertId, GRACE.signl4UserId, plan.annotation);
    if (closeAt(i) === minute) await loop.s4.close(plan.alertId, GRACE.signl4UserId);
  }
}

function problemsOf(loop: Loop, plan: Plan): string[] {
  const problems: string[] = [];
  for (const text of [ACK_NOTE, `Grace Hopper in SIGNL4: ${plan.annotation}`, CLOSE_NOTE]) {
    const found = notesWith(loop, plan.id, text);
    if (found !== 1) problems.push(`note "${text.slice(0, 40)}…" found ${found} time(s)`);
  }
  if (noteTexts(loop, plan.id).length !== 3) problems.push(`${noteTexts(loop, plan.id).length} notes, expected 3`);
  if (loop.fs.ticket(plan.id)?.['status'] !== 4) problems.push(`status ${String(loop.fs.ticket(plan.id)?.['status'])}, expected 4 (Resolved)`);
  return problems.length === 0 ? [] : [`ticket ${plan.id}: ${problems.join('; ')}`];
}

describe('durable work: a two-hour Freshservice outage (issue 13)', function () {
  this.timeout(SOAK ? 1_800_000 : 300_000);
  let loop: Loop;
  afterEach(async () => loop.close());

  it(`${SIGNLS} Signls acknowledged, annotated (~3,300 characters, emoji) and closed, ${NEW_TICKETS} tickets created, during ${OUTAGE_MINUTES} minutes of 5xx and timeouts: all applied once, all paged once`, async () => {
    loop = await running({ requestTimeoutMs: TIMEOUT_MS });
    const plans = await forwardAll(loop);
    outage(loop.fs, '/api/v2/**', [{ kind: '500' }, { kind: '503', retryAfterSeconds: 120 }, { kind: '503' }, { kind: 'drop' }, { kind: 'delay', delayMs: TIMEOUT_MS * 3 }], 13);
    const created: number[] = [];
    for (let minute = 0; minute < OUTAGE_MINUTES; minute += 1) {
      await phoneMinute(loop, plans, minute);
      for (let j = 0; j < NEW_TICKETS; j += 1) if (createAt(j) === minute) created.push(await newTicket(loop, { subject: `During the outage ${j}` }));
      await minutes(loop, 1);
    }
    assert.isAbove(loop.fs.faults.applied.length, OUTAGE_MINUTES, 'Freshservice was failing');
    assert.lengthOf(created, NEW_TICKETS);
    loop.fs.faults.clear();
    await minutes(loop, 120);

    const everyTicket = [...plans.map((p) => p.id), ...created];
    assert.deepEqual(notPagedOnce(loop, everyTicket), [], 'every matching ticket paged exactly once');
    assert.deepEqual(strayPages(loop, everyTicket), []);
    assert.deepEqual(plans.flatMap((plan) => problemsOf(loop, plan)), [], 'every callback applied exactly once');
  });
});
