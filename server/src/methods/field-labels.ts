/**
 * Freshservice's refusals name fields by id ("For root_cause: It should not be blank"); agents know
 * them by the label on their ticket form ("Root cause"). The labels come from the account's
 * `GET /api/v2/ticket_form_fields` (request template fsTicketFormFields), read only when a refusal
 * is on screen; without them an id is shown in words ("root_cause" -> "Root cause").
 */
import type { SyncContext } from '../context/sync-context.js';

const FIELD_REF = /\bFor ([A-Za-z][\w-]*): /g;

/** The field ids a refusal text names. */
export function fieldIds(text: string): string[] {
  return [...text.matchAll(FIELD_REF)].map((m) => m[1] as string);
}

/** "root_cause" / "cf_root_cause" -> "Root cause". */
export function idInWords(id: string): string {
  const words = id.replace(/^cf_/, '').replace(/[_-]+/g, ' ').trim();
  return words === '' ? id : `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

/** name -> label of every field on the account's ticket form. */
function fieldsOf(body: unknown): Array<Record<string, unknown>> {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['ticket_fields'] : undefined;
  return Array.isArray(fields) ? fields.filter((f): f is Record<string, unknown> => f !== null && typeof f === 'object') : [];
}

export function labelsOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, label } of fieldsOf(body)) {
    if (typeof name === 'string' && typeof label === 'string' && label.trim() !== '') out[name] = label.trim();
  }
  return out;
}

/** The labels, or {} when the form cannot be read now (the ids are then put in words). */
export async function readFieldLabels(ctx: SyncContext): Promise<Record<string, string>> {
  try {
    const result = await ctx.fs.request.invoke('fsTicketFormFields', { context: { host: ctx.fs.host } });
    return labelsOf(result.body);
  } catch {
    ctx.deps.log.info('ticket form fields not readable now; field ids are shown in words');
    return {};
  }
}

export function labelFor(labels: Readonly<Record<string, string>>, id: string): string {
  return labels[id] ?? labels[`cf_${id}`] ?? idInWords(id);
}

/** "For root_cause: It should not be blank" -> "Root cause: It should not be blank". */
export function withLabels(text: string, labels: Readonly<Record<string, string>>): string {
  return text.replace(FIELD_REF, (_all, id: string) => `${labelFor(labels, id)}: `);
}
