/**
 * The action buttons (Crayons fw-button): only those the view offers, each through its server
 * method with the agent's name. A click shows progress (the button's loading state), blocks every
 * other action until the answer, reports what really happened inline (aria-live) and as an fw-toast,
 * and re-renders from the view the server returns. Paging and resolving ask first, in an fw-modal.
 */
import type { ActionResult, AgentRef, SignlAction, SignlView } from '../../server/src/methods/view-types.js';
import type { SidebarClient } from './client.js';
import { closeModal, focusButton, openModal, toast, type ToastType } from './crayons.js';
import { ACTION_TEXT, toFailure, type Tone } from './format.js';
import { el, renderOutcome, type SidebarDom } from './view.js';

export interface ActionHost {
  client: SidebarClient;
  dom: SidebarDom;
  /** The agent at the desk (resolved once per load). */
  agent: Promise<AgentRef | undefined>;
  /** Called with the fresh view after an answered action. */
  show(view: SignlView): void;
  /** Called after the panel changed size; `atLeast` while a dialog needs room. */
  resized(atLeast?: number): void;
}

const CONFIRM: Partial<Record<SignlAction, { title: string; text: string; yes: string }>> = {
  page: { title: 'Page the on-call team?', text: 'This sends the ticket to SIGNL4 and alerts the on-call team now.', yes: 'Yes, page now' },
  resolve: { title: 'Resolve the Signl?', text: 'This closes the Signl in SIGNL4 for the whole team. The ticket itself stays as it is.', yes: 'Yes, resolve' },
};

const TONE: Record<ActionResult['outcome'], { tone: Tone; toast: ToastType }> = {
  done: { tone: 'success', toast: 'success' },
  waiting: { tone: 'info', toast: 'warning' },
  failed: { tone: 'danger', toast: 'error' },
};

/** Room the confirmation dialog needs in the sidebar's frame. */
const DIALOG_HEIGHT = 340;

export class ActionPanel {
  private busy = false;
  private buttons: HTMLElement[] = [];

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

  private button(action: SignlAction): HTMLElement {
    const text = ACTION_TEXT[action];
    const button = el('fw-button', { text: text.label, attrs: { color: text.primary ? 'primary' : 'secondary', 'aria-label': text.name, 'data-action': action } });
    button.addEventListener('click', () => {
      if (CONFIRM[action] === undefined) void this.run(action, button);
      else void this.ask(action, button);
    });
    return button;
  }

  /** fw-modal confirmation (the FDK forbids window.confirm); Cancel, Escape or the close icon go back. */
  private async ask(action: SignlAction, trigger: HTMLElement): Promise<void> {
    const words = CONFIRM[action];
    if (this.busy || words === undefined) return;
    const modal = this.host.dom.confirm;
    modal.setAttribute('title-text', words.title);
    modal.setAttribute('submit-text', words.yes);
    modal.setAttribute('data-action', action);
    modal.replaceChildren(el('p', { className: 's4-confirm-text', text: words.text }));
    const done = new AbortController();
    const back = (): void => {
      done.abort();
      this.host.resized();
      focusButton(trigger);
    };
    modal.addEventListener('fwSubmit', () => {
      done.abort();
      closeModal(modal);
      this.host.resized();
      void this.run(action, trigger);
    }, { signal: done.signal });
    modal.addEventListener('fwClose', back, { signal: done.signal });
    this.host.resized(DIALOG_HEIGHT);
    await openModal(modal);
  }

  private async run(action: SignlAction, button: HTMLElement): Promise<void> {
    if (this.busy) return;
    this.setBusy(action, button);
    try {
      const result = await this.host.client.act(action, this.ticketId, await this.host.agent);
      this.answered(result);
    } catch (error) {
      this.failed(action, button, toFailure(error).message);
    }
  }

  private setBusy(action: SignlAction, button: HTMLElement): void {
    this.busy = true;
    renderOutcome(this.host.dom, '', 'info');
    for (const other of this.buttons) {
      other.setAttribute('disabled', '');
      other.setAttribute('aria-disabled', 'true');
    }
    button.setAttribute('loading', '');
    button.setAttribute('aria-busy', 'true');
    button.textContent = ACTION_TEXT[action].busy;
  }

  private answered(result: ActionResult): void {
    this.busy = false;
    const tone = TONE[result.outcome] ?? TONE.failed;
    this.host.show(result.view);
    renderOutcome(this.host.dom, result.message, tone.tone);
    toast(this.host.dom.toast, tone.toast, result.message);
    this.host.resized();
    const next = this.host.dom.actions.querySelector<HTMLElement>('fw-button');
    if (next === null) this.host.dom.state.focus();
    else focusButton(next);
  }

  private failed(action: SignlAction, button: HTMLElement, reason: string): void {
    this.busy = false;
    const text = `${ACTION_TEXT[action].failed} ${reason}`;
    for (const other of this.buttons) {
      other.removeAttribute('disabled');
      other.removeAttribute('aria-disabled');
    }
    button.removeAttribute('loading');
    button.removeAttribute('aria-busy');
    button.textContent = ACTION_TEXT[action].label;
    renderOutcome(this.host.dom, text, 'danger');
    toast(this.host.dom.toast, 'error', text);
    this.host.resized();
    focusButton(button);
  }
}
