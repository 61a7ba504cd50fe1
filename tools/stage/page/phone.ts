/// <reference lib="dom" />
/** The SIGNL4-like phone: the team's Signls with the buttons SIGNL4 offers for each one's state. */
import type { PhoneAction, SignlSummary } from '../stage-types.js';
import { api } from './api.js';
import { byId, el, toast, when } from './dom.js';

const STATUS_WORD: Record<SignlSummary['status'], string> = { new: 'New', acknowledged: 'Acknowledged', closed: 'Closed' };

const LABEL: Record<PhoneAction, string> = { acknowledge: 'Acknowledge', close: 'Close', escalate: 'Escalate', annotate: 'Annotate' };

export class Phone {
  private key = '';

  constructor(user: string) {
    byId('phone-user').textContent = user;
  }

  render(signls: SignlSummary[]): void {
    const key = JSON.stringify(signls);
    const list = byId('signl-list');
    if (key === this.key || list.contains(document.activeElement) && document.activeElement instanceof HTMLInputElement) return;
    this.key = key;
    if (signls.length === 0) {
      list.replaceChildren(el('li', { className: 'empty', text: 'No alerts. Create an Urgent incident on the desk.' }));
      return;
    }
    list.replaceChildren(...[...signls].reverse().map((signl) => this.card(signl)));
  }

  private card(signl: SignlSummary): HTMLLIElement {
    const meta = `${STATUS_WORD[signl.status]}${signl.by === '' ? '' : ` by ${signl.by}`} · ${when(signl.createdAt)}${signl.escalations > 0 ? ` · escalated ${signl.escalations}×` : ''}`;
    const buttons = el('div', { className: 'signl-buttons' });
    const annotate = el('form', { className: 'signl-annotate', attrs: { 'aria-label': `Annotate ${signl.title}` } });
    const input = el('input', { attrs: { name: 'text', placeholder: 'Annotation', 'aria-label': 'Annotation text', required: '' } });
    annotate.append(input, el('button', { className: 'btn', text: 'Annotate', attrs: { type: 'submit' } }));
    annotate.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.act(signl, 'annotate', input.value);
    });
    for (const action of signl.actions) if (action !== 'annotate') buttons.append(this.button(signl, action, LABEL[action]));
    return el('li', { className: `signl ${signl.status}`, attrs: { 'data-signl': signl.id, 'data-status': signl.status } }, [
      el('p', { className: 'signl-title', text: signl.title }),
      el('p', { className: 'signl-meta', text: meta }),
      el('p', { className: 'signl-text', text: signl.text }),
      ...(signl.annotations.length === 0 ? [] : [el('ul', { className: 'signl-annotations' }, signl.annotations.map((a) => el('li', { text: `${a.user}: ${a.text}` })))]),
      buttons,
      ...(signl.actions.includes('annotate') ? [annotate] : []),
    ]);
  }

  private button(signl: SignlSummary, action: PhoneAction, label: string): HTMLButtonElement {
    const button = el('button', { className: action === 'acknowledge' ? 'btn btn-primary' : 'btn', text: label, attrs: { type: 'button', 'data-phone-action': action } });
    button.addEventListener('click', () => {
      button.disabled = true;
      void this.act(signl, action).finally(() => {
        button.disabled = false;
      });
    });
    return button;
  }

  private async act(signl: SignlSummary, action: PhoneAction, text?: string): Promise<void> {
    const answer = await api.phone(signl.id, action, text);
    toast(answer.message, answer.ok ? 'success' : 'danger');
    this.key = '';
  }
}
