/**
 * The stage's faults panel: each fault is switched on or off on the running simulators or the local
 * platform, black-box, as the real service would misbehave (answers at the HTTP layer in the
 * service's own error format, a secret SIGNL4 no longer knows, a $db budget used up), so the states
 * the README describes can be reproduced by clicking.
 */
import type { Platform } from '../platform/create-platform.js';
import type { FreshserviceSimulator } from '../simulators/freshservice/create-freshservice-simulator.js';
import type { Signl4Simulator } from '../simulators/signl4/create-signl4-simulator.js';
import type { StageLog } from './stage-log.js';
import { SIM_SECRETS } from './stage-settings.js';
import type { FaultId, FaultView, StageAnswer } from './stage-types.js';

/** SIGNL4 blocks intake for the length of the window that was exceeded, 15 s or more (docs/signl4-facts.md §1.7). */
const SIGNL4_RETRY_AFTER_S = 30;
/** Freshservice's limit is per account and minute (docs/freshservice-facts.md §8). */
const FRESHSERVICE_RETRY_AFTER_S = 60;

interface FaultDef {
  label: string;
  effect: string;
  shows: string;
  apply(on: boolean): void;
}

export interface FaultTargets {
  s4: Signl4Simulator;
  fs: FreshserviceSimulator;
  platform: Platform;
  log: StageLog;
}

export class StageFaults {
  readonly #on = new Set<FaultId>();
  readonly #defs: Record<FaultId, FaultDef>;

  constructor(private readonly targets: FaultTargets) {
    const { s4, fs, platform } = targets;
    this.#defs = {
      'signl4-429': {
        label: 'SIGNL4 throttles',
        effect: `SIGNL4 answers every call 429 Too Many Requests with Retry-After: ${SIGNL4_RETRY_AFTER_S}.`,
        shows: 'Create an Urgent ticket: the sidebar says it waits to be sent, with the next attempt.',
        apply: (on) => (on ? s4.faults.hold('signl4-429', '*', { kind: '429', retryAfterSeconds: SIGNL4_RETRY_AFTER_S }) : s4.faults.release('signl4-429')),
      },
      'signl4-503': {
        label: 'SIGNL4 unavailable',
        effect: 'SIGNL4 answers every call 503 Service Unavailable (no Retry-After).',
        shows: 'Create an Urgent ticket: the sidebar says it waits to be sent; turn it off and the next attempt gets through.',
        apply: (on) => (on ? s4.faults.hold('signl4-503', '*', { kind: '503' }) : s4.faults.release('signl4-503')),
      },
      'wrong-secret': {
        label: 'Wrong webhook secret',
        effect: "SIGNL4 no longer knows the team secret in the app's webhook URL (as after the secret was regenerated in SIGNL4).",
        shows: 'Create an Urgent ticket: the sidebar says delivery failed, why, and offers Retry delivery; Retry fails until you turn this off.',
        apply: (on) => {
          if (on) s4.secrets.delete(SIM_SECRETS.signl4TeamSecret);
          else s4.secrets.add(SIM_SECRETS.signl4TeamSecret);
        },
      },
      'freshservice-429': {
        label: 'Freshservice throttles',
        effect: `Freshservice answers the app's API calls 429 with Retry-After: ${FRESHSERVICE_RETRY_AFTER_S} (the desk itself keeps working).`,
        shows: 'Acknowledge on the phone: the note and the status wait; the log shows the 429s.',
        apply: (on) => (on ? fs.faults.hold('freshservice-429', '*', { kind: '429', retryAfterSeconds: FRESHSERVICE_RETRY_AFTER_S }) : fs.faults.release('freshservice-429')),
      },
      'db-minute': {
        label: 'Spent $db minute',
        effect: "The app's $db budget (50 operations a minute) is used up in every minute while this is on; after it is off, the next minute is free.",
        shows: "Open a ticket: the sidebar cannot read the app's records for it; events wait as parked jobs until a minute with budget.",
        apply: (on) => platform.faults.holdDbMinuteSpent(on),
      },
    };
  }

  list(): FaultView[] {
    return (Object.entries(this.#defs) as Array<[FaultId, FaultDef]>).map(([id, def]) => ({ id, label: def.label, effect: def.effect, shows: def.shows, on: this.#on.has(id) }));
  }

  set(id: string, on: boolean): StageAnswer {
    const def = this.#defs[id as FaultId] as FaultDef | undefined;
    if (def === undefined) return { ok: false, message: `No fault called ${id}.` };
    def.apply(on);
    if (on) this.#on.add(id as FaultId);
    else this.#on.delete(id as FaultId);
    this.targets.log.add('stage', 'Stage', id === 'freshservice-429' ? 'Freshservice' : id === 'db-minute' ? 'Platform' : 'SIGNL4', `fault ${on ? 'on' : 'off'}: ${def.label}`);
    return { ok: true, message: `${def.label}: ${on ? 'on' : 'off'}.` };
  }
}
