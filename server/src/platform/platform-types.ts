/**
 * What the domain code gets instead of the FDK globals: typed, small interfaces.
 * The real implementations live in fdk-platform.ts; tests use fakes (test/fakes/).
 */

/** Every request template declared in config/requests.json and manifest.json. */
export type TemplateName =
  | 'signl4Event'
  | 'signl4GetAlert'
  | 'signl4CreateWebhook'
  | 'signl4ListWebhooks'
  | 'signl4DeleteWebhook'
  | 'fsGetTicket'
  | 'fsListTickets'
  | 'fsUpdateTicket'
  | 'fsCreateNote'
  | 'fsListConversations'
  | 'fsFindAgent'
  | 'fsListGroups'
  | 'fsListWorkspaces'
  | 'fsListDepartments'
  | 'fsTicketFormFields';

export interface InvokeOptions {
  context?: Record<string, string | number>;
  body?: unknown;
  query?: Record<string, string>;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
}

/** Calls a request template; resolves on 2xx, rejects with an AppError otherwise. */
export interface RequestClient {
  invoke(template: TemplateName, options: InvokeOptions): Promise<HttpResult>;
}

export interface SetOptions {
  ttl?: number;
  setIf?: 'exist' | 'not_exist';
}

/** A key-value store with $db's semantics; missing records read as undefined. */
export interface KvStore {
  get<T extends object>(key: string): Promise<T | undefined>;
  /** Resolves false when a setIf condition did not hold; true when written. */
  set(key: string, value: object, options?: SetOptions): Promise<boolean>;
  /** Partial update with dot paths ('set'), or 'increment'/'append' at the top level, or 'remove' of paths. */
  update(key: string, action: 'set' | 'increment' | 'append', attributes: Record<string, unknown>): Promise<void>;
  remove(key: string, paths: string[]): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface ScheduleSpec {
  name: string;
  data: Record<string, unknown>;
  scheduleAt: Date;
  repeatEveryMinutes?: number;
}

export interface Scheduler {
  /** 'exists' when a schedule of that name is already there (it is left as it is). */
  create(spec: ScheduleSpec): Promise<'created' | 'exists'>;
  exists(name: string): Promise<boolean>;
  /** The data a schedule was created with, or undefined when there is no such schedule. */
  fetch(name: string): Promise<Record<string, unknown> | undefined>;
  delete(name: string): Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What every use case receives. */
export interface Deps {
  request: RequestClient;
  store: KvStore;
  scheduler: Scheduler;
  clock: Clock;
  log: Logger;
}

