import { assert } from 'chai';
import type { CallbackRecord } from '../../../server/src/signl4/parse-callback.js';
import { formatTime, noteHtml, planCallback, renderNote, type PlanResult } from '../../../server/src/callbacks/callback-plan.js';
import type { CallbackPlan, SignlStateName } from '../../../server/src/signl/ticket-state.js';
import { settingsWith, ticketState } from '../../fakes/fake-context.js';
import { sandbox } from '../../setup.js';

const AT = Date.UTC(2026, 10, 28, 12, 5, 0);
const ACK: CallbackRecord = { id: 'n-1', type: 201, code: 2, user: 'Sam Okafor', email: 'sam@example.com', at: AT };
const CLOSE: CallbackRecord = { ...ACK, id: 'n-2', code: 4 };

function planned(result: PlanResult): CallbackPlan {
  if (!result.apply) throw new Error(`expected a plan, got: ${result.why}`);
  return result.plan;
}

function skipped(result: PlanResult): string {
  if (result.apply) throw new Error(`expected no plan, got: ${JSON.stringify(result.plan)}`);
  return result.why;
}

const at = (st: SignlStateName) => ticketState({ st });

describe('planCallback', () => {
  it('acknowledges an open Signl: the note with {user}, {time} and {ticket}, the status, and the agent by email', () => {
    const settings = settingsWith({ note_acknowledged: '{user} took ticket {ticket} at {time}.' });
    assert.deepEqual(planned(planCallback(ACK, at('open'), settings)), {
      note: 'Sam Okafor took ticket 42 at 2026-11-28 12:05 UTC.',
      status: 'Open',
      assignEmail: 'sam@example.com',
      state: 'acknowledged',
      timeline: { k: 'acknowledged', t: 'Acknowledged in SIGNL4 by Sam Okafor.' },
    });
  });

  it('closes an open or acknowledged Signl with the close note and close status', () => {
    for (const st of ['open', 'acknowledged'] as const) {
      assert.deepEqual(planned(planCallback(CLOSE, at(st), settingsWith())), {
        note: 'Signl closed in SIGNL4 by Sam Okafor.',
        status: 'Resolved',
        state: 'closed',
        timeline: { k: 'closed', t: 'Closed in SIGNL4 by Sam Okafor.' },
      });
    }
  });

  it('assigns the agent as assign_agent_on says', () => {
    const assigns = (on: string, cb: CallbackRecord, st: SignlStateName): boolean => 'assignEmail' in planned(planCallback(cb, at(st), settingsWith({ assign_agent_on: on })));
    assert.deepEqual(
      ['never', 'acknowledge', 'close', 'both'].map((on) => [assigns(on, ACK, 'open'), assigns(on, CLOSE, 'acknowledged')]),
      [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ],
    );
    const noEmail = { ...ACK, email: undefined } as unknown as CallbackRecord;
    assert.notProperty(planned(planCallback({ id: 'n', type: 201, code: 2 }, at('open'), settingsWith({ assign_agent_on: 'both' }))), 'assignEmail');
    assert.notProperty(planned(planCallback(noEmail, at('open'), settingsWith())), 'assignEmail');
  });

  it('leaves the status and the note out when configured empty', () => {
    const plan = planned(planCallback(ACK, at('open'), settingsWith({ status_on_acknowledge: '', note_acknowledged: '  ' })));
    assert.notProperty(plan, 'status');
    assert.notProperty(plan, 'note');
    assert.equal(plan.state, 'acknowledged');
  });

  it('never moves a Signl backwards: a late acknowledgement after close, or a repeated state, changes nothing', () => {
    assert.match(skipped(planCallback(ACK, at('closed'), settingsWith())), /already closed; a late "acknowledged" changes nothing/);
    assert.match(skipped(planCallback(ACK, at('acknowledged'), settingsWith())), /already acknowledged/);
    assert.match(skipped(planCallback(CLOSE, at('closed'), settingsWith())), /already closed/);
  });

  it('writes the note of an acknowledgement the app itself held back (parked) after the close, and nothing else', () => {
    assert.deepEqual(planned(planCallback(ACK, at('closed'), settingsWith(), true)), {
      note: 'Signl acknowledged in SIGNL4 by Sam Okafor.',
      timeline: { k: 'acknowledged', t: 'Acknowledged in SIGNL4 by Sam Okafor. (applied late: the Signl was already closed)' },
    });
    assert.match(skipped(planCallback(ACK, at('acknowledged'), settingsWith(), true)), /already acknowledged/, 'the same state again is still nothing');
  });

  it('takes a close that names no user, after the app asked SIGNL4 to resolve and lost the answer, as that request coming back: state only, no note', () => {
    const asked = ticketState({ st: 'open', asked: { st: 'resolved', at: AT } });
    const anonymous: CallbackRecord = { id: 'n-3', type: 201, code: 4 };
    assert.deepEqual(planned(planCallback(anonymous, asked, settingsWith())), { state: 'closed', timeline: { k: 'closed', t: 'Closed in SIGNL4, as the app had asked.' } });
    assert.property(planned(planCallback(CLOSE, asked, settingsWith())), 'note', 'someone named closing it is someone acting in SIGNL4');
    assert.property(planned(planCallback(anonymous, at('open'), settingsWith())), 'note', 'nothing asked: an ordinary close');
  });

  it('moves a queued or failed Signl forward', () => {
    assert.equal(planned(planCallback(ACK, at('queued'), settingsWith())).state, 'acknowledged');
    assert.equal(planned(planCallback(CLOSE, at('failed'), settingsWith())).state, 'closed');
  });

  it('ignores status codes other than acknowledged (2) and closed (4), statusCode 0 included', () => {
    for (const code of [0, 1, 8, 16, undefined]) {
      const cb = { id: 'n', type: 201, ...(code === undefined ? {} : { code }) };
      assert.match(skipped(planCallback(cb, at('open'), settingsWith())), /is not acknowledged \(2\) or closed \(4\)/);
    }
  });

  it('notes an escalation (202), or only the timeline when the escalation note is empty', () => {
    assert.deepEqual(planned(planCallback({ id: 'n', type: 202, at: AT }, at('open'), settingsWith())), {
      note: 'Signl escalated in SIGNL4.',
      timeline: { k: 'escalated', t: 'Escalated in SIGNL4.' },
    });
    assert.notProperty(planned(planCallback({ id: 'n', type: 202 }, at('open'), settingsWith({ note_escalated: '' }))), 'note');
  });

  it('turns an annotation (203) into a note when sync_annotations is on, and into the timeline always', () => {
    const cb: CallbackRecord = { id: 'n', type: 203, user: 'Sam', text: "OK, I'll take care about it." };
    assert.deepEqual(planned(planCallback(cb, at('acknowledged'), settingsWith())), {
      note: "Sam in SIGNL4: OK, I'll take care about it.",
      timeline: { k: 'annotated', t: "Sam: OK, I'll take care about it." },
    });
    assert.notProperty(planned(planCallback(cb, at('acknowledged'), settingsWith({ sync_annotations: false }))), 'note');
    assert.equal(planned(planCallback({ id: 'n', type: 203, text: 'x' }, at('open'), settingsWith())).note, 'A SIGNL4 user in SIGNL4: x');
    assert.equal(skipped(planCallback({ id: 'n', type: 203 }, at('open'), settingsWith())), 'the annotation is empty');
  });

  it('plans nothing for other event types ("created" is confirmed by handleCallback without a plan)', () => {
    assert.equal(skipped(planCallback({ id: 'n', type: 300 }, at('open'), settingsWith())), 'event type 300 is not handled');
    assert.equal(skipped(planCallback({ id: 'n', type: 200, alertId: 'a-1' }, at('open'), settingsWith())), 'event type 200 is not handled');
  });
});

describe('renderNote, formatTime and noteHtml', () => {
  it('names the user by username, then email, then "a SIGNL4 user"', () => {
    assert.equal(renderNote('{user}', { id: 'n', type: 201, email: 'e@example.com' }, 1), 'e@example.com');
    assert.equal(renderNote('{user}|{user}', { id: 'n', type: 201 }, 1), 'a SIGNL4 user|a SIGNL4 user');
  });

  it('writes the time in UTC to the minute, using the current time when the callback has none', () => {
    assert.equal(formatTime(Date.UTC(2026, 0, 5, 9, 7, 59)), '2026-01-05 09:07 UTC');
    sandbox.useFakeTimers({ now: Date.UTC(2030, 5, 1, 23, 59), toFake: ['Date'] });
    assert.equal(renderNote('at {time}', { id: 'n', type: 202 }, 1), 'at 2030-06-01 23:59 UTC');
  });

  it('escapes everything from SIGNL4 and keeps line breaks', () => {
    assert.equal(noteHtml('<script>x</script> & "q"\nline 2\r\nline 3'), '&#60;script&#62;x&#60;/script&#62; &#38; &#34;q&#34;<br>line 2<br>line 3');
  });
});
