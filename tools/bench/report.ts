/**
 * The benchmark's verdicts (docs/specification.md §7, issue 13 "Done when") and its printed
 * tables. Bursts are judged against the platform's request floor (burst-floor.ts); a latency
 * burst cut to bound its real time is judged on its projected drain, marked as projected.
 */
import type { CostTable } from './costs.js';
import { FLOOR_TOLERANCE, judgeFloor, type FloorVerdict } from './burst-floor.js';
import type { BurstResult } from './burst.js';
import { slowdownOf } from './per-unit.js';
import type { ReadTally } from './sidebar-reads.js';
import type { FileSize } from './sizes.js';
import type { TimingTable } from './timing.js';
import type { UnitCosts } from './unit-costs.js';

export const READ_SHARE_TARGET = 0.95;
export const HANDLER_LIMIT_MS = 20_000;
export const TARGETS = { foreignDbOps: 0, foreignRequests: 0, forwardRequests: 1, forwardDbOps: 2, forwardScheduleOps: 0.1, burstScheduleOps: 0.2 } as const;

export interface BurstVerdict extends BurstResult, FloorVerdict {
  /** The drain the ratio was taken of: measured, or projected when the run was cut. */
  judgedDrainMinutes: number;
  projected: boolean;
}

export interface ReadsVerdict {
  tickets: number;
  perMinute: number;
  tally: ReadTally;
  drainWithReads: number;
  drainWithout: number;
  /** (with − without) / without. */
  slowdown: number;
  pass: boolean;
}

export interface Target {
  target: string;
  measured: string;
  met: boolean;
}

export interface BenchResults {
  at: string;
  commit: string;
  node: string;
  cpu: string;
  quick: boolean;
  costs: CostTable;
  timing: TimingTable;
  bursts: BurstVerdict[];
  latencyBursts: BurstVerdict[];
  unitCosts: UnitCosts;
  reads: ReadsVerdict;
  sizes: FileSize[];
  targets: Target[];
  realSeconds: number;
}

export function judgeBurst(burst: BurstResult): BurstVerdict {
  const judgedDrainMinutes = burst.cut?.projectedDrainMinutes ?? burst.drainMinutes;
  return { ...burst, ...judgeFloor({ ...burst, drainMinutes: judgedDrainMinutes }), judgedDrainMinutes, projected: burst.cut !== undefined };
}

export function judgeReads(tickets: number, perMinute: number, withReads: BurstResult, without: BurstResult): ReadsVerdict {
  const tally = withReads.reads ?? { opens: 0, shown: 0, share: 0, failures: {} };
  return {
    tickets,
    perMinute,
    tally,
    drainWithReads: withReads.drainMinutes,
    drainWithout: without.drainMinutes,
    slowdown: slowdownOf(withReads.drainMinutes, without.drainMinutes),
    pass: tally.opens > 0 && tally.share >= READ_SHARE_TARGET,
  };
}

const mark = (met: boolean): string => (met ? 'PASS' : 'FAIL');
const fixed = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function burstTarget(b: BurstVerdict, label: string): Target {
  const drain = b.projected ? `~${fixed(b.judgedDrainMinutes, 1)} min projected` : `${fixed(b.drainMinutes, 1)} min`;
  return {
    target: `${label} ${b.tickets}: 0 lost, 0 duplicated, drain <= ${FLOOR_TOLERANCE} x floor`,
    measured: `${b.lost} lost, ${b.duplicates} duplicated, ${drain} vs floor ${fixed(b.floorMinutes, 1)} min (x${fixed(b.ratio)})`,
    met: b.pass,
  };
}

/** The burst whose $schedule average is judged: the 5,000 one, else the largest run. */
function scheduleBurst(bursts: readonly BurstVerdict[]): BurstVerdict | undefined {
  return bursts.find((b) => b.tickets === 5000) ?? [...bursts].sort((a, b) => b.tickets - a.tickets)[0];
}

