/** The SIGNL4 side of the stage: the team's Signls as the phone shows them, and the phone's buttons. */
import { Signl4ActionError, type Signl4Simulator } from '../simulators/signl4/create-signl4-simulator.js';
import type { Signl } from '../simulators/signl4/types.js';
import type { PhoneAction, SignlSummary, StageAnswer } from './stage-types.js';

/** The on-call engineer holding the phone: a SIGNL4 user whose e-mail matches a Freshservice agent. */
export const PHONE_USER_ID = '5f2b7c1e-0001-4a51-9c3e-000000000102';

const STATUS: Record<number, SignlSummary['status']> = { 1: 'new', 2: 'acknowledged', 4: 'closed' };

function userName(s4: Signl4Simulator, id: string | null | undefined): string {
  if (id === null || id === undefined) return '';
  return s4.users.get(id)?.username ?? id;
}

function lastActor(s4: Signl4Simulator, signl: Signl): string {
  if (signl.statusCode === 4) return userName(s4, signl.closedBy) || 'SIGNL4 event';
  if (signl.statusCode === 2) return userName(s4, signl.acknowledgements.at(-1)?.userId) || 'SIGNL4 event';
  return '';
}

/**
 * What SIGNL4 offers for a Signl in each state: acknowledge a new one; close one not closed yet;
 * escalation happens to a Signl "not confirmed in specified time" (202, docs/signl4-facts.md §2.3),
 * so only to a new one (the phone's Escalate stands for that time running out); annotate any.
 * The simulator refuses the rest as SIGNL4 does (tools/simulators/signl4/signl-store.ts).
 */
export function phoneActions(status: SignlSummary['status']): PhoneAction[] {
  if (status === 'new') return ['acknowledge', 'close', 'escalate', 'annotate'];
  if (status === 'acknowledged') return ['close', 'annotate'];
  return ['annotate'];
}

export function signlSummaries(s4: Signl4Simulator): SignlSummary[] {
  return s4.signls().map((signl) => {
    const status = STATUS[signl.statusCode] ?? 'new';
    return {
      id: signl.id,
      title: signl.title,
      text: signl.text,
      status,
      externalId: signl.externalId ?? '',
      createdAt: new Date(signl.createdAt).toISOString(),
      by: lastActor(s4, signl),
      escalations: signl.escalations.length,
      actions: phoneActions(status),
      annotations: signl.annotations.map((a) => ({ at: new Date(a.at).toISOString(), user: userName(s4, a.userId), text: a.message })),
    };
  });
}

const DONE: Record<PhoneAction, string> = { acknowledge: 'Acknowledged', close: 'Closed', annotate: 'Annotated', escalate: 'Escalated' };

export async function phoneAction(s4: Signl4Simulator, signlId: string, action: PhoneAction, text = ''): Promise<StageAnswer> {
  try {
    if (action === 'acknowledge') await s4.acknowledge(signlId, PHONE_USER_ID);
    else if (action === 'close') await s4.close(signlId, PHONE_USER_ID);
    else if (action === 'annotate') await s4.annotate(signlId, PHONE_USER_ID, text);
    else await s4.escalate(signlId);
  } catch (error) {
    if (error instanceof Signl4ActionError) return { ok: false, message: `SIGNL4 refused: ${error.message}` };
    throw error;
  }
  const callbacks = s4.callbacks.slice(-1);
  const delivered = callbacks.every((c) => c.status !== undefined && c.status < 400);
  return { ok: true, message: `${DONE[action]} on the phone; ${callbacks.length === 0 ? 'no callback URL is registered' : delivered ? 'the callback reached the app' : 'the callback did not reach the app'}.` };
}
