/** The installation page's per-check lines and summary: green only when every check passed, the webhook secret included. */
import { assert } from 'chai';
import { checkLines, summarise, type CheckFacts } from '../../../../ui/iparams/check-report.js';
import { WebhookProofs } from '../../../../ui/iparams/webhook-proofs.js';

const ALL_GOOD: CheckFacts = { problems: [], keyWorks: true, namesUnchecked: [], webhook: { state: 'accepted', eventId: 'e-1' } };
const NEXT = 'Press Install again to save.';

describe('installation page: what the checks found', function () {
  it('says "All checks passed" only when the webhook secret was proven by a test Signl too', function () {
    assert.deepEqual(summarise(ALL_GOOD, NEXT), { tone: 'ok', text: 'All checks passed. Press Install again to save.' });
    const unproven = summarise({ ...ALL_GOOD, webhook: { state: 'none' } }, NEXT);
    assert.strictEqual(unproven.tone, 'warn');
    assert.notInclude(unproven.text, 'All checks passed');
    assert.strictEqual(unproven.text, 'No problem found, but the webhook secret is not proven until a test Signl arrives (Send a test Signl). Press Install again to save.');
  });

  it('a well-formed secret without a test Signl is "not proven"; one SIGNL4 refused is failed', function () {
    const webhook = (facts: CheckFacts): unknown => checkLines(facts).find((line) => line.id === 'webhook');
    assert.deepInclude(webhook({ ...ALL_GOOD, webhook: { state: 'none' } }), { state: 'unproven' });
    assert.deepInclude(webhook({ ...ALL_GOOD, webhook: { state: 'refused', message: 'SIGNL4 does not know this webhook secret.' } }), {
      state: 'failed',
      detail: 'SIGNL4 does not know this webhook secret.',
    });
    assert.deepInclude(webhook({ ...ALL_GOOD, problems: [{ field: 'signl4_webhook', message: 'Remove the spaces.' }] }), { state: 'failed' });
  });

  it('names the account could not list, or a key that never worked, keep the summary amber, never green', function () {
    assert.match(summarise({ ...ALL_GOOD, namesUnchecked: ['ticket types'] }, NEXT).text, /^No problem found, but the names in your account: not checked, Freshservice listed no ticket types\./);
    assert.strictEqual(summarise({ ...ALL_GOOD, keyWorks: undefined, namesUnchecked: undefined }, NEXT).tone, 'warn');
  });

  it('any problem is red and counted, whatever passed', function () {
    const facts: CheckFacts = { ...ALL_GOOD, problems: [{ field: 'status_on_close', message: 'x' }, { field: 'note_closed', message: 'y' }] };
    assert.deepEqual(summarise(facts, NEXT), { tone: 'bad', text: '2 settings need attention (listed at the top of the page). Fix them, then press Install again.' });
    assert.deepEqual(checkLines(facts).map((line) => [line.id, line.state]), [['settings', 'failed'], ['freshservice', 'passed'], ['names', 'failed'], ['webhook', 'passed']]);
  });

  it('remembers a proof per secret: a webhook URL and its bare secret are the same', function () {
    const proofs = new WebhookProofs();
    proofs.remember('https://connect.signl4.com/webhook/abc', { state: 'accepted', eventId: 'e' });
    proofs.remember('other', { state: 'none' });
    assert.deepEqual(proofs.of('abc'), { state: 'accepted', eventId: 'e' });
    assert.deepEqual(proofs.of('other'), { state: 'none' });
    assert.deepEqual(proofs.of(undefined), { state: 'none' });
  });
});
