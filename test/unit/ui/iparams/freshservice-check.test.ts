/** The Freshservice key check of the installation page, against answers shaped like the platform's. */
import { assert } from 'chai';
import { accountChoices, checkFreshserviceKey, choiceNames, KEY_REJECTED } from '../../../../ui/iparams/freshservice-check.js';
import { freshserviceHost, type TemplateAnswer, type TemplateOptions } from '../../../../ui/iparams/iparams-client.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
type Answer = TemplateAnswer | { reject: Record<string, unknown> };

const FIELDS = {
  ticket_fields: [
    { name: 'status', choices: [{ id: 2, value: 'Open' }, { id: 7, value: 'In progress' }] },
    { name: 'ticket_type', choices: [{ id: 1, value: 'Incident' }] },
    { name: 'source', choices: [{ id: 1, value: 'Email' }] },
  ],
};

const OK: Record<string, Answer> = {
  setupFsTickets: { status: 200, response: '{"tickets":[]}' },
  setupFsAgents: { status: 200, response: '{"agents":[]}' },
  setupFsGroups: { status: 200, response: '{"groups":[{"id":1,"name":"Network"}]}' },
  setupFsTicketFormFields: { status: 200, response: JSON.stringify(FIELDS) },
  setupFsUpdateProbe: { reject: { status: 404, response: '{"code":"not_found"}' } },
};

function account(overrides: Record<string, Answer> = {}): { calls: Array<{ name: string; options: TemplateOptions }>; invoke: (name: string, options: TemplateOptions) => Promise<TemplateAnswer> } {
  const calls: Array<{ name: string; options: TemplateOptions }> = [];
  const answers = { ...OK, ...overrides };
  const invoke = (name: string, options: TemplateOptions): Promise<TemplateAnswer> => {
    calls.push({ name, options });
    const answer = answers[name];
    if (answer === undefined) return Promise.reject(new Error(`no answer for ${name}`));
    return 'reject' in answer ? Promise.reject(answer.reject) : Promise.resolve(answer);
  };
  return { calls, invoke };
}

