/** The records the simulated SIGNL4 keeps (docs/signl4-facts.md §1–§3). */

export type ParamValue = string | number | boolean | null;

export interface Signl4User {
  id: string;
  username: string;
  mailaddress: string;
}

/** Alert status codes: 1 open, 2 acknowledged, 4 closed (docs/signl4-facts.md §2.4). */
export type StatusCode = 1 | 2 | 4;

export interface Annotation {
  id: string;
  message: string;
  userId: string;
  at: number;
}

export interface Signl {
  id: string;
  /** The id of the FIRST event (the one that raised the Signl). */
  eventId: string;
  externalId: string | undefined;
  title: string;
  text: string;
  /** Flattened parameters exactly as received in the raising event. */
  parameters: Record<string, ParamValue>;
  statusCode: StatusCode;
  service: string | undefined;
  scenario: string | undefined;
  sourceSystem: string | undefined;
  /** Ids of every event that raised or changed this Signl. */
  events: string[];
  createdAt: number;
  acknowledgedUserIds: string[];
  acknowledgements: Array<{ userId: string | null; at: number }>;
  closedAt: number | undefined;
  closedBy: string | null | undefined;
  annotations: Annotation[];
  escalations: number[];
  lastModified: number;
}

export type EventAction = 'created' | 'acknowledged' | 'resolved' | 'discarded' | 'no-match';

export interface InboundEvent {
  eventId: string;
  at: number;
  /** 'webhook' = POST /webhook/{secret}; 'events-api' = POST /api/v2/events/{id}. */
  via: 'webhook' | 'events-api';
  contentType: string;
  parameters: Record<string, ParamValue>;
  title: string;
  text: string;
  externalId: string | undefined;
  /** X-S4-Status exactly as sent (undefined when absent). */
  statusSent: string | undefined;
  action: EventAction;
  signlIds: string[];
  service: string | undefined;
  scenario: string | undefined;
  sourceSystem: string | undefined;
}

export interface WebhookRegistration {
  id: string;
  name: string;
  externalAddress: string;
  enabled: boolean;
  teamId: string;
  subscriptionId: string;
}

export interface SentCallback {
  /** The notification's top-level id (the same for a duplicate delivery). */
  id: string;
  eventType: number;
  url: string;
  body: Record<string, unknown>;
  /** The answer's HTTP status; undefined when the request failed. */
  status: number | undefined;
  error?: string;
  duplicate: boolean;
  at: number;
}
