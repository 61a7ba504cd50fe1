/**
 * Agents opening the sidebar while a burst drains: every 60 / perMinute platform seconds, the
 * sidebar's `getSignl` server method for one of the burst's tickets, through the platform (its
 * server-method limit and `$db` budget apply). An open "shows a state" when the method answers
 * with a SignlView (server/src/methods/view-types.ts: a `state`), not a platform refusal or error.
 * That is all the sidebar asks on opening: why a ticket without a Signl was not sent is a second
 * read only when the agent asks for it (ui/sidebar/view.ts, "Why was it not sent?").
 */
import type { BenchLoop } from './bench-loop.js';
import { shareOf } from './per-unit.js';

export interface ReadTally {
  opens: number;
  shown: number;
  /** shown / opens. */
  share: number;
  /** Opens that showed no state, by status and message (digits as #). */
  failures: Record<string, number>;
}

export interface SidebarReader {
  /** Platform ms of the next open. */
  readonly nextAt: number;
  /** Opens the sidebar once (on a ticket of `ids`, if any yet) and moves nextAt on. */
  read(loop: BenchLoop): Promise<void>;
  tally(): ReadTally;
}

function showsState(data: unknown): boolean {
  return data !== null && typeof data === 'object' && typeof (data as Record<string, unknown>)['state'] === 'string';
}

export function createSidebarReader(startAt: number, perMinute: number, ids: readonly string[]): SidebarReader {
  const spacing = 60_000 / perMinute;
  let nextAt = startAt;
  let opens = 0;
  let shown = 0;
  const failures: Record<string, number> = {};
  return {
    get nextAt() {
      return nextAt;
    },
    async read(loop) {
      nextAt += spacing;
      if (ids.length === 0) return;
      // Spread over the burst's tickets: delivered ones and those still waiting.
      const ticketId = Number(ids[(opens * 7919) % ids.length]);
      opens += 1;
      const result = await loop.platform.invokeMethod('getSignl', { ticketId });
      if (result.ok && showsState(result.rendered?.data)) {
        shown += 1;
        return;
      }
      const reason = result.ok ? 'answered without a state' : `${result.status ?? '-'} ${(result.error ?? 'failed').replace(/\d+/g, '#').slice(0, 80)}`;
      failures[reason] = (failures[reason] ?? 0) + 1;
    },
    tally: () => ({ opens, shown, share: shareOf(shown, opens), failures: { ...failures } }),
  };
}

/** Advances platform time to `target`, opening the sidebar whenever an open falls due on the way. */
export async function advanceReading(loop: BenchLoop, target: number, reader: SidebarReader | undefined): Promise<void> {
  while (reader !== undefined && reader.nextAt <= target) {
    const gap = reader.nextAt - loop.clock.now();
    if (gap > 0) await loop.platform.advance(gap);
    await reader.read(loop);
  }
  const rest = target - loop.clock.now();
  if (rest > 0) await loop.platform.advance(rest);
}
