/**
 * Platform calls per use case, as the platform counts them ($request and $db per invocation), each
 * measured alone at the start of a fresh platform minute: forwarding a ticket whose payload is
 * complete; one whose payload lacks linked names (group_id and department_id without their names,
 * as a REST-shaped payload has), with the reference cache cold and then warm; the status sync of a
 * ticket resolved in Freshservice; SIGNL4's acknowledgement and close callbacks (first with the
 * agent look-up, then cached); and the events each of them causes in turn (SIGNL4's "created"
 * confirmation, the callback that follows a resolve, the ticket update the app's own change fires).
 */
import { SEED_AGENTS, SEED_IDS, type ProductEventData } from '../simulators/index.js';
import { startBenchLoop, urgentIncident, type BenchLoop } from './bench-loop.js';
import { costOf, nextMinute, signlOf, type Cost } from './bench-steps.js';

export interface CostTable {
  forwardComplete: Cost;
  createdCallback: Cost;
  forwardLackingNamesFirst: Cost;
  forwardLackingNamesCached: Cost;
  statusSyncResolve: Cost;
  statusSyncCallback: Cost;
  acknowledgeFirst: Cost;
  acknowledgeCached: Cost;
  acknowledgeEchoEvent: Cost;
  close: Cost;
  closeEchoEvent: Cost;
}

const GRACE = SEED_AGENTS[1]!;
const ALAN = SEED_AGENTS[2]!;

/** The payload as REST would give it: linked ids without their names. */
function withoutNames(_event: string, data: ProductEventData): unknown {
  const ticket = { ...data.ticket };
  delete ticket['group_name'];
  delete ticket['department_name'];
  return { ...data, ticket };
}

async function created(loop: BenchLoop, fields: Record<string, unknown> = {}): Promise<{ id: number; cost: Cost }> {
  await nextMinute(loop);
  let id = 0;
  const cost = await costOf(loop, 'onTicketCreate', async () => {
    id = Number((await loop.fs.createTicket(urgentIncident(fields)))['id']);
  });
  return { id, cost };
}

async function released(loop: BenchLoop): Promise<Cost> {
  return costOf(loop, 'onExternalEvent', () => loop.s4.releaseCallbacks());
}

async function forwarding(loop: BenchLoop): Promise<Pick<CostTable, 'forwardComplete' | 'createdCallback' | 'forwardLackingNamesFirst' | 'forwardLackingNamesCached'>> {
  const complete = await created(loop);
  const createdCallback = await released(loop);
  loop.reshape = withoutNames;
  const linked = { group_id: SEED_IDS.groups.networkOps, department_id: SEED_IDS.departments.it };
  const first = await created(loop, linked);
  await released(loop);
  const cached = await created(loop, linked);
  await released(loop);
  loop.reshape = (_event, data) => data;
  return { forwardComplete: complete.cost, createdCallback, forwardLackingNamesFirst: first.cost, forwardLackingNamesCached: cached.cost };
}

async function statusSync(loop: BenchLoop): Promise<Pick<CostTable, 'statusSyncResolve' | 'statusSyncCallback'>> {
  const { id } = await created(loop);
  await released(loop);
  await nextMinute(loop);
  const statusSyncResolve = await costOf(loop, 'onTicketUpdate', () => loop.fs.updateTicket(id, { status: 4 }, { actorId: ALAN.agentId }));
  const statusSyncCallback = await released(loop);
  return { statusSyncResolve, statusSyncCallback };
}

/** A SIGNL4 action's callback, and the onTicketUpdate the app's own ticket change fires. */
async function phoneAction(loop: BenchLoop, act: () => Promise<unknown>): Promise<[Cost, Cost]> {
  await nextMinute(loop);
  await act();
  let echo: Cost = { requests: 0, dbOps: 0 };
  const callback = await costOf(loop, 'onExternalEvent', async () => {
    echo = await costOf(loop, 'onTicketUpdate', () => loop.s4.releaseCallbacks());
  });
  return [callback, echo];
}

async function callbacks(loop: BenchLoop): Promise<Pick<CostTable, 'acknowledgeFirst' | 'acknowledgeCached' | 'acknowledgeEchoEvent' | 'close' | 'closeEchoEvent'>> {
  const one = await created(loop);
  await released(loop);
  const two = await created(loop);
  await released(loop);
  const [acknowledgeFirst, acknowledgeEchoEvent] = await phoneAction(loop, () => loop.s4.acknowledge(signlOf(loop, one.id).id, GRACE.signl4UserId));
  const [acknowledgeCached] = await phoneAction(loop, () => loop.s4.acknowledge(signlOf(loop, two.id).id, GRACE.signl4UserId));
  const [close, closeEchoEvent] = await phoneAction(loop, () => loop.s4.close(signlOf(loop, one.id).id, GRACE.signl4UserId));
  return { acknowledgeFirst, acknowledgeCached, acknowledgeEchoEvent, close, closeEchoEvent };
}

export async function measureCosts(): Promise<CostTable> {
  const loop = await startBenchLoop({ s4: { callbackDelivery: 'manual' } });
  try {
    loop.fs.setRequiredForClosure('root_cause', false);
    await loop.platform.advance(10 * 60_000);
    return { ...(await forwarding(loop)), ...(await statusSync(loop)), ...(await callbacks(loop)) };
  } finally {
    await loop.close();
  }
}
