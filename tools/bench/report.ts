/**
 * The benchmark's verdicts against docs/specification.md §7 / issue 8 and its printed table. The burst lower
 * bound: every delivered ticket costs the app at least `perTicket` platform calls (a complete
 * forward plus SIGNL4's "created" confirmation, both measured), and the platform allows 50
 * $request and 50 $db operations a minute, so N tickets need at least
 * N × max(requests / 50, dbOps / 50) minutes, however the app schedules them.
 */
import type { BurstResult } from './burst.js';
import type { Cost } from './bench-steps.js';
import type { CostTable } from './costs.js';
import type { FileSize } from './sizes.js';
import type { TimingTable } from './timing.js';

export const PER_MINUTE = { requests: 50, dbOps: 50 } as const;
export const DRAIN_TOLERANCE = 0.1;

export interface BurstVerdict extends BurstResult {
  boundMinutes: number;
  /** drainMinutes / boundMinutes. */
  ratio: number;
  meets: boolean;
}

export interface BenchResults {
  at: string;
  commit: string;
  node: string;
  cpu: string;
  costs: CostTable;
  perTicket: Cost;
  timing: TimingTable;
  bursts: BurstVerdict[];
  sizes: FileSize[];
  targets: Array<{ target: string; measured: string; met: boolean }>;
  realSeconds: number;
}

export function perTicketCost(costs: CostTable): Cost {
  return { requests: costs.forwardComplete.requests + costs.createdCallback.requests, dbOps: costs.forwardComplete.dbOps + costs.createdCallback.dbOps };
}

export function boundMinutes(tickets: number, perTicket: Cost): number {
  return tickets * Math.max(perTicket.requests / PER_MINUTE.requests, perTicket.dbOps / PER_MINUTE.dbOps);
}

export function judgeBurst(burst: BurstResult, perTicket: Cost): BurstVerdict {
  const bound = boundMinutes(burst.tickets, perTicket);
  const ratio = burst.lost > 0 ? Number.POSITIVE_INFINITY : burst.drainMinutes / bound;
  const meets = burst.lost === 0 && burst.duplicates === 0 && ratio <= 1 + DRAIN_TOLERANCE;
  return { ...burst, boundMinutes: Math.round(bound * 100) / 100, ratio: Math.round(ratio * 1000) / 1000, meets };
}

export function targets(costs: CostTable, bursts: readonly BurstVerdict[]): BenchResults['targets'] {
  const fwd = costs.forwardComplete;
  const ack = Math.max(costs.acknowledgeFirst.requests, costs.close.requests);
  return [
    { target: 'complete forward: 1 request, <= 2 $db ops', measured: `${fwd.requests} request(s), ${fwd.dbOps} $db op(s)`, met: fwd.requests === 1 && fwd.dbOps <= 2 },
    { target: 'acknowledgement / close: <= 3 requests', measured: `${ack} request(s) at most`, met: ack <= 3 },
    ...bursts.map((b) => ({
      target: `burst ${b.tickets}: nothing lost or duplicated, drain <= ${(1 + DRAIN_TOLERANCE).toFixed(1)} x bound`,
      measured: `${b.lost} lost, ${b.duplicates} duplicated, ${b.drainMinutes} min vs bound ${b.boundMinutes} min (${b.stop})`,
      met: b.meets,
    })),
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
  acknowledgeEchoEvent: "  then the ticket update it fires",
  close: 'SIGNL4 close',
  closeEchoEvent: "  then the ticket update it fires",
};

const TIMING_LABELS: Record<keyof TimingTable, string> = {
  create: 'create (onTicketCreate, forward)',
  update: 'update (onTicketUpdate, resolve sync)',
  callbackAcknowledge: 'callback (acknowledged)',
  callbackCreated: 'callback (created)',
};

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
  const bursts = table([
    ['tickets', 'delivered', 'duplicates', 'lost', 'drain min', 'bound min', 'ratio', '$request/ticket', '$db/ticket', 'stop', 'real s'],
    ...results.bursts.map((b) => [
      String(b.tickets), String(b.delivered), String(b.duplicates), String(b.lost), b.drainMinutes.toFixed(1), b.boundMinutes.toFixed(1),
      Number.isFinite(b.ratio) ? b.ratio.toFixed(2) : '-', (b.requests / b.tickets).toFixed(2), (b.dbOps / b.tickets).toFixed(2), b.stop, b.realSeconds.toFixed(1),
    ]),
  ]);
  const sizes = table([['file', 'bytes', 'gzip bytes'], ...results.sizes.map((s) => [s.file, String(s.bytes), String(s.gzipBytes)])]);
  const verdicts = table([['target', 'measured', 'met'], ...results.targets.map((t) => [t.target, t.measured, t.met ? 'yes' : 'NO'])]);
  const bound = `bound = tickets x max(${results.perTicket.requests} request / 50, ${results.perTicket.dbOps} $db ops / 50) minutes (a complete forward plus its 'created' callback)`;
  return [
    `Platform calls per use case (as the local platform counts them)\n${costs}`,
    `Handler time per event, without the simulators' time (warm sandboxes)\n${timing}`,
    `Bursts of matching tickets created within one platform minute\n${bursts}\n${bound}`,
    `Built files\n${sizes}`,
    `Targets (docs/specification.md §7, issue 8)\n${verdicts}`,
    `${results.commit.slice(0, 12)} on node ${results.node}, ${results.cpu}; ${results.realSeconds.toFixed(0)} s`,
  ].join('\n\n');
}
