/** What a REST handler of the simulated Freshservice receives and returns. */
import type { FsAnswer } from './fs-errors.js';
import type { FsState } from './fs-state.js';
import type { SubLimitName } from './fs-rate-limit.js';
import type { ApiKeyInfo, ProductEventName, Ticket } from './types.js';

export interface TicketEventRequest {
  event: ProductEventName;
  ticket: Ticket;
  before?: Ticket;
  actorId: number;
}

export interface HandlerContext {
  state: FsState;
  now: number;
  /** `https://<account>.freshservice.com`, for `link` and `Location` headers. */
  publicBase: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  key: ApiKeyInfo;
  actorId: number;
}

export interface HandlerResult extends FsAnswer {
  /** Product events to fire once the answer has been sent. */
  events?: TicketEventRequest[];
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

export interface RouteDef {
  method: string;
  route: string;
  handler: Handler;
  write?: boolean;
  sub?: SubLimitName;
  /** Extra credits for this request (embeds). */
  extraCost?: (query: URLSearchParams) => number;
}
