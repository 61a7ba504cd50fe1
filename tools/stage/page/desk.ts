/// <reference lib="dom" />
/** The Freshservice-like half: ticket list, new-ticket form, ticket view with the sidebar app in its frame. */
import type { StageMeta, TicketDetail, TicketSummary } from '../stage-types.js';
import { api } from './api.js';
import { byId, el, options, toast, when } from './dom.js';

/** Not a group name; the server finds no group by it and leaves the ticket without one. */
const NO_GROUP = '(no group)';

export class Desk {
  private selected: number | undefined;
  private listKey = '';
  private detailKey = '';
  private frameKey = '';
  private readonly frame = byId<HTMLIFrameElement>('sidebar-frame');

  constructor(private readonly meta: StageMeta) {
    const form = byId<HTMLFormElement>('new-ticket');
    options(form.elements.namedItem('priority') as HTMLSelectElement, meta.priorities, 'Urgent');
    options(form.elements.namedItem('type') as HTMLSelectElement, meta.types, 'Incident');
    options(form.elements.namedItem('group') as HTMLSelectElement, [...meta.groups, NO_GROUP], meta.groups[0]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.create(form);
    });
    window.addEventListener('message', (event) => this.fromFrame(event));
  }

  get ticketId(): number | undefined {
    return this.selected;
  }

  renderList(tickets: TicketSummary[]): void {
    const key = JSON.stringify([tickets, this.selected]);
    if (key === this.listKey) return;
    this.listKey = key;
    const list = byId('ticket-list');
    if (tickets.length === 0) {
      list.replaceChildren(el('li', { className: 'empty', text: 'No tickets yet.' }));
      return;
    }
    list.replaceChildren(...[...tickets].reverse().map((ticket) => el('li', {}, [this.listButton(ticket)])));
  }

  private listButton(ticket: TicketSummary): HTMLButtonElement {
    const button = el('button', { attrs: { type: 'button', 'aria-current': String(ticket.id === this.selected), 'data-ticket': String(ticket.id) } }, [
      el('span', { className: 'tid', text: `#${ticket.id}` }),
      el('span', { className: 'tsubject', text: ticket.subject }),
      el('span', { className: 'tmeta' }, [el('span', { className: `pill pill-${ticket.priority}`, text: ticket.priority }), document.createTextNode(` ${ticket.status}${ticket.agent === '' ? '' : ` · ${ticket.agent}`}`)]),
    ]);
    button.addEventListener('click', () => void this.select(ticket.id));
    return button;
  }

  async select(id: number): Promise<void> {
    this.selected = id;
    this.listKey = '';
    this.detailKey = '';
    this.frameKey = '';
    this.frame.src = this.meta.sidebarPath.replace('{id}', String(id));
    await this.refresh('');
  }

  /** Refreshes the open ticket; reloads the sidebar when the ticket or a Signl changed (as an agent would). */
  async refresh(signlKey: string): Promise<void> {
    const id = this.selected;
    if (id === undefined) return;
    const detail = await api.ticket(id);
    if (this.selected !== id) return; // another ticket was picked meanwhile; its own refresh renders it
    const key = JSON.stringify(detail);
    if (key !== this.detailKey) {
      this.detailKey = key;
      this.renderTicket(detail);
    }
    const frameKey = `${detail.updatedAt}|${detail.notes.length}|${signlKey}`;
    if (this.frameKey !== '' && frameKey !== this.frameKey && !this.frameBusy()) this.frame.contentWindow?.location.reload();
    if (!this.frameBusy()) this.frameKey = frameKey;
  }

  private frameBusy(): boolean {
    try {
      return this.frame.contentDocument?.querySelector('button[aria-busy="true"]') != null;
    } catch {
      return false;
    }
  }

  private renderTicket(ticket: TicketDetail): void {
    const status = el('select', { attrs: { name: 'status', 'aria-label': 'Status' } });
    options(status, this.meta.statuses, ticket.status);
    status.addEventListener('change', () => void this.change(ticket.id, { status: status.value }));
    const priority = el('select', { attrs: { name: 'priority', 'aria-label': 'Priority' } });
    options(priority, this.meta.priorities, ticket.priority);
    priority.addEventListener('change', () => void this.change(ticket.id, { priority: priority.value }));
    byId('ticket-view').replaceChildren(
      el('h2', { text: `#${ticket.id} ${ticket.subject}`, attrs: { id: 'ticket-title' } }),
      el('div', { className: 'ticket-fields' }, [
        el('label', { text: 'Status' }, [status]),
        el('label', { text: 'Priority' }, [priority]),
        field('Agent', ticket.agent || 'Unassigned'),
        field('Group', ticket.group || 'None'),
        field('Type', ticket.type),
        field('Requester', ticket.requester),
        field('Created', when(ticket.createdAt)),
        field('Updated', when(ticket.updatedAt)),
      ]),
      el('p', { className: 'description', text: ticket.description }),
      el('h3', { text: `Notes (${ticket.notes.length})` }),
      ticket.notes.length === 0
        ? el('p', { className: 'muted', text: 'No notes yet.' })
        : el('ol', { className: 'notes' }, ticket.notes.map((note) => el('li', { className: note.private ? 'note private' : 'note' }, [
            el('div', { className: 'note-head' }, [el('span', { text: `${note.author}${note.private ? ' · private note' : ''}` }), el('time', { text: when(note.at), attrs: { datetime: note.at } })]),
            el('p', { className: 'note-text', text: note.text }),
          ]))),
    );
  }

  private async change(id: number, change: { status?: string; priority?: string }): Promise<void> {
    const answer = await api.changeTicket(id, change);
    toast(answer.message, answer.ok ? 'success' : 'danger');
  }

  private async create(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const submit = form.querySelector('button[type="submit"]') as HTMLButtonElement;
    const result = form.querySelector('.form-result') as HTMLElement;
    submit.disabled = true;
    try {
      const answer = await api.createTicket({ subject: String(data.get('subject') ?? ''), priority: String(data.get('priority')), type: String(data.get('type')), group: String(data.get('group') ?? ''), rootCause: String(data.get('root_cause') ?? '') });
      result.textContent = answer.message;
      if (answer.ok && answer.id !== undefined) await this.select(answer.id);
    } finally {
      submit.disabled = false;
    }
  }

  /** The local platform's client posts the sidebar's notifications and size to this page. */
  private fromFrame(event: MessageEvent): void {
    const data = event.data as { type?: unknown; height?: unknown; message?: unknown; options?: { message?: unknown; type?: unknown } } | null;
    if (data === null || typeof data !== 'object') return;
    if (data.type === 'fdk-resize' && typeof data.height === 'number' && event.source === this.frame.contentWindow) {
      this.frame.style.height = `${Math.max(200, Math.min(900, Math.ceil(data.height)))}px`;
    }
    if (data.type === 'fdk-notify') {
      const message = data.message ?? data.options?.message;
      if (typeof message === 'string') toast(`SIGNL4 app: ${message}`, String(data.options?.type ?? 'info'));
    }
  }
}

function field(label: string, value: string): HTMLElement {
  return el('div', { className: 'field', text: label }, [el('strong', { text: value })]);
}
