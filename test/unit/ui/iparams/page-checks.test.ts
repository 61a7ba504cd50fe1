/** The installation page's pure checks: names against the account, problem wording, the test Signl. */
import { assert } from 'chai';
import { checkAccountNames } from '../../../../ui/iparams/account-names-check.js';
import { unknownPlaceholders, webhookHint, wordProblem } from '../../../../ui/iparams/problem-wording.js';
import { checkSettings } from '../../../../ui/iparams/settings-check.js';
import { secretOf, sendTestSignl } from '../../../../ui/iparams/signl4-test.js';
import type { TemplateAnswer, TemplateOptions } from '../../../../ui/iparams/iparams-client.js';

const CHOICES = { statuses: ['Open', 'Pending', 'Resolved', 'Closed', 'In progress'], types: ['Incident'], sources: ['Email', 'Portal'], groups: ['Network'] };

const LABELS: Record<string, string> = {
  status_on_close: 'Ticket status when the Signl is closed',
  acknowledge_on_statuses: 'Ticket statuses that acknowledge the Signl',
  filter_sources: 'Sources',
  filter_types: 'Ticket types',
};
const labelOf = (field: string): string => LABELS[field] ?? `label of ${field}`;

describe('installation page: names that must exist in the account', function () {
  it('accepts known names in any letter case and leaves empty status fields alone', function () {
    const settings = { status_on_acknowledge: 'in PROGRESS', status_on_close: '', close_on_statuses: ['resolved', 'Closed'], filter_types: ['incident'] };
    assert.deepEqual(checkAccountNames(settings, CHOICES, labelOf), { problems: [], unchecked: [] });
  });

  it('refuses each unknown status, type or source at its field, named by the field\'s label, with the choices', function () {
    const { problems } = checkAccountNames({ status_on_close: 'Done', acknowledge_on_statuses: ['Pendng', 'Hold'], filter_sources: ['Fax'], filter_types: ['Outage'] }, CHOICES, labelOf);
    assert.deepEqual(problems, [
      { field: 'filter_types', message: 'Ticket types: your Freshservice account has no ticket type "Outage". Choose from: Incident.' },
      { field: 'filter_sources', message: 'Sources: your Freshservice account has no source "Fax". Choose from: Email, Portal.' },
      { field: 'status_on_close', message: 'Ticket status when the Signl is closed: your Freshservice account has no status "Done". Choose from: Open, Pending, Resolved, Closed, In progress.' },
      {
        field: 'acknowledge_on_statuses',
        message: 'Ticket statuses that acknowledge the Signl: your Freshservice account has no statuses "Pendng", "Hold". Choose from: Open, Pending, Resolved, Closed, In progress.',
      },
    ]);
    assert.notMatch(problems.map((p) => p.message).join(' '), /status_on_close|filter_types|acknowledge_on_statuses/, 'never a field id');
  });

  it('reports what the account did not list as unchecked, never as passed; groups are not checked', function () {
    assert.deepEqual(checkAccountNames({ filter_groups: ['Nope'], filter_types: ['Whatever'] }, { ...CHOICES, types: [] }, labelOf), { problems: [], unchecked: ['ticket types'] });
  });
});

describe('installation page: problem wording', function () {
  it('says what exactly is wrong with a webhook URL', function () {
    assert.strictEqual(webhookHint('https://connect.signl4.com/webhook/a b'), 'Remove the spaces.');
    assert.strictEqual(webhookHint('https://connect.signl4.com/webhook/abc/'), 'Remove the slash at the end.');
    assert.strictEqual(webhookHint('https://evil.example/webhook/abc'), 'This URL points to evil.example, not connect.signl4.com: copy the webhook URL from SIGNL4.');
    assert.strictEqual(webhookHint('http://connect.signl4.com/webhook/abc'), 'Use https://, not http://.');
    assert.isUndefined(webhookHint('abc!'));
  });

  it('finds unknown note placeholders once each', function () {
    assert.deepEqual(unknownPlaceholders('By {user} at {time}, {usr} {usr} {}'), ['{usr}', '{}']);
  });

  it('puts the page label in place of a raw setting name and the hint first', function () {
    const message = wordProblem('note_closed', 'note_closed may use only the placeholders {user}, {time}, {ticket}.', 'By {agent}', 'Note when closed');
    assert.strictEqual(message, 'Unknown placeholder {agent}. Note when closed may use only the placeholders {user}, {time}, {ticket}.');
    assert.strictEqual(wordProblem('note_closed', 'note_closed must be string.', 'plain text', 'Note'), 'Note must be string.');
    assert.strictEqual(wordProblem('note_closed', 'x', 'a {b', 'Note'), 'Braces are only for placeholders. x');
    assert.strictEqual(wordProblem('freshservice_api_key', 'Freshservice API key is required.', undefined, 'API key'), 'API key is required.', "the schema's own name gives way to the page's label");
  });
});

