import { assert } from 'chai';
import { REF_KEY, ReferenceCache, TTL_MS } from '../../../server/src/freshservice/reference-cache.js';
import { fakeDeps, ok, type TestDeps } from '../../fakes/fake-deps.js';
import { ticketFormFields } from '../../fixtures/fixtures.js';

function cacheFor(deps: TestDeps): ReferenceCache {
  return new ReferenceCache(deps.store, deps.clock, { request: deps.request, host: 'acme.freshservice.com' });
}

function answering(deps: TestDeps): TestDeps {
  deps.request
    .on('fsListGroups', ok({ groups: [{ id: 27000112233, name: 'Payments Platform' }] }))
    .on('fsListDepartments', ok({ departments: [{ id: 2, name: 'Engineering' }] }))
    .on('fsTicketFormFields', ok(ticketFormFields()))
    .on('fsFindAgent', ok({ agents: [{ id: 77, email: 'sam.okafor@example.com' }] }));
  return deps;
}

describe('ReferenceCache', () => {
  it('reads the cache record once and writes it once per invocation, whatever is looked up', async () => {
    const deps = answering(fakeDeps());
    const ref = cacheFor(deps);
    assert.equal(await ref.groupName(27000112233), 'Payments Platform');
    assert.equal(await ref.departmentName(2), 'Engineering');
    assert.equal(await ref.statusName(6), 'Awaiting vendor');
    assert.equal(await ref.agentId('Sam.Okafor@example.com'), 77);
    assert.equal(await ref.groupName(27000112233), 'Payments Platform');
    assert.isUndefined(await ref.workspaceName(2), 'the workspaces listed for the groups serve names too (none listed here)');
    await ref.flush();
    await ref.flush();
    assert.deepEqual(deps.store.opLog, [
      { op: 'get', key: REF_KEY },
      { op: 'set', key: REF_KEY },
    ]);
    assert.deepEqual(deps.request.calls.map((c) => c.template), ['fsListWorkspaces', 'fsListGroups', 'fsListDepartments', 'fsTicketFormFields', 'fsFindAgent'], 'each part fetched once (groups after asking for the workspaces)');
  });

  it('writes nothing when nothing was fetched, and reads nothing when nothing is asked', async () => {
    const deps = answering(fakeDeps());
    await cacheFor(deps).flush();
    assert.equal(deps.store.ops, 0);
    const ref = cacheFor(deps);
    assert.equal(await ref.statusName(4), 'Resolved');
    assert.equal(await ref.statusId('closed'), 5);
    await ref.flush();
    assert.equal(deps.store.ops, 0);
    assert.equal(deps.request.count(), 0);
  });

  it('serves names from the stored record for an hour, then fetches them again', async () => {
    const deps = answering(fakeDeps());
    const first = cacheFor(deps);
    await first.groupName(1);
    await first.flush();
    deps.clock.advance(TTL_MS.names - 1);
    const second = cacheFor(deps);
    assert.equal(await second.groupName(27000112233), 'Payments Platform');
    assert.equal(deps.request.count('fsListGroups'), 1);
    deps.clock.advance(1);
    const third = cacheFor(deps);
    await third.groupName(27000112233);
    assert.equal(deps.request.count('fsListGroups'), 2);
  });

  it('resolves custom status names to ids case-insensitively and says undefined for unknown ones', async () => {
    const deps = answering(fakeDeps());
    const ref = cacheFor(deps);
    assert.equal(await ref.statusId('Pending'), 3);
    assert.equal(await ref.statusId(' awaiting VENDOR '), 6);
    assert.equal(await ref.statusId('In progress'), 7);
    assert.isUndefined(await ref.statusId('Escalated to vendor'));
    assert.isUndefined(await ref.statusName(99));
    assert.equal(deps.request.count('fsTicketFormFields'), 1);
  });

  it('caches an agent for six hours and a missing agent for ten minutes', async () => {
    const deps = fakeDeps();
    deps.request.on('fsFindAgent', ok({ agents: [] }), ok({ agents: [{ id: 5, email: 'new@example.com' }] }));
    const ask = async (): Promise<number | undefined> => {
      const ref = cacheFor(deps);
      const id = await ref.agentId('new@example.com');
      await ref.flush();
      return id;
    };
    assert.isUndefined(await ask());
    deps.clock.advance(TTL_MS.noAgent - 1);
    assert.isUndefined(await ask());
    assert.equal(deps.request.count('fsFindAgent'), 1, 'a missing agent is not looked up again within ten minutes');
    deps.clock.advance(1);
    assert.equal(await ask(), 5);
    deps.clock.advance(TTL_MS.agent - 1);
    assert.equal(await ask(), 5);
    assert.equal(deps.request.count('fsFindAgent'), 2);
    deps.clock.advance(1);
    assert.equal(await ask(), 5);
    assert.equal(deps.request.count('fsFindAgent'), 3);
  });

  it('keeps at most 300 agents, dropping the oldest', async () => {
    const deps = fakeDeps();
    deps.request.on('fsFindAgent', ok({ agents: [] }));
    const agents = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`a${i}@example.com`, { id: i, at: deps.clock.now() }]));
    await deps.store.set(REF_KEY, { v: 1, agents });
    const ref = cacheFor(deps);
    await ref.agentId('newest@example.com');
    await ref.flush();
    const stored = Object.keys(deps.store.peek<{ agents: Record<string, unknown> }>(REF_KEY)?.agents ?? {});
    assert.lengthOf(stored, 300);
    assert.notInclude(stored, 'a0@example.com');
    assert.include(stored, 'newest@example.com');
  });
});