describe('installation page: Freshservice key check', function () {
  it('a working key with every permission gives the account choices, custom statuses included', async function () {
    const { calls, invoke } = account();
    const result = await checkFreshserviceKey(invoke, 'acme.freshservice.com', 'key-1', NOW);
    assert.deepEqual(result, { ok: true, choices: { statuses: ['Open', 'In progress'], types: ['Incident'], sources: ['Email'], groups: ['Network'] } });
    assert.lengthOf(calls, 5);
    assert.deepEqual(calls[0], { name: 'setupFsTickets', options: { context: { host: 'acme.freshservice.com', api_key: 'key-1' } } });
    assert.strictEqual(calls.find((c) => c.name === 'setupFsUpdateProbe')?.options.body, '{}');
  });

  it('a wrong or revoked key (401) stops after the first call', async function () {
    const { calls, invoke } = account({ setupFsTickets: { reject: { status: 401, response: '{"code":"invalid_credentials"}' } } });
    assert.deepEqual(await checkFreshserviceKey(invoke, 'h', 'bad', NOW), { ok: false, message: KEY_REJECTED });
    assert.lengthOf(calls, 1);
  });

  it('names every missing permission in one message (403s)', async function () {
    const { invoke } = account({ setupFsAgents: { reject: { status: 403 } }, setupFsUpdateProbe: { reject: { status: 403 } } });
    const result = await checkFreshserviceKey(invoke, 'h', 'k', NOW);
    assert.isFalse(result.ok);
    assert.match(result.ok ? '' : result.message, /^The agent of this key may not view agents, edit tickets\. In Freshservice \(Admin → Agent roles\)/);
  });

  it('a key that may not view tickets says so', async function () {
    const { invoke } = account({ setupFsTickets: { reject: { status: 403 } } });
    const result = await checkFreshserviceKey(invoke, 'h', 'k', NOW);
    assert.match(result.ok ? '' : result.message, /may not view tickets\./);
  });

  it('a rate limit (429) asks to wait the longest Retry-After, in seconds or as an HTTP date', async function () {
    const later = new Date(NOW + 45_000).toUTCString();
    const { invoke } = account({
      setupFsAgents: { reject: { status: 429, headers: { 'Retry-After': '12' } } },
      setupFsGroups: { reject: { status: 429, headers: { 'retry-after': later } } },
    });
    const result = await checkFreshserviceKey(invoke, 'h', 'k', NOW);
    assert.match(result.ok ? '' : result.message, /rate-limiting .* Try again in 45 s\.$/);
  });

  it('a rate limit without Retry-After says "in a minute"', async function () {
    const { invoke } = account({ setupFsTickets: { reject: { status: 429 } } });
    const result = await checkFreshserviceKey(invoke, 'h', 'k', NOW);
    assert.match(result.ok ? '' : result.message, /Try again in a minute\.$/);
  });

  it('no answer at all, and server errors, say what happened', async function () {
    const silent = await checkFreshserviceKey(account({ setupFsTickets: { reject: { message: 'socket hang up' } } }).invoke, 'h', 'k', NOW);
    assert.match(silent.ok ? '' : silent.message, /^Could not reach Freshservice/);
    const broken = await checkFreshserviceKey(account({ setupFsTicketFormFields: { reject: { status: 503 } } }).invoke, 'h', 'k', NOW);
    assert.match(broken.ok ? '' : broken.message, /^Freshservice answered HTTP 503 while the key was checked/);
  });

  it('marks which failures may pass when asked again: a rate limit after its wait, no answer at once; a wrong key never', async function () {
    const retryOf = (result: Awaited<ReturnType<typeof checkFreshserviceKey>>): number | undefined => (result.ok ? -1 : result.retryInSeconds);
    const limited = account({ setupFsTickets: { reject: { status: 429, headers: { 'Retry-After': '12' } } } });
    assert.strictEqual(retryOf(await checkFreshserviceKey(limited.invoke, 'h', 'k', NOW)), 12);
    const bare = account({ setupFsTickets: { reject: { status: 429 } } });
    assert.strictEqual(retryOf(await checkFreshserviceKey(bare.invoke, 'h', 'k', NOW)), 60, 'a minute without Retry-After');
    const silent = account({ setupFsTickets: { reject: { message: 'socket hang up' } } });
    assert.strictEqual(retryOf(await checkFreshserviceKey(silent.invoke, 'h', 'k', NOW)), 0);
    const forbidden = account({ setupFsUpdateProbe: { reject: { status: 403 } } });
    assert.isUndefined(retryOf(await checkFreshserviceKey(forbidden.invoke, 'h', 'k', NOW)));
  });

  it('the update probe counts 404 and 400 as "may update"', async function () {
    const result = await checkFreshserviceKey(account({ setupFsUpdateProbe: { reject: { status: 400 } } }).invoke, 'h', 'k', NOW);
    assert.isTrue(result.ok);
  });

  it('reads choices in every documented shape', function () {
    assert.deepEqual(choiceNames([{ id: 1, value: 'A' }, { label: 'B' }, { name: ' C ' }, 'D', { id: 5 }, null]), ['A', 'B', 'C', 'D']);
    assert.deepEqual(choiceNames({ Open: 2, Pending: 3 }), ['Open', 'Pending']);
    assert.deepEqual(choiceNames(undefined), []);
    const bare = accountChoices([{ name: 'type', choices: ['Incident'] }], [{ name: 'G' }]);
    assert.deepEqual(bare, { statuses: [], types: ['Incident'], sources: [], groups: ['G'] });
    assert.deepEqual(accountChoices('not json', undefined), { statuses: [], types: [], sources: [], groups: [] });
  });

  it('takes the API host from currentHost without scheme or slash', function () {
    assert.strictEqual(freshserviceHost({ currentHost: { endpoint_urls: { freshservice: 'https://acme.freshservice.com/' } } }), 'acme.freshservice.com');
    assert.strictEqual(freshserviceHost({ endpoint_urls: { freshservice: 'acme.freshservice.com' } }), 'acme.freshservice.com');
    assert.isUndefined(freshserviceHost({ currentHost: {} }));
    assert.isUndefined(freshserviceHost(null));
  });
});
