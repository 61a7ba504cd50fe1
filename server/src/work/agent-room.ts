/**
 * Room kept for agents (docs/design.md, "Budget plan"). A sidebar or diagnostics read that the
 * platform refused because the minute's $db budget was spent raises a flag: a one-time schedule of
 * a fixed name, so there is at most one however many reads are refused, and a refused read costs
 * one $schedule call. While the flag exists the minute tick leaves AGENT_DB_OPS of the minute's 50
 * unspent: sidebar opens (one read each; two for a ticket the sweep sent that nothing has written
 * since, docs/design.md) and a diagnostics page (three). The flag runs out by itself AGENT_ROOM_MS
 * later; when it fires, nothing runs.
 */
import type { Deps } from '../platform/platform-types.js';

export const AGENT_FLAG = 's4-agents';
/** How long after a refused read the tick keeps room (long, so a drain refuses agents at most one minute in this). */
export const AGENT_ROOM_MS = 60 * 60_000;
/** $db operations a minute the tick leaves for agents while the flag exists. */
export const AGENT_DB_OPS = 24;

export interface AgentRoomJob {
  job: 'agents';
}

export function isAgentRoomJob(data: unknown): data is AgentRoomJob {
  return data !== null && typeof data === 'object' && (data as Record<string, unknown>)['job'] === 'agents';
}

/** After a refused read: asks the tick for room (once; a flag already raised is left as it is). Never throws. */
export async function askForAgentRoom(deps: Pick<Deps, 'scheduler' | 'clock' | 'log'>): Promise<void> {
  try {
    const made = await deps.scheduler.create({ name: AGENT_FLAG, data: { job: 'agents' }, scheduleAt: new Date(deps.clock.now() + AGENT_ROOM_MS) });
    if (made === 'created') deps.log.info('an agent read was refused: the tick leaves room for agents for the next hour');
  } catch (error) {
    deps.log.warn('could not ask the tick for room for agents', { error: String(error) });
  }
}

export function agentsWaiting(deps: Pick<Deps, 'scheduler'>): Promise<boolean> {
  return deps.scheduler.exists(AGENT_FLAG);
}
