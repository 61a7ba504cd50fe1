/**
 * What an agent can do now and what only an admin can fix, for a failed delivery and for a status
 * Freshservice refused (docs/specification.md §3: required-for-closure fields). The admin's half
 * names settings as the installation page labels them (config/iparams.html).
 */
import type { TicketState } from '../signl/ticket-state.js';
import { fieldIds, labelFor } from './field-labels.js';
import type { Help } from './view-types.js';

const CLOSE_STATUS_LABEL = '"Ticket status when the Signl is closed"';

export function deliveryHelp(fix: string): Help {
  const admin = fix.trim() === '' || /retries automatically/i.test(fix) ? [] : [fix.trim()];
  return {
    now: ['If someone is needed now, reach the on-call team another way (phone, chat).', 'Press "Retry delivery" once the cause is fixed.'],
    admin,
  };
}

/** The newest refusal, when it is the last thing that happened to the ticket's status. */
function lastRefusal(state: TicketState): string | undefined {
  const newest = [...state.tl].reverse().find((e) => e.k === 'refused' || e.k === 'closed' || e.k === 'acknowledged' || e.k === 'forwarded');
  return newest?.k === 'refused' ? newest.t : undefined;
}

function join(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] as string}`;
}

export function refusalHelp(state: TicketState, labels: Readonly<Record<string, string>>): Help | undefined {
  const text = lastRefusal(state);
  if (text === undefined) return undefined;
  const ids = [...new Set(fieldIds(text))];
  if (ids.length > 0) {
    const fields = join(ids.map((id) => labelFor(labels, id)));
    return {
      now: [`Fill in ${fields} on the ticket, then set its status yourself.`],
      admin: [`Freshservice needs ${fields} before it closes a ticket. If SIGNL4 should close such tickets on its own, make ${ids.length === 1 ? 'it' : 'them'} optional for closure, or leave ${CLOSE_STATUS_LABEL} empty in the app settings.`],
    };
  }
  if (/does not exist/i.test(text)) {
    return { now: ['Set the ticket status yourself.'], admin: ['A ticket status named in the app settings does not exist in this account; choose one of its statuses in the app settings.'] };
  }
  return { now: ['Set the ticket status yourself.'], admin: [] };
}
