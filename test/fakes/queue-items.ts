/** Queue items for tests of the retry queue's size limits. */
import type { QueueItem } from '../../server/src/work/delivery-queue.js';

/** Text of `points` characters, one in five an emoji (4 bytes in UTF-8, 2 UTF-16 units). */
export function emojiText(points: number): string {
  const unit = Array.from('Rack 4 🔥 PSU 🚒 swap ok ✅ ');
  return Array.from({ length: points }, (_, i) => unit[i % unit.length]).join('');
}

export function annotation(t: number, id: string, text: string, now: number): Extract<QueueItem, { k: 'c' }> {
  const who = 'Sam Okafor';
  return {
    k: 'c',
    t,
    cb: { id, type: 203, xid: `xid-${t}`, user: who, email: 'sam.okafor@example.com', at: now, text },
    plan: { note: `${who} in SIGNL4: ${text}`, timeline: { k: 'annotated', t: `${who}: ${text}` } },
    noteDone: false,
    n: 0,
    due: now,
    since: now,
    r: 'Freshservice did not answer properly (HTTP 503).',
  };
}
