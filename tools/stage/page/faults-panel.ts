/// <reference lib="dom" />
/** The faults panel: one switch per fault, its state in words, what it does and what to try. */
import type { FaultView } from '../stage-types.js';
import { api } from './api.js';
import { byId, el, toast } from './dom.js';

export class FaultsPanel {
  private key = '';

  render(faults: FaultView[]): void {
    const key = JSON.stringify(faults);
    if (key === this.key) return;
    this.key = key;
    const list = byId('faults');
    for (const fault of faults) {
      const row = list.querySelector<HTMLLIElement>(`[data-fault="${fault.id}"]`) ?? list.appendChild(this.row(fault));
      row.classList.toggle('on', fault.on);
      const box = row.querySelector('input') as HTMLInputElement;
      if (!box.disabled) box.checked = fault.on;
      (row.querySelector('.fault-state') as HTMLElement).textContent = fault.on ? 'On' : 'Off';
    }
  }

  private row(fault: FaultView): HTMLLIElement {
    const box = el('input', { attrs: { type: 'checkbox', role: 'switch', 'aria-describedby': `fault-${fault.id}-effect fault-${fault.id}-shows` } });
    box.addEventListener('change', () => void this.toggle(fault.id, box));
    return el('li', { className: 'fault', attrs: { 'data-fault': fault.id } }, [
      el('label', {}, [box, document.createTextNode(fault.label), el('span', { className: 'fault-state', attrs: { 'aria-hidden': 'true' } })]),
      el('p', { text: fault.effect, attrs: { id: `fault-${fault.id}-effect` } }),
      el('p', { text: fault.shows, attrs: { id: `fault-${fault.id}-shows` } }),
    ]);
  }

  private async toggle(id: string, box: HTMLInputElement): Promise<void> {
    box.disabled = true;
    try {
      const answer = await api.fault(id, box.checked);
      toast(answer.message, answer.ok ? 'success' : 'danger');
      this.key = '';
    } finally {
      box.disabled = false;
    }
  }
}