export function targets(results: Omit<BenchResults, 'targets' | 'realSeconds'>): Target[] {
  const fwd = results.costs.forwardComplete;
  const ack = Math.max(results.costs.acknowledgeFirst.requests, results.costs.close.requests);
  const foreign = results.unitCosts.foreignCallback;
  const single = results.unitCosts.forwardOutsideBurst;
  const foreignDb = Math.max(foreign.own.dbOps, foreign.net.dbOps);
  const foreignRequests = Math.max(foreign.own.requests, foreign.net.requests);
  const singleSchedule = Math.max(single.own.scheduleOps, single.net.scheduleOps);
  const big = scheduleBurst(results.bursts);
  const bigSchedule = big === undefined ? Number.NaN : big.scheduleOps / big.tickets;
  const slowest = Math.max(0, ...results.latencyBursts.map((b) => b.maxInvocationMs));
  const killed = results.latencyBursts.reduce((sum, b) => sum + b.killedInvocations, 0);
  return [
    { target: 'complete forward: 1 request, <= 2 $db ops', measured: `${fwd.requests} request(s), ${fwd.dbOps} $db op(s)`, met: fwd.requests === 1 && fwd.dbOps <= 2 },
    { target: 'acknowledgement / close: <= 3 requests', measured: `${ack} request(s) at most`, met: ack <= 3 },
    ...results.bursts.map((b) => burstTarget(b, 'burst')),
    ...results.latencyBursts.map((b) => burstTarget(b, `burst, SIGNL4 in ${b.s4LatencyMs} ms,`)),
    { target: `latency bursts: every invocation < ${HANDLER_LIMIT_MS} ms`, measured: `longest ${slowest} ms, ${killed} killed`, met: slowest < HANDLER_LIMIT_MS && killed === 0 },
    { target: 'foreign callback: 0 $db ops, 0 requests', measured: `${foreignDb} $db, ${foreignRequests} request(s) per callback`, met: foreignDb <= TARGETS.foreignDbOps && foreignRequests <= TARGETS.foreignRequests },
    {
      target: 'forward outside a burst: 1 request, <= 2 $db, <= 0.1 $schedule',
      measured: `${single.own.requests} request(s), ${single.own.dbOps} $db, ${singleSchedule} $schedule per ticket`,
      met: single.own.requests === TARGETS.forwardRequests && single.own.dbOps <= TARGETS.forwardDbOps && singleSchedule <= TARGETS.forwardScheduleOps,
    },
    {
      target: `burst ${big?.tickets ?? '-'}: <= ${TARGETS.burstScheduleOps} $schedule calls per ticket`,
      measured: `${fixed(bigSchedule, 3)} per ticket`,
      met: bigSchedule <= TARGETS.burstScheduleOps,
    },
    {
      target: `sidebar at ${results.reads.perMinute}/min during a ${results.reads.tickets} drain: >= ${READ_SHARE_TARGET * 100}% show a state`,
      measured: `${results.reads.tally.shown} of ${results.reads.tally.opens} (${fixed(results.reads.tally.share * 100, 1)}%), drain +${fixed(results.reads.slowdown * 100, 1)}%`,
      met: results.reads.pass,
    },
  ];
}

function table(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd()).join('\n');
}

const COST_LABELS: Record<keyof CostTable, string> = {
  forwardComplete: 'forward, complete payload (onTicketCreate)',
  createdCallback: "  then SIGNL4's 'created' callback",
  forwardLackingNamesFirst: 'forward, payload lacking names, cache cold',
  forwardLackingNamesCached: 'forward, payload lacking names, cached',
  statusSyncResolve: 'status sync: resolved in Freshservice',
  statusSyncCallback: "  then SIGNL4's 'closed' callback",
  acknowledgeFirst: 'SIGNL4 acknowledgement (agent look-up)',
  acknowledgeCached: 'SIGNL4 acknowledgement (agent cached)',
  acknowledgeEchoEvent: '  then the ticket update it fires',
  close: 'SIGNL4 close',
  closeEchoEvent: '  then the ticket update it fires',
};

const TIMING_LABELS: Record<keyof TimingTable, string> = {
  create: 'create (onTicketCreate, forward)',
  update: 'update (onTicketUpdate, resolve sync)',
  callbackAcknowledge: 'callback (acknowledged)',
  callbackCreated: 'callback (created)',
};

function burstTable(bursts: readonly BurstVerdict[]): string {
  return table([
    ['tickets', 'delivered', 'duplicated', 'lost', 'drain min', 'floor min', 'ratio', '<=1.3', '$request/t', '$db/t', '$schedule/t', 'max inv ms', 'stop', 'real s'],
    ...bursts.map((b) => [
      String(b.tickets), String(b.delivered), String(b.duplicates), String(b.lost),
      b.projected ? `~${fixed(b.judgedDrainMinutes, 1)}*` : fixed(b.drainMinutes, 1), fixed(b.floorMinutes, 1), fixed(b.ratio), mark(b.pass),
      fixed(b.requests / b.tickets), fixed(b.dbOps / b.tickets), fixed(b.scheduleOps / b.tickets, 3), String(b.maxInvocationMs), b.stop, fixed(b.realSeconds, 1),
    ]),
  ]);
}

function cutNotes(bursts: readonly BurstVerdict[]): string {
  const notes = bursts.flatMap((b) =>
    b.cut === undefined
      ? []
      : [`* ${b.tickets}: cut after ${b.cut.afterRealSeconds} real s (S4_BENCH_LATENCY_BUDGET_S; 0 = never): ${b.cut.delivered} delivered in ${b.cut.minutes} platform min with latency; drain projected at that pace; the rest drained without latency (lost/duplicated counted to the end; measured drain ${fixed(b.drainMinutes, 1)} min)`],
  );
  return notes.length === 0 ? '' : `\n${notes.join('\n')}`;
}

