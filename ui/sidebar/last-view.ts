/**
 * The last view the sidebar showed per ticket, kept in the page's memory and in sessionStorage, so a
 * read the platform refuses (its $db or $request minute spent) can show "the state as of hh:mm"
 * instead of an error. Nothing in it is secret (SignlView is what the page already showed).
 */
import type { SignlView } from '../../server/src/methods/view-types.js';
import { isSignlView } from './client.js';

export interface KnownView {
  view: SignlView;
  /** ms when the app answered with it. */
  at: number;
}

const memory = new Map<number, KnownView>();
const key = (ticketId: number): string => `s4-view-${ticketId}`;

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined; // a sandboxed frame without storage keeps the memory copy only
  }
}

export function remember(ticketId: number, view: SignlView, at: number): void {
  memory.set(ticketId, { view, at });
  try {
    storage()?.setItem(key(ticketId), JSON.stringify({ view, at }));
  } catch {
    console.info('[signl4] storage full or refused: the last view is kept in this page only');
  }
}

export function recall(ticketId: number): KnownView | undefined {
  const held = memory.get(ticketId);
  if (held !== undefined) return held;
  return stored(ticketId);
}

function stored(ticketId: number): KnownView | undefined {
  try {
    const parsed = JSON.parse(storage()?.getItem(key(ticketId)) ?? 'null') as Partial<KnownView> | null;
    return parsed !== null && isSignlView(parsed.view) && typeof parsed.at === 'number' ? { view: parsed.view, at: parsed.at } : undefined;
  } catch {
    return undefined; // unreadable: as if nothing was kept
  }
}
