import { assert } from 'chai';
import { startLoop, urgentIncident, type Loop } from './loop-harness.js';

describe('forwarding on the local platform (issue 4)', function () {
  this.timeout(30_000);
  let loop: Loop;

  beforeEach(async () => {
    loop = await startLoop();
  });
  afterEach(async () => {
    await loop.close();
  });

  it('turns an Urgent incident into one Signl with the named fields, for one request and two $db operations', async () => {
    const ticket = await loop.fs.createTicket(urgentIncident({ tags: ['db', 'prod'] }));
    const signls = loop.s4.signls();
    assert.lengthOf(signls, 1);
    const signl = signls[0]!;
    assert.match(String(signl.parameters['Title']), new RegExp(`#${String(ticket['id'])}: Database cluster down`));
    assert.equal(signl.parameters['Priority'], 'Urgent');
    assert.include(String(signl.parameters['Text']), 'Primary db-01 is not answering.');
    assert.match(String(signl.parameters['Link']), /^https:\/\/acme\.freshservice\.com\/a\/tickets\/\d+$/);
    assert.equal(signl.parameters['X-S4-Status'], 'new');
    assert.equal(signl.parameters['X-S4-SourceSystem'], 'Freshservice');
    assert.match(String(signl.parameters['X-S4-ExternalID']), /^FS-acme-\d+-1-[0-9a-f]{10}$/);
    const create = loop.events.find((e) => e.event === 'onTicketCreate');
    assert.isDefined(create);
    assert.equal(create?.requests, 1, 'one platform request');
    assert.isAtMost(create?.dbOps ?? 99, 2, 'at most two $db operations');
  });

  it('does not forward a Low ticket, forwards it once when its priority is raised, and never twice on replay', async () => {
    const ticket = await loop.fs.createTicket(urgentIncident({ priority: 1, subject: 'Printer jam' }));
    assert.lengthOf(loop.s4.signls(), 0);
    await loop.fs.updateTicket(Number(ticket['id']), { priority: 4 });
    assert.lengthOf(loop.s4.signls(), 1);
    await loop.fs.updateTicket(Number(ticket['id']), { urgency: 3 });
    const update = loop.events.filter((e) => e.event === 'onTicketUpdate');
    const replayed = await loop.platform.emitProductEvent('onTicketCreate', { ticket: { ...ticket, priority_name: 'Urgent', type_name: 'Incident' }, requester: {}, actor: {} });
    assert.isTrue(replayed.ok);
    assert.lengthOf(loop.s4.signls(), 1, 'nothing sent twice');
    assert.isTrue(update.every((e) => e.ok));
  });
});
