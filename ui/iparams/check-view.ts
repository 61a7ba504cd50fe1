/**
 * Shows what the checks found: a Crayons fw-label badge per check (green passed, amber not proven
 * or not checked, red failed, grey not run yet), the status line next to Install (an aria-live
 * region, with a fw-spinner while checks run) and a fw-toast for outcomes the admin asked for.
 */
import type { CheckLine, CheckState } from './check-report.js';

export type StatusTone = 'ok' | 'warn' | 'bad' | 'busy' | '';

const BADGE: Record<CheckState, { color: string; value: string }> = {
  passed: { color: 'green', value: 'Passed' },
  failed: { color: 'red', value: 'Refused' },
  unproven: { color: 'yellow', value: 'Not proven' },
  skipped: { color: 'yellow', value: 'Not checked' },
};

interface ToastElement extends HTMLElement {
  trigger?: (options: { type: 'success' | 'warning' | 'error' | 'inprogress'; content: string; timeout?: number }) => Promise<void>;
}

/** Writes a message with its tone into an element (an aria-live region: screen readers hear it). */
export function say(doc: Document, id: string, text: string, tone: StatusTone = ''): void {
  const element = doc.getElementById(id);
  if (element === null) return;
  element.textContent = text;
  element.dataset['tone'] = tone;
  if (id === 'check-status') {
    const spinner = doc.getElementById('check-spinner');
    if (spinner !== null) spinner.hidden = tone !== 'busy';
    doc.getElementById('check-status-bar')?.setAttribute('data-tone', tone);
  }
}

const PENDING = { color: 'grey', value: 'Not checked yet' };

function showLine(item: HTMLElement, line: CheckLine | undefined): void {
  const look = line === undefined ? PENDING : BADGE[line.state];
  for (const badge of item.querySelectorAll('fw-label')) {
    badge.setAttribute('value', look.value);
    badge.setAttribute('color', look.color);
  }
  item.dataset['state'] = line === undefined ? 'pending' : line.state;
  for (const detail of item.querySelectorAll('.check-detail')) detail.textContent = line === undefined ? '' : line.detail;
}

/** One badge per check; undefined (an edit since the last check) sets every badge back to "Not checked yet". */
export function showCheckLines(doc: Document, lines: ReadonlyArray<CheckLine> | undefined): void {
  for (const item of doc.querySelectorAll<HTMLElement>('#check-list [data-check]')) {
    showLine(item, lines?.find((l) => l.id === item.dataset['check']));
  }
}

/** A toast for an outcome the admin asked for; the same words are in an aria-live region already. */
export function toast(doc: Document, tone: 'ok' | 'warn' | 'bad', content: string): void {
  const element = doc.getElementById('outcome-toast') as ToastElement | null;
  const type = tone === 'ok' ? 'success' : tone === 'warn' ? 'warning' : 'error';
  element?.trigger?.({ type, content, timeout: 6000 }).catch(() => undefined);
}
