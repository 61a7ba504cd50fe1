/// <reference lib="dom" />
/** The live log of what crossed between Freshservice, the app and SIGNL4. */
import type { LogEntry } from '../stage-types.js';
import { byId, clock, el } from './dom.js';

const KEEP = 400;

export class LogView {
  private last = 0;

  get since(): number {
    return this.last;
  }

  append(entries: LogEntry[]): void {
    const fresh = entries.filter((entry) => entry.seq > this.last);
    if (fresh.length === 0) return;
    this.last = fresh[fresh.length - 1]?.seq ?? this.last;
    const log = byId('log');
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 8; // the list scrolls under its heading
    log.append(...fresh.map((entry) => el('li', { attrs: { 'data-channel': entry.channel } }, [
      el('time', { text: clock(entry.at), attrs: { datetime: entry.at } }),
      el('span', { className: `ch ch-${entry.channel}`, text: entry.channel }),
      el('span', { text: `${entry.from} → ${entry.to}` }),
      el('span', { className: 'ltext', text: entry.text }),
    ])));
    while (log.childElementCount > KEEP) log.firstElementChild?.remove();
    if (atBottom) log.scrollTop = log.scrollHeight;
  }
}