describe('installation page: the settings check through validateSettings', function () {
  it('returns the server\'s problems as they are', async function () {
    const problems = [{ field: 'signl4_webhook', message: 'required' }, { field: 'note_closed', message: 'bad' }];
    const invoke = (): Promise<unknown> => Promise.resolve({ requestID: 'r', response: { ok: false, problems } });
    assert.deepEqual(await checkSettings(invoke, {}), problems);
  });

  it('a failed or unreadable answer is one problem without a field, in words', async function () {
    const failed = await checkSettings(() => Promise.reject({ status: 504, message: 'Timeout error.' }), {});
    assert.deepEqual(failed, [{ field: '', message: 'The settings could not be checked: Timeout error. Try again in a moment.' }]);
    const odd = await checkSettings(() => Promise.resolve({ response: 'yes' }), {});
    assert.match(odd[0]?.message ?? '', /cannot read/);
  });
});

describe('installation page: test Signl', function () {
  const reply = (answer: TemplateAnswer | Record<string, unknown>, rejects = false) => {
    const calls: Array<{ name: string; options: TemplateOptions }> = [];
    const invoke = (name: string, options: TemplateOptions): Promise<TemplateAnswer> => {
      calls.push({ name, options });
      return rejects ? Promise.reject(answer) : Promise.resolve(answer as TemplateAnswer);
    };
    return { calls, invoke };
  };

  it('takes the secret from a webhook URL or as typed', function () {
    assert.strictEqual(secretOf('https://connect.signl4.com/webhook/abc-123'), 'abc-123');
    assert.strictEqual(secretOf('abc-123'), 'abc-123');
  });

  it('sends one event with the secret in context and reports the event id', async function () {
    const { calls, invoke } = reply({ status: 201, response: '{"eventId":"e-1"}' });
    const result = await sendTestSignl(invoke, 'https://connect.signl4.com/webhook/s3cret', 'emergency', 0);
    assert.isTrue(result.ok);
    assert.match(result.message, /^Test Signl sent \(SIGNL4 event id e-1\): SIGNL4 knows this secret\./);
    assert.deepEqual(result.proof, { state: 'accepted', eventId: 'e-1' }, 'an accepted event proves the secret');
    assert.deepEqual(calls[0]?.options.context, { secret: 's3cret' });
    const body = JSON.parse(calls[0]?.options.body ?? '{}') as Record<string, unknown>;
    assert.deepEqual(body, {
      Title: 'Test Signl from Freshservice',
      Message: 'A test from the settings page of SIGNL4 for Freshservice. No ticket is involved; close this Signl in SIGNL4.',
      'X-S4-SourceSystem': 'Freshservice',
      'X-S4-AlertingScenario': 'emergency',
    });
  });

  it('accepts any 2xx, with or without an event id', async function () {
    const result = await sendTestSignl(reply({ status: 200, response: 'ok' }).invoke, 'abcd', 'single_ack', 0);
    assert.isTrue(result.ok);
    assert.match(result.message, /^Test Signl sent: /);
    assert.deepEqual(result.proof, { state: 'accepted', eventId: undefined });
  });

  it('explains 404, 429, other refusals and no answer', async function () {
    const message = async (answer: Record<string, unknown>): Promise<string> => (await sendTestSignl(reply(answer, true).invoke, 'abcd', 'single_ack', 0)).message;
    assert.match(await message({ status: 404 }), /does not know this webhook secret/);
    assert.match(await message({ status: 429, headers: { 'Retry-After': '15' } }), /Try again in 15 s\./);
    assert.match(await message({ status: 429 }), /Try again in a minute\./);
    assert.match(await message({ status: 400 }), /refused the test Signl \(HTTP 400\)/);
    assert.match(await message({ message: 'ECONNRESET' }), /^Could not reach SIGNL4/);
  });

  it('only a 404 refuses the secret; a rate limit or no answer proves nothing either way', async function () {
    const proof = async (answer: Record<string, unknown>): Promise<string> => (await sendTestSignl(reply(answer, true).invoke, 'abcd', 'single_ack', 0)).proof.state;
    assert.strictEqual(await proof({ status: 404 }), 'refused');
    assert.strictEqual(await proof({ status: 429 }), 'none');
    assert.strictEqual(await proof({ status: 500 }), 'none');
    assert.strictEqual(await proof({ message: 'ECONNRESET' }), 'none');
  });
});
