/** The JSON the stage server gives the stage page (tools/stage/page). Plain data, no secrets. */

export interface TicketSummary {
  id: number;
  subject: string;
  priority: string;
  status: string;
  type: string;
  group: string;
  agent: string;
  updatedAt: string;
}

export interface NoteView {
  id: number;
  at: string;
  text: string;
  private: boolean;
  author: string;
}

export interface TicketDetail extends TicketSummary {
  requester: string;
  description: string;
  createdAt: string;
  notes: NoteView[];
}

export type SignlStatus = 'new' | 'acknowledged' | 'closed';

export interface SignlSummary {
  id: string;
  title: string;
  text: string;
  status: SignlStatus;
  externalId: string;
  createdAt: string;
  /** Who acknowledged or closed it last, when known. */
  by: string;
  escalations: number;
  /** What SIGNL4 offers for this Signl's state (phone-data.ts). */
  actions: PhoneAction[];
  annotations: Array<{ at: string; user: string; text: string }>;
}

export type LogChannel = 'event' | 'request' | 'callback' | 'note' | 'platform' | 'stage' | 'error';

export interface LogEntry {
  seq: number;
  at: string;
  channel: LogChannel;
  /** e.g. 'Freshservice', 'App', 'SIGNL4', 'Stage'. */
  from: string;
  to: string;
  text: string;
}

export interface InstallInfo {
  /** Where the installed settings came from. */
  source: 'simulator defaults' | '.local/settings.json' | 'settings tab';
  ok: boolean;
  message: string;
  at: string;
}

export type FaultId = 'signl4-429' | 'signl4-503' | 'wrong-secret' | 'freshservice-429' | 'db-minute';

export interface FaultView {
  id: FaultId;
  label: string;
  /** What the fault does to the running system. */
  effect: string;
  /** What to do to see it, and what the screens then show. */
  shows: string;
  on: boolean;
}

export interface StageSnapshot {
  tickets: TicketSummary[];
  signls: SignlSummary[];
  log: LogEntry[];
  install: InstallInfo;
  faults: FaultView[];
}

export interface StageMeta {
  priorities: string[];
  statuses: string[];
  types: string[];
  groups: string[];
  /** Who presses the buttons on the phone (a SIGNL4 user whose email matches a Freshservice agent). */
  phoneUser: string;
  /** Where the platform serves the sidebar for a ticket; '{id}' stands for the ticket id. */
  sidebarPath: string;
  iparamsPath: string;
  diagnosticsPath: string;
  /** The README's "Try it" steps, in plain words. */
  tryIt: string[];
}

export interface NewTicket {
  subject: string;
  priority: string;
  type: string;
  group: string;
  /** The closure-required custom field of the simulated account; empty leaves it blank. */
  rootCause?: string;
}

export interface TicketChange {
  status?: string;
  priority?: string;
}

export type PhoneAction = 'acknowledge' | 'close' | 'annotate' | 'escalate';

export interface StageAnswer {
  ok: boolean;
  message: string;
  id?: number;
}
