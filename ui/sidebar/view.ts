/**
 * Renders the sidebar's regions. Every piece of text from a ticket or from SIGNL4 goes through
 * textContent; nothing here assigns HTML.
 */
import type { Help, SignlView, TimelineItem } from '../../server/src/methods/view-types.js';
import type { TicketRef } from './client.js';
import { stateText, timelineLabel, type TimeFormat, type Tone } from './format.js';

export interface SidebarDom {
  root: HTMLElement;
  ticket: HTMLElement;
  state: HTMLElement;
  outcome: HTMLElement;
  actions: HTMLElement;
  help: HTMLElement;
  timeline: HTMLElement;
  busy: HTMLElement;
  confirm: HTMLElement;
  toast: HTMLElement;
}

/** How many timeline entries show before "Show earlier events". */
export const TIMELINE_SHOWN = 5;

interface Props {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, children?: Node[]): HTMLElementTagNameMap[K];
export function el(tag: string, props?: Props, children?: Node[]): HTMLElement;
export function el(tag: string, props: Props = {}, children: Node[] = []): HTMLElement {
  const node = document.createElement(tag);
  if (props.className !== undefined) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function region(doc: Document, id: string): HTMLElement {
  const node = doc.getElementById(id);
  if (node === null) throw new Error(`index.html lacks #${id}`);
  return node;
}

export function findDom(doc: Document): SidebarDom {
  return {
    root: region(doc, 's4-sidebar'),
    ticket: region(doc, 's4-ticket'),
    state: region(doc, 's4-state'),
    outcome: region(doc, 's4-outcome'),
    actions: region(doc, 's4-actions'),
    help: region(doc, 's4-help'),
    timeline: region(doc, 's4-timeline'),
    busy: region(doc, 's4-busy'),
    confirm: region(doc, 's4-confirm'),
    toast: region(doc, 's4-toast'),
  };
}

function setState(dom: SidebarDom, name: string, busy: boolean, children: Node[]): void {
  dom.root.dataset['state'] = name;
  delete dom.root.dataset['busy'];
  dom.state.setAttribute('aria-busy', String(busy));
  dom.state.replaceChildren(...children);
}

export function renderTicket(dom: SidebarDom, ticket: TicketRef | undefined): void {
  if (ticket === undefined) {
    dom.ticket.replaceChildren();
    return;
  }
  const subject = ticket.subject.trim() === '' ? '(no subject)' : ticket.subject;
  dom.ticket.replaceChildren(el('span', { className: 's4-ticket-id', text: `#${ticket.id}` }), el('span', { className: 's4-ticket-subject', text: subject, attrs: { title: subject } }));
}

export function renderLoading(dom: SidebarDom): void {
  setState(dom, 'loading', true, [el('p', { className: 's4-loading' }, [el('fw-spinner', { attrs: { size: 'small', 'aria-hidden': 'true' } }), document.createTextNode('Loading the SIGNL4 status…')])]);
  clearExtras(dom);
}

/** A refused read with nothing known yet: the busy notice says it all. */
export function setBusyState(dom: SidebarDom): void {
  setState(dom, 'busy', true, []);
  clearExtras(dom);
}

export function renderEmpty(dom: SidebarDom): void {
  setState(dom, 'empty', false, [
    el('p', { className: 's4-headline', text: 'No ticket is open.' }),
    el('p', { className: 's4-detail', text: 'Open a ticket to see whether it was sent to SIGNL4.' }),
  ]);
  clearExtras(dom);
}

/** A failure to load: says what happened and offers "Try again"; never a blank panel. */
export function renderLoadError(dom: SidebarDom, message: string, onRetry: () => void): HTMLElement {
  const retry = el('fw-button', { text: 'Try again', attrs: { color: 'secondary', 'data-action': 'reload' } });
  retry.addEventListener('click', onRetry);
  setState(dom, 'error', false, [
    el('div', { className: 's4-card s4-card--danger', attrs: { role: 'alert' } }, [
      el('p', { className: 's4-headline', text: 'Could not load the SIGNL4 status.' }),
      el('p', { className: 's4-detail', text: message }),
    ]),
  ]);
  clearExtras(dom);
  dom.actions.replaceChildren(retry);
  return retry;
}

function clearExtras(dom: SidebarDom): void {
  dom.actions.replaceChildren();
  dom.help.replaceChildren();
  dom.help.hidden = true;
  dom.timeline.replaceChildren();
  dom.timeline.hidden = true;
}

/** The button that asks why a ticket without a Signl was not sent (a second, dearer read: only on request). */
function explainButton(onExplain: () => void): HTMLElement {
  const button = el('fw-button', { text: 'Why was it not sent?', attrs: { color: 'secondary', size: 'small', 'data-action': 'explain' } });
  button.addEventListener('click', () => {
    button.setAttribute('disabled', 'true');
    button.textContent = 'Checking…';
    onExplain();
  });
  return button;
}

/** `onExplain`: offered for a ticket without a Signl whose reason is not known yet. */
export function renderState(dom: SidebarDom, view: SignlView, time: TimeFormat, onExplain?: () => void): void {
  const text = stateText(view, time);
  const ask = onExplain !== undefined && view.state === 'not_forwarded' && view.notForwarded === undefined;
  setState(dom, view.state, false, [
    el('div', { className: `s4-card s4-card--${text.tone}` }, [
      el('p', { className: 's4-badge' }, [el('fw-label', { className: 's4-label', attrs: { color: text.color, value: text.badge } })]),
      el('p', { className: 's4-headline', text: text.headline }),
      ...text.details.map((line) => el('p', { className: 's4-detail', text: line })),
      ...(ask ? [el('p', { className: 's4-detail' }, [explainButton(onExplain)])] : []),
    ]),
  ]);
}

/** "What you can do now" apart from "What your admin must fix"; hidden when the view has no help. */
export function renderHelp(dom: SidebarDom, help: Help | undefined): void {
  const parts: Array<[string, string[]]> = [
    ['What you can do now', help?.now ?? []],
    ['What your admin must fix', help?.admin ?? []],
  ];
  const shown = parts.filter(([, lines]) => lines.length > 0);
  dom.help.hidden = shown.length === 0;
  dom.help.replaceChildren(
    ...shown.map(([title, lines]) => el('div', { className: 's4-help-part' }, [el('h3', { className: 's4-section-title', text: title }), el('ul', { className: 's4-help-list' }, lines.map((line) => el('li', { text: line })))])),
  );
}

/** The busy notice above a last known state (or alone); '' hides it. */
export function renderBusy(dom: SidebarDom, text: string): void {
  dom.busy.textContent = text;
  dom.busy.hidden = text === '';
}

export function renderOutcome(dom: SidebarDom, text: string, tone: Tone): void {
  dom.outcome.textContent = text;
  dom.outcome.className = text === '' ? 's4-outcome' : `s4-outcome s4-outcome--${tone}`;
}

function timelineEntry(item: TimelineItem, time: TimeFormat): HTMLLIElement {
  const when = time(item.at);
  return el('li', { className: `s4-event s4-event--${item.kind}` }, [
    el('div', { className: 's4-event-head' }, [
      el('span', { className: 's4-event-kind', text: timelineLabel(item.kind) }),
      el('time', { className: 's4-event-time', text: when, attrs: { datetime: item.at } }),
    ]),
    ...(item.text.trim() === '' ? [] : [el('p', { className: 's4-event-text', text: item.text })]),
  ]);
}

/** Milliseconds of an ISO time; unreadable times sort as oldest. */
function epochMs(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Newest first (by time; equal times newest-listed first); the newest TIMELINE_SHOWN entries, the rest behind a button. */
export function renderTimeline(dom: SidebarDom, items: readonly TimelineItem[], time: TimeFormat, onToggle: () => void, showAll = false): void {
  dom.timeline.hidden = items.length === 0;
  if (items.length === 0) {
    dom.timeline.replaceChildren();
    return;
  }
  const newestFirst = [...items].reverse().sort((a, b) => epochMs(b.at) - epochMs(a.at));
  const shown = showAll ? newestFirst : newestFirst.slice(0, TIMELINE_SHOWN);
  const children: Node[] = [el('h3', { className: 's4-section-title', text: 'What happened', attrs: { id: 's4-timeline-title', tabindex: '-1' } }), el('ol', { className: 's4-events', attrs: { 'aria-labelledby': 's4-timeline-title' } }, shown.map((item) => timelineEntry(item, time)))];
  const hidden = newestFirst.length - shown.length;
  if (hidden > 0) {
    const more = el('button', { className: 's4-link', text: `Show ${hidden} earlier ${hidden === 1 ? 'event' : 'events'}`, attrs: { type: 'button' } });
    more.addEventListener('click', () => {
      renderTimeline(dom, items, time, onToggle, true);
      dom.timeline.querySelector<HTMLElement>('.s4-section-title')?.focus();
      onToggle();
    });
    children.push(more);
  }
  dom.timeline.replaceChildren(...children);
}
