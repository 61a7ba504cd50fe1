/**
 * The sidebar's life: load the open ticket's Signl view, show it, and reload on request. A newer
 * load wins over an older one that answers late. When the platform refuses the read (its minute
 * budget spent: BUSY_STATUS), the last known view stays on screen under "The app is busy — showing
 * the state as of hh:mm" and the sidebar tries again quietly, with growing pauses.
 */
import { BUSY_STATUS, type AgentRef, type SignlView } from '../../server/src/methods/view-types.js';
import { ActionPanel } from './actions.js';
import type { SidebarClient, TicketRef } from './client.js';
import { toFailure, type TimeFormat } from './format.js';
import { focusButton } from './crayons.js';
import { recall, remember } from './last-view.js';
import { renderBusy, renderEmpty, renderHelp, renderLoadError, renderLoading, renderOutcome, renderState, renderTicket, renderTimeline, setBusyState, type SidebarDom } from './view.js';

export interface SidebarOptions {
  time: TimeFormat;
  /** "hh:mm" of a time, in the agent's locale. */
  clockTime: (ms: number) => string;
  /** Called once, the first time a Signl state (or an error) is on screen. */
  onFirstRender?: (state: string) => void;
  /** Pauses before each quiet retry of a refused read (the last one repeats). */
  busyRetryMs?: readonly number[];
}

const BUSY_RETRY_MS: readonly number[] = [15_000, 30_000, 60_000];

export class Sidebar {
  private generation = 0;
  private panel: ActionPanel | undefined;
  private firstRenderReported = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private busyTries = 0;
  private agent: Promise<AgentRef | undefined> | undefined;

  constructor(
    private readonly client: SidebarClient,
    private readonly dom: SidebarDom,
    private readonly options: SidebarOptions,
  ) {
    // Crayons components draw after they load and change the panel's height on their own.
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.resized(this.minHeight)).observe(document.body);
  }

  /** Room a dialog asked for, while it is open. */
  private minHeight = 0;

  async load(quiet = false): Promise<void> {
    const generation = ++this.generation;
    clearTimeout(this.retryTimer);
    if (!quiet) {
      this.busyTries = 0;
      renderBusy(this.dom, '');
      renderLoading(this.dom);
      renderOutcome(this.dom, '', 'info');
      this.resized();
    }
    this.agent ??= this.client.agent();
    let ticket: TicketRef | undefined;
    try {
      ticket = await this.client.ticket();
      if (generation === this.generation) await this.loadTicket(ticket, generation);
    } catch (error) {
      if (generation === this.generation) this.failedLoad(ticket, error);
    }
  }

  private async loadTicket(ticket: TicketRef | undefined, generation: number): Promise<void> {
    renderTicket(this.dom, ticket);
    if (ticket === undefined) {
      renderEmpty(this.dom);
      this.reportFirstRender('empty');
      return;
    }
    const view = await this.client.getSignl(ticket.id);
    if (generation !== this.generation) return;
    this.busyTries = 0;
    renderBusy(this.dom, '');
    this.show(view);
    this.reportFirstRender(view.state);
  }

  /**
   * Why a ticket without a Signl was not sent, on the agent's request (it reads the ticket from
   * Freshservice, so getSignl leaves it out: during a burst that read would cost the budget other
   * agents' sidebars need). A refused or failed answer says the reason is unknown for now.
   */
  private async explain(view: SignlView): Promise<void> {
    const generation = this.generation;
    let explained: SignlView;
    try {
      explained = await this.client.getSignl(view.ticketId, true);
    } catch {
      explained = { ...view, notForwarded: { kind: 'unknown' } };
    }
    if (generation !== this.generation) return;
    this.show(explained.state === 'not_forwarded' && explained.notForwarded === undefined ? { ...explained, notForwarded: { kind: 'unknown' } } : explained);
  }

  private panelFor(ticketId: number): ActionPanel {
    this.panel = new ActionPanel({ client: this.client, dom: this.dom, agent: this.agent ?? Promise.resolve(undefined), show: (next) => this.show(next), resized: (h) => this.resized(h) }, ticketId);
    return this.panel;
  }

  private show(view: SignlView, asOf = Date.now()): void {
    remember(view.ticketId, view, asOf);
    renderState(this.dom, view, this.options.time, () => void this.explain(view));
    this.panelFor(view.ticketId).render(view.actions);
    renderHelp(this.dom, view.help);
    renderTimeline(this.dom, view.timeline, this.options.time, () => this.resized());
    this.resized();
  }

  private failedLoad(ticket: TicketRef | undefined, error: unknown): void {
    const failure = toFailure(error);
    if (failure.status === BUSY_STATUS && ticket !== undefined) this.showBusy(ticket);
    else this.showLoadError(failure.message);
  }

  /** The last known view (actions held back: they would hit the same spent budget), or the busy words alone. */
  private showBusy(ticket: TicketRef): void {
    const known = recall(ticket.id);
    if (known === undefined) {
      renderBusy(this.dom, 'The app is busy right now. The SIGNL4 status shows here in a moment.');
      setBusyState(this.dom);
      this.reportFirstRender('busy');
    } else {
      renderBusy(this.dom, `The app is busy — showing the state as of ${this.options.clockTime(known.at)}. It checks again by itself.`);
      renderState(this.dom, known.view, this.options.time);
      this.dom.root.dataset['busy'] = 'true';
      this.dom.actions.replaceChildren();
      renderHelp(this.dom, known.view.help);
      renderTimeline(this.dom, known.view.timeline, this.options.time, () => this.resized());
      this.reportFirstRender(known.view.state);
    }
    this.resized();
    const pauses = this.options.busyRetryMs ?? BUSY_RETRY_MS;
    const pause = pauses[Math.min(this.busyTries, pauses.length - 1)] ?? 60_000;
    this.busyTries += 1;
    this.retryTimer = setTimeout(() => void this.load(true), pause);
  }

  private showLoadError(message: string): void {
    const retry = renderLoadError(this.dom, message, () => {
      void this.load();
    });
    this.reportFirstRender('error');
    this.resized();
    if (this.dom.root.contains(document.activeElement) || document.activeElement === document.body) focusButton(retry);
  }

  private reportFirstRender(state: string): void {
    if (this.firstRenderReported) return;
    this.firstRenderReported = true;
    this.options.onFirstRender?.(state);
  }

  private resized(atLeast = 0): void {
    this.minHeight = atLeast;
    const style = getComputedStyle(document.body);
    const margins = parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    this.client.resize(Math.max(atLeast, document.body.getBoundingClientRect().height + (Number.isNaN(margins) ? 0 : margins)));
  }
}