function unitTable(results: BenchResults): string {
  const f = results.unitCosts.foreignCallback;
  const s = results.unitCosts.forwardOutsideBurst;
  const big = scheduleBurst(results.bursts);
  const row = (label: string, own: number, net: number | string, target: string, met: boolean): string[] => [label, String(own), String(net), target, mark(met)];
  return table([
    ['unit of work (average)', 'own', 'incl. follow-on', 'target', ''],
    row(`foreign callback: $db ops (${f.units} callbacks)`, f.own.dbOps, f.net.dbOps, '0', Math.max(f.own.dbOps, f.net.dbOps) <= TARGETS.foreignDbOps),
    row('foreign callback: $request', f.own.requests, f.net.requests, '0', Math.max(f.own.requests, f.net.requests) <= TARGETS.foreignRequests),
    row('foreign callback: $schedule (info)', f.own.scheduleOps, f.net.scheduleOps, '-', true),
    row(`forward outside a burst: $request (${s.units} tickets)`, s.own.requests, s.net.requests, '1', s.own.requests === TARGETS.forwardRequests),
    row('forward outside a burst: $db ops', s.own.dbOps, s.net.dbOps, '<= 2', s.own.dbOps <= TARGETS.forwardDbOps),
    row('forward outside a burst: $schedule', s.own.scheduleOps, s.net.scheduleOps, '<= 0.1', Math.max(s.own.scheduleOps, s.net.scheduleOps) <= TARGETS.forwardScheduleOps),
    row(`burst of ${big?.tickets ?? '-'}: $schedule per ticket (all calls / tickets)`, big === undefined ? Number.NaN : Math.round((big.scheduleOps / big.tickets) * 1000) / 1000, '-', '<= 0.2', big !== undefined && big.scheduleOps / big.tickets <= TARGETS.burstScheduleOps),
  ]);
}

function readsTable(r: ReadsVerdict): string {
  const failures = Object.entries(r.tally.failures).sort((a, b) => b[1] - a[1]).map(([reason, n]) => `  ${n} x ${reason}`);
  return [
    table([
      ['opens', 'show a state', 'share', 'target', '', 'drain min with reads', 'without', 'slower by'],
      [String(r.tally.opens), String(r.tally.shown), `${fixed(r.tally.share * 100, 1)}%`, `>= ${READ_SHARE_TARGET * 100}%`, mark(r.pass), fixed(r.drainWithReads, 1), fixed(r.drainWithout, 1), `${fixed(r.slowdown * 100, 1)}%`],
    ]),
    ...(failures.length === 0 ? [] : ['opens that showed no state:', ...failures]),
  ].join('\n');
}

export function formatReport(results: BenchResults): string {
  const costs = table([
    ['use case', '$request', '$db'],
    ...Object.entries(COST_LABELS).map(([key, label]) => {
      const cost = results.costs[key as keyof CostTable];
      return [label, String(cost.requests), String(cost.dbOps)];
    }),
  ]);
  const timing = table([
    ['handler', 'median ms', 'p99 ms', 'median ms incl. simulators', 'samples'],
    ...Object.entries(TIMING_LABELS).map(([key, label]) => {
      const t = results.timing[key as keyof TimingTable];
      return [label, t.medianMs.toFixed(2), t.p99Ms.toFixed(2), t.medianTotalMs.toFixed(2), String(t.samples)];
    }),
  ]);
  const floor = 'floor = (tickets + ceil(tickets / 100)) / 50 platform minutes: one SIGNL4 request per Signl plus one Freshservice list call per 100 tickets, 50 $request a minute';
  const latency = results.latencyBursts[0]?.s4LatencyMs ?? 0;
  const sizes = table([['file', 'bytes', 'gzip bytes'], ...results.sizes.map((s) => [s.file, String(s.bytes), String(s.gzipBytes)])]);
  const verdicts = table([['target', 'measured', 'met'], ...results.targets.map((t) => [t.target, t.measured, mark(t.met)])]);
  return [
    `Platform calls per use case (as the local platform counts them)\n${costs}`,
    `Handler time per event, without the simulators' time (warm sandboxes)\n${timing}`,
    `Bursts of matching tickets created within one platform minute (virtual clock)\n${burstTable(results.bursts)}\n${floor}`,
    `The same bursts with SIGNL4 answering in ${latency} ms (real waits inside invocations, virtual time between)\n${burstTable(results.latencyBursts)}${cutNotes(results.latencyBursts)}\nmax inv ms: the platform's longest invocation (real ms); the handler limit is ${HANDLER_LIMIT_MS}`,
    `Cost per unit of work (own = the unit's invocations; incl. follow-on = the window less an idle window as long)\n${unitTable(results)}`,
    `Sidebar opens (getSignl) at ${results.reads.perMinute} a minute during a ${results.reads.tickets}-ticket drain\n${readsTable(results.reads)}`,
    `Built files\n${sizes}`,
    `Targets (docs/specification.md §7, issue 13)\n${verdicts}`,
    `${results.commit.slice(0, 12)} on node ${results.node}, ${results.cpu}; ${results.realSeconds.toFixed(0)} s${results.quick ? ' (S4_BENCH_QUICK: short profile)' : ''}`,
  ].join('\n\n');
}
