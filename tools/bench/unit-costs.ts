/**
 * Cost per unit of work, as the platform counts it (issue 13 "Cost per unit of work"):
 * - a callback for another integration's alert (SIGNL4's outbound webhook is team-wide, so every
 *   alert of the team reaches the app): alerts raised on SIGNL4 with a foreign external id, then
 *   acknowledged and closed there, three callbacks each;
 * - a complete-payload forward outside a burst: tickets created a few minutes apart.
 * Each is measured twice: the handler invocations of that unit alone (`own`), and everything the
 * platform counted over the window less an idle window of the same length just before it
 * (`net`: follow-on work such as schedules placed now and removed by a later tick is included).
 */
import { SEED_AGENTS } from '../simulators/index.js';
import { S4_SECRET, startBenchLoop, urgentIncident, type BenchLoop } from './bench-loop.js';
import { invocationsOf, nextMinute } from './bench-steps.js';
import { countedOf, netOf, perUnit, sumOf, type Counted } from './per-unit.js';

export interface UnitCost {
  /** How many units were measured. */
  units: number;
  /** Average over the units' own invocations. */
  own: Counted;
  /** Average of the window less its idle baseline. */
  net: Counted;
  /** Platform minutes the window lasted. */
  windowMinutes: number;
}

export interface UnitCosts {
  foreignCallback: UnitCost;
  forwardOutsideBurst: UnitCost;
}

export interface UnitCostOptions {
  /** Foreign alerts raised (three callbacks each; default 20). */
  foreignAlerts?: number;
  /** Tickets forwarded outside a burst (default 50). */
  tickets?: number;
}

const ON_CALL = SEED_AGENTS[1]!;
const FOREIGN_SPACING_MS = 30_000;
const TICKET_SPACING_MS = 3 * 60_000 + 17_000;

function totalsNow(loop: BenchLoop): Counted {
  return countedOf(loop.platform.metrics.totals);
}

/**
 * Windows last whole tens of minutes: the tick tidies the diagnostics record every tenth minute
 * (server/src/handlers/run-tick.ts), so each window holds as many tidy minutes as its idle baseline
 * and that periodic work is not charged to the unit.
 */
export function wholeTens(minutes: number): number {
  return Math.ceil(minutes / 10) * 10;
}

/** The platform's counts over `minutes` (rounded up by wholeTens) of `act` (which must end within them), less as many idle minutes before. */
async function measuredWindow(loop: BenchLoop, asked: number, act: (until: number) => Promise<Counted[]>): Promise<{ own: Counted[]; net: Counted }> {
  const minutes = wholeTens(asked);
  await nextMinute(loop);
  const idleStart = totalsNow(loop);
  await loop.platform.advance(minutes * 60_000);
  const idle = netOf(totalsNow(loop), idleStart);
  const before = totalsNow(loop);
  const until = loop.clock.now() + minutes * 60_000;
  const own = await act(until);
  const rest = until - loop.clock.now();
  if (rest < 0) throw new Error(`the measured work overran its ${minutes}-minute window`);
  await loop.platform.advance(rest);
  return { own, net: netOf(netOf(totalsNow(loop), before), idle) };
}

async function raiseForeignAlert(loop: BenchLoop, n: number): Promise<string> {
  const answer = await fetch(`${loop.s4.url}/webhook/${S4_SECRET}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ Title: `Disk full on host-${n}`, Message: 'Raised by another integration', 'X-S4-ExternalID': `zbx-event-${1000 + n}` }),
  });
  if (answer.status !== 201) throw new Error(`SIGNL4 refused the foreign alert: ${answer.status}`);
  await loop.s4.whenIdle();
  const signl = loop.s4.signlsByExternalId(`zbx-event-${1000 + n}`)[0];
  if (signl === undefined) throw new Error('the foreign alert raised no Signl');
  return signl.id;
}

function ownOf(invocations: ReadonlyArray<{ requests: number; dbOps: number; scheduleOps: number }>): Counted[] {
  return invocations.map((i) => ({ requests: i.requests, dbOps: i.dbOps, scheduleOps: i.scheduleOps }));
}

async function foreignCallbacks(loop: BenchLoop, alerts: number): Promise<UnitCost> {
  const minutes = Math.ceil((alerts * FOREIGN_SPACING_MS) / 60_000) + 5;
  const window = await measuredWindow(loop, minutes, async () => {
    const own: Counted[] = [];
    for (let n = 0; n < alerts; n += 1) {
      const third = FOREIGN_SPACING_MS / 3;
      let id = '';
      own.push(...ownOf(await invocationsOf(loop, 'onExternalEvent', async () => (id = await raiseForeignAlert(loop, n)))));
      await loop.platform.advance(third);
      own.push(...ownOf(await invocationsOf(loop, 'onExternalEvent', () => loop.s4.acknowledge(id, ON_CALL.signl4UserId))));
      await loop.platform.advance(third);
      own.push(...ownOf(await invocationsOf(loop, 'onExternalEvent', () => loop.s4.close(id, ON_CALL.signl4UserId))));
      await loop.platform.advance(third);
    }
    return own;
  });
  if (window.own.length === 0) throw new Error('no foreign callback reached the app');
  return { units: window.own.length, own: perUnit(sumOf(window.own), window.own.length), net: perUnit(window.net, window.own.length), windowMinutes: wholeTens(minutes) };
}

async function forwards(loop: BenchLoop, tickets: number): Promise<UnitCost> {
  const minutes = Math.ceil((tickets * TICKET_SPACING_MS) / 60_000) + 5;
  const window = await measuredWindow(loop, minutes, async () => {
    const own: Counted[] = [];
    for (let n = 0; n < tickets; n += 1) {
      own.push(...ownOf(await invocationsOf(loop, 'onTicketCreate', () => loop.fs.createTicket(urgentIncident({ subject: `Single ticket ${n}` })))));
      await loop.platform.advance(TICKET_SPACING_MS);
    }
    return own;
  });
  return { units: tickets, own: perUnit(sumOf(window.own), tickets), net: perUnit(window.net, tickets), windowMinutes: wholeTens(minutes) };
}

export async function measureUnitCosts(options: UnitCostOptions = {}): Promise<UnitCosts> {
  const loop = await startBenchLoop();
  try {
    await loop.platform.advance(10 * 60_000);
    const foreignCallback = await foreignCallbacks(loop, options.foreignAlerts ?? 20);
    const forwardOutsideBurst = await forwards(loop, options.tickets ?? 50);
    return { foreignCallback, forwardOutsideBurst };
  } finally {
    await loop.close();
  }
}
