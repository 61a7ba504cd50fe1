/**
 * The trail an acknowledgement or close from the sidebar leaves on the ticket, as SIGNL4's own does
 * (docs/specification.md §3): the configured note (`note_acknowledged` / `note_closed`, with `{user}`
 * the agent's name and `{time}`), private when configured, plus where it was done and when.
 * SIGNL4's callback for the app's own change finds the Signl already moved and writes nothing,
 * so this is the only note.
 */
import { toAppError } from '../errors/errors.js';
import { createNote } from '../freshservice/freshservice-client.js';
import { formatTime, noteHtml, renderNote } from '../callbacks/callback-plan.js';
import type { SyncContext } from '../context/sync-context.js';

export function sidebarNoteText(template: string, by: string, at: number, ticketId: number, target: 'acknowledged' | 'resolved'): string {
  const configured = renderNote(template, { id: 'sidebar', type: 201, user: by, at }, ticketId);
  const where = `From the Freshservice ticket sidebar, ${formatTime(at)}.`;
  return configured === '' ? `Signl ${target} in SIGNL4 by ${by}. ${where}` : `${configured}\n${where}`;
}

/** Whether the note was written; a failure is logged and said to the agent, the Signl change stands. */
export async function writeSidebarNote(ctx: SyncContext, ticketId: number, target: 'acknowledged' | 'resolved', by: string): Promise<boolean> {
  const template = target === 'resolved' ? ctx.settings.note_closed : ctx.settings.note_acknowledged;
  const text = sidebarNoteText(template, by, ctx.deps.clock.now(), ticketId, target);
  try {
    await createNote(ctx.fs, ticketId, noteHtml(text), ctx.settings.private_notes);
    return true;
  } catch (error) {
    ctx.deps.log.warn('the note of a sidebar action could not be written', { ticket: ticketId, code: toAppError('write note', error).code });
    return false;
  }
}
