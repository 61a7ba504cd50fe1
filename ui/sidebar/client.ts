/**
 * The sidebar's only door to the FDK front-end client (docs/fdk-facts.md §5): the open ticket,
 * server-method invocation, notifications and resizing. Nothing here talks to a third party.
 */
import type { ActionResult, AgentRef, SignlAction, SignlView } from '../../server/src/methods/view-types.js';

export type NotifyType = 'info' | 'success' | 'warning' | 'danger' | 'alert';

/** The part of the documented client the sidebar uses. */
export interface FdkClient {
  events: { on(event: string, callback: (event?: unknown) => void): unknown };
  data: { get(name: 'ticket' | 'loggedInUser'): Promise<unknown> };
  request: { invoke(name: string, payload: Record<string, unknown>): Promise<unknown> };
  interface: { trigger(action: 'showNotify', options: { type: NotifyType; title?: string; message: string }): Promise<unknown> };
  instance: { resize(options: { height: number }): unknown };
}

export interface TicketRef {
  id: number;
  subject: string;
}

/** A failed server-method call or client call, as the sidebar explains it. */
export interface Failure {
  status?: number;
  message: string;
}

export const METHOD_OF: Readonly<Record<SignlAction, string>> = {
  page: 'pageOnCall',
  acknowledge: 'acknowledgeSignl',
  resolve: 'resolveSignl',
  retry: 'retryDelivery',
};

export class SidebarClient {
  constructor(private readonly fdk: FdkClient) {}

  onActivated(callback: () => void): void {
    this.fdk.events.on('app.activated', () => callback());
  }

  /** The open ticket, or undefined when the page has none (the sidebar then says so). */
  async ticket(): Promise<TicketRef | undefined> {
    return toTicketRef(await this.fdk.data.get('ticket'));
  }

  /** The agent at the desk, for the notes and the timeline; undefined when the host does not say. */
  async agent(): Promise<AgentRef | undefined> {
    try {
      return toAgentRef(await this.fdk.data.get('loggedInUser'));
    } catch (error) {
      console.info('[signl4] logged-in user not available:', describe(error));
      return undefined;
    }
  }

  /** The Signl's view; `explain` also asks why a ticket without a Signl was not sent (dearer: the sidebar asks second). */
  async getSignl(ticketId: number, explain = false): Promise<SignlView> {
    const response = responseOf(await this.fdk.request.invoke('getSignl', explain ? { ticketId, explain: true } : { ticketId }));
    if (!isSignlView(response)) throw unreadable();
    return response;
  }

  async act(action: SignlAction, ticketId: number, agent?: AgentRef): Promise<ActionResult> {
    const response = responseOf(await this.fdk.request.invoke(METHOD_OF[action], agent === undefined ? { ticketId } : { ticketId, agent }));
    if (!isActionResult(response)) throw unreadable();
    return response;
  }

  /** Notifications are a courtesy: a failure to show one never breaks the sidebar. */
  async notify(type: NotifyType, message: string): Promise<void> {
    try {
      await this.fdk.interface.trigger('showNotify', { type, title: 'SIGNL4', message });
    } catch (error) {
      // The same outcome is always written inline as well; the console keeps why the toast failed.
      console.info('[signl4] notification not shown:', describe(error));
    }
  }

  resize(height: number): void {
    try {
      this.fdk.instance.resize({ height: Math.ceil(height) });
    } catch (error) {
      // An older host without resize keeps its default frame height.
      console.info('[signl4] frame not resized:', describe(error));
    }
  }
}

function responseOf(answer: unknown): unknown {
  return isRecord(answer) ? answer['response'] : undefined;
}

function unreadable(): Failure {
  return { message: 'The app answered with something the sidebar cannot read. Reload the page; if it stays, tell your admin.' };
}

export function toTicketRef(data: unknown): TicketRef | undefined {
  const ticket = isRecord(data) ? data['ticket'] : undefined;
  if (!isRecord(ticket)) return undefined;
  const id = Number(ticket['id']);
  if (!Number.isInteger(id) || id <= 0) return undefined;
  const subject = typeof ticket['subject'] === 'string' ? ticket['subject'] : '';
  return { id, subject };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * loggedInUser's shape is not documented for Freshservice (docs/fdk-facts.md §5): the name is read
 * from `name`, or `first_name` + `last_name`, at the top or under `user` / `contact` / `agent`.
 */
export function toAgentRef(data: unknown): AgentRef | undefined {
  const outer = isRecord(data) && isRecord(data['loggedInUser']) ? data['loggedInUser'] : data;
  if (!isRecord(outer)) return undefined;
  const person = [outer['user'], outer['contact'], outer['agent']].find(isRecord) ?? outer;
  const name = [person, outer].map(nameOf).find((n) => n !== '');
  const email = text(person['email']) ?? text(outer['email']);
  return agentRef(name ?? email, email);
}

function nameOf(record: Record<string, unknown>): string {
  return text(record['name']) ?? [text(record['first_name']), text(record['last_name'])].filter(Boolean).join(' ');
}

function agentRef(name: string | undefined, email: string | undefined): AgentRef | undefined {
  if (name === undefined) return undefined;
  return email === undefined ? { name } : { name, email };
}

export function isSignlView(value: unknown): value is SignlView {
  return isRecord(value) && typeof value['state'] === 'string' && Array.isArray(value['timeline']) && Array.isArray(value['actions']);
}

function isActionResult(value: unknown): value is ActionResult {
  return isRecord(value) && isSignlView(value['view']) && typeof value['message'] === 'string' && typeof value['outcome'] === 'string';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A failure of the host page, for the console: its message only (never a payload). */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
