/**
 * The activity half of the page: counts (totals and per UTC day for the last 7 days), the
 * retry queue with each item's next attempt in the agent's locale, and the last errors.
 * Everything from the server is plain text (the server redacts secrets already).
 */
import type { DiagnosticsView, QueueItemView } from '../../server/src/methods/view-types.js';
import { el, table } from './dom.js';
import { formatCount, formatDateTime, formatDay, formatRelative } from './format.js';

interface Tile {
  label: string;
  value: number;
  help: string;
  /** Shown in a warning colour when the value is not zero. */
  alarming: boolean;
}

function tiles(counts: DiagnosticsView['counts']): Tile[] {
  return [
    { label: 'Signls created', value: counts.forwarded, help: 'SIGNL4 confirmed the alert (its "created" callback; counted only when the callback URL is registered).', alarming: false },
    { label: 'Delivered after waiting', value: counts.delivered, help: 'Sent from the retry queue after SIGNL4 was busy or unreachable.', alarming: false },
    { label: 'Callbacks applied', value: counts.callbacksApplied, help: 'Acknowledgements, closes, escalations and annotations written to tickets.', alarming: false },
    {
      label: 'Callbacks rejected',
      value: counts.callbacksRejected,
      help: 'Failed the authenticity check (not a Signl this app sent); nothing was changed.',
      alarming: true,
    },
    { label: 'Deliveries failed', value: counts.deliveriesFailed, help: 'Gave up after the last attempt; see the last errors.', alarming: true },
  ];
}

function tile(t: Tile): HTMLElement {
  const tone = t.alarming && t.value > 0 ? ' dx-tile--alarm' : '';
  return el(
    'div',
    { className: `dx-tile${tone}` },
    el('p', { className: 'dx-tile-value', text: formatCount(t.value) }),
    el('p', { className: 'dx-tile-label', text: t.label }),
    el('p', { className: 'dx-tile-help', text: t.help }),
  );
}

export function renderCounts(counts: DiagnosticsView['counts']): HTMLElement {
  const days = counts.days.slice(-7);
  const perDay =
    days.length === 0
      ? el('p', { className: 'dx-empty', text: 'No activity in the last 7 days.' })
      : table(
          'Per day (UTC), last 7 days',
          ['Day', 'Forwarded', 'Callbacks applied', 'Callbacks rejected'],
          days.map((d) => [formatDay(d.day), formatCount(d.forwarded), formatCount(d.callbacksApplied), formatCount(d.callbacksRejected)]),
        );
  return el('div', {}, el('div', { className: 'dx-tiles' }, ...tiles(counts).map(tile)), perDay);
}

const KIND: Readonly<Record<QueueItemView['kind'], string>> = {
  deliver: 'Send the ticket to SIGNL4',
  status: 'Send a status change to SIGNL4',
  callback: 'Apply a SIGNL4 callback to the ticket',
};

function nextAttempt(iso: string, nowMs: number): string {
  const relative = formatRelative(iso, nowMs);
  return relative === '' ? formatDateTime(iso) : `${formatDateTime(iso)} (${relative})`;
}

export function renderQueue(queue: ReadonlyArray<QueueItemView>, nowMs: number): HTMLElement {
  if (queue.length === 0) return el('p', { className: 'dx-empty', text: 'The retry queue is empty: nothing is waiting.' });
  return table(
    `${queue.length} waiting`,
    ['Ticket', 'What', 'Attempts', 'Next attempt', 'Why'],
    queue.map((item) => [`#${item.ticketId}`, KIND[item.kind] ?? item.kind, String(item.attempts), nextAttempt(item.nextAttemptAt, nowMs), item.reason]),
  );
}

export function renderErrors(errors: DiagnosticsView['lastErrors']): HTMLElement {
  if (errors.length === 0) return el('p', { className: 'dx-empty', text: 'No errors recorded.' });
  const items = errors.map((e) =>
    el(
      'li',
      { className: 'dx-error' },
      el('p', { className: 'dx-error-head', text: `${formatDateTime(e.at)} · ${e.operation} · ${e.code}` }),
      el('p', { className: 'dx-error-message', text: e.message }),
      ...(e.fix === '' ? [] : [el('p', { className: 'dx-error-fix', text: `What to do: ${e.fix}` })]),
    ),
  );
  return el('ul', { className: 'dx-errors' }, ...items);
}
