/**
 * The action buttons: only those the view offers, each through its server method. A click shows
 * progress, blocks every other action until the answer, reports the outcome inline and as a
 * notification, and re-renders from the view the server returns. Paging asks first, inline.
 */
import type { ActionResult, SignlAction, SignlView } from '../../server/src/methods/view-types.js';
import type { SidebarClient } from './client.js';
import { ACTION_TEXT, toFailure } from './format.js';
import { el, renderOutcome, type SidebarDom } from './view.js';

export interface ActionHost {
  client: SidebarClient;
  dom: SidebarDom;
  /** Called with the fresh view after a successful action. */
  show(view: SignlView): void;
  /** Called after the panel changed size. */
  resized(): void;
}

export class ActionPanel {
  private busy = false;
  private buttons: HTMLButtonElement[] = [];

  constructor(
    private readonly host: ActionHost,
    private readonly ticketId: number,
  ) {}

  get isBusy(): boolean {
    return this.busy;
  }

  render(actions: readonly SignlAction[]): void {
    this.buttons = actions.filter((action) => action in ACTION_TEXT).map((action) => this.button(action));
    this.host.dom.actions.replaceChildren(...this.buttons);
  }

  private button(action: SignlAction): HTMLButtonElement {
    const text = ACTION_TEXT[action];
    const button = el('button', {
      className: `s4-button ${text.primary ? 's4-button--primary' : 's4-button--secondary'}`,
      text: text.label,
      attrs: { type: 'button', 'aria-label': text.name, 'data-action': action },
    });
    button.addEventListener('click', () => {
      if (action === 'page') this.askToPage(button);
      else void this.run(action, button);
    });
    return button;
  }

  /** Inline confirmation (the FDK forbids window.confirm); Escape or Cancel goes back. */
  private askToPage(trigger: HTMLButtonElement): void {
    if (this.busy) return;
    const yes = el('button', { className: 's4-button s4-button--danger', text: 'Yes, page now', attrs: { type: 'button' } });
    const no = el('button', { className: 's4-button s4-button--secondary', text: 'Cancel', attrs: { type: 'button' } });
    const box = el('div', { className: 's4-confirm', attrs: { role: 'group', 'aria-labelledby': 's4-confirm-text' } }, [
      el('p', { className: 's4-confirm-text', text: 'Send this ticket to SIGNL4 and alert the on-call team now?', attrs: { id: 's4-confirm-text' } }),
      el('div', { className: 's4-confirm-buttons' }, [yes, no]),
    ]);
    const back = (): void => {
      this.host.dom.actions.replaceChildren(...this.buttons);
      this.host.resized();
      trigger.focus();
    };
    yes.addEventListener('click', () => {
      this.host.dom.actions.replaceChildren(...this.buttons);
      void this.run('page', trigger);
    });
    no.addEventListener('click', back);
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') back();
    });
    this.host.dom.actions.replaceChildren(box);
    this.host.resized();
    yes.focus();
  }

  private async run(action: SignlAction, button: HTMLButtonElement): Promise<void> {
    if (this.busy) return;
    this.setBusy(action, button);
    try {
      const result = await this.host.client.act(action, this.ticketId);
      this.succeeded(result);
    } catch (error) {
      await this.failed(action, button, toFailure(error).message);
    }
  }

  private setBusy(action: SignlAction, button: HTMLButtonElement): void {
    this.busy = true;
    renderOutcome(this.host.dom, '', 'info');
    for (const other of this.buttons) other.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.replaceChildren(el('span', { className: 's4-spinner', attrs: { 'aria-hidden': 'true' } }), document.createTextNode(ACTION_TEXT[action].busy));
  }

  private succeeded(result: ActionResult): void {
    this.busy = false;
    this.host.show(result.view);
    renderOutcome(this.host.dom, result.message, 'success');
    void this.host.client.notify('success', result.message);
    this.host.resized();
    (this.host.dom.actions.querySelector('button') ?? this.host.dom.state).focus();
  }

  private async failed(action: SignlAction, button: HTMLButtonElement, reason: string): Promise<void> {
    this.busy = false;
    const text = `${ACTION_TEXT[action].failed} ${reason}`;
    for (const other of this.buttons) other.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = ACTION_TEXT[action].label;
    renderOutcome(this.host.dom, text, 'danger');
    this.host.resized();
    button.focus();
    await this.host.client.notify('danger', text);
  }
}
