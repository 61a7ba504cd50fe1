/// <reference lib="dom" />
/** The stage page's calls to the stage server (tools/stage/stage-routes.ts). */
import type { NewTicket, PhoneAction, StageAnswer, StageMeta, StageSnapshot, TicketChange, TicketDetail } from '../stage-types.js';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json', accept: 'application/json' };
  }
  const res = await fetch(`/stage/api${path}`, init);
  const answer = (await res.json()) as T;
  if (!res.ok && !isAnswer(answer)) throw new Error(`stage server answered ${res.status}`);
  return answer;
}

function isAnswer(value: unknown): value is StageAnswer {
  return typeof value === 'object' && value !== null && 'ok' in value && 'message' in value;
}

export const api = {
  meta: () => call<StageMeta>('GET', '/meta'),
  snapshot: (since: number) => call<StageSnapshot>('GET', `/snapshot?since=${since}`),
  ticket: (id: number) => call<TicketDetail>('GET', `/tickets/${id}`),
  createTicket: (ticket: NewTicket) => call<StageAnswer>('POST', '/tickets', ticket),
  changeTicket: (id: number, change: TicketChange) => call<StageAnswer>('PATCH', `/tickets/${id}`, change),
  phone: (signlId: string, action: PhoneAction, text?: string) => call<StageAnswer>('POST', `/signls/${encodeURIComponent(signlId)}/${action}`, text === undefined ? {} : { text }),
  settings: () => call<{ values: Record<string, unknown> }>('GET', '/settings'),
  install: (configs: unknown) => call<StageAnswer>('POST', '/settings', { configs }),
  fault: (id: string, on: boolean) => call<StageAnswer>('POST', `/faults/${encodeURIComponent(id)}`, { on }),
};
