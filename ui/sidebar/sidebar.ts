/**
 * The sidebar's life: load the open ticket's Signl view, show it, and reload on request.
 * A newer load wins over an older one that answers late.
 */
import type { SignlView } from '../../server/src/methods/view-types.js';
import { ActionPanel } from './actions.js';
import type { SidebarClient, TicketRef } from './client.js';
import { toFailure, type TimeFormat } from './format.js';
import { renderEmpty, renderLoadError, renderLoading, renderOutcome, renderState, renderTicket, renderTimeline, type SidebarDom } from './view.js';

export interface SidebarOptions {
  time: TimeFormat;
  /** Called once, the first time a Signl state (or an error) is on screen. */
  onFirstRender?: (state: string) => void;
}

export class Sidebar {
  private generation = 0;
  private panel: ActionPanel | undefined;
  private firstRenderReported = false;

  constructor(
    private readonly client: SidebarClient,
    private readonly dom: SidebarDom,
    private readonly options: SidebarOptions,
  ) {}

  async load(): Promise<void> {
    const generation = ++this.generation;
    renderLoading(this.dom);
    renderOutcome(this.dom, '', 'info');
    this.resized();
    try {
      const ticket = await this.client.ticket();
      if (generation === this.generation) await this.loadTicket(ticket, generation);
    } catch (error) {
      if (generation === this.generation) this.showLoadError(toFailure(error).message);
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
    this.panel = new ActionPanel({ client: this.client, dom: this.dom, show: (next) => this.show(next), resized: () => this.resized() }, ticket.id);
    this.show(view);
    this.reportFirstRender(view.state);
  }

  private show(view: SignlView): void {
    renderState(this.dom, view, this.options.time);
    this.panel?.render(view.actions);
    renderTimeline(this.dom, view.timeline, this.options.time, () => this.resized());
    this.resized();
  }

  private showLoadError(message: string): void {
    const retry = renderLoadError(this.dom, message, () => {
      void this.load();
    });
    this.reportFirstRender('error');
    this.resized();
    if (this.dom.root.contains(document.activeElement) || document.activeElement === document.body) retry.focus({ preventScroll: true });
  }

  private reportFirstRender(state: string): void {
    if (this.firstRenderReported) return;
    this.firstRenderReported = true;
    this.options.onFirstRender?.(state);
  }

  private resized(): void {
    const style = getComputedStyle(document.body);
    const margins = parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    this.client.resize(document.body.getBoundingClientRect().height + (Number.isNaN(margins) ? 0 : margins));
  }
}
