/**
 * The SIGNL4 inbound-webhook body for a ticket (docs/specification.md §1): Title and Text, named fields
 * (empty ones left out), the agent-portal link, custom fields by label, linked items by name,
 * and the X-S4-* control parameters. Sizes are capped so the event stays well under SIGNL4's
 * (UNCONFIRMED, ~10,000 character) message limit.
 */
import { trimText } from '../text/html-to-text.js';
import type { TicketFacts } from '../freshservice/ticket-facts.js';
import type { Settings } from '../settings/settings-schema.js';
import type { SignlBody, SignlStatus } from '../signl4/signl-body.js';


export const LIMITS = { title: 200, text: 2500, field: 300, customFields: 20, total: 9000 } as const;

export function portalLink(freshserviceUrl: string, ticketId: number): string {
  return `${freshserviceUrl.replace(/\/+$/, '')}/a/tickets/${ticketId}`;
}

function person(name: string | undefined, email: string | undefined): string | undefined {
  if (name !== undefined && email !== undefined) return `${name} <${email}>`;
  return name ?? email;
}

function list(items: string[]): string | undefined {
  return items.length > 0 ? items.join(', ') : undefined;
}

function namedFields(facts: TicketFacts): Array<[string, string | undefined]> {
  return [
    ['Priority', facts.priorityName],
    ['Urgency', facts.urgencyName],
    ['Impact', facts.impactName],
    ['Status', facts.statusName],
    ['Type', facts.typeName],
    ['Source', facts.sourceName],
    ['Requester', person(facts.requesterName, facts.requesterEmail)],
    ['Department', facts.departmentName],
    ['Group', facts.groupName],
    ['Agent', person(facts.agentName, facts.agentEmail)],
    ['Category', facts.category],
    ['Due by', facts.dueBy],
    ['First response due by', facts.frDueBy],
    ['Workspace', facts.workspaceName],
    ['Tags', list(facts.tags)],
    ['Assets', list(facts.assets)],
    ['Problem', list(facts.problems)],
    ['Changes', list(facts.changes)],
  ];
}

export function serviceFor(template: string, facts: TicketFacts): string | undefined {
  const value = template.replace(/\{group\}/g, facts.groupName ?? '').trim();
  return value === '' ? undefined : trimText(value, LIMITS.field);
}

export interface SignlContext {
  externalId: string;
  freshserviceUrl: string;
}

/** What one more entry adds to the serialised body: `,"key":"value"`, escapes included. */
function entrySize(key: string, value: string): number {
  return JSON.stringify(key).length + JSON.stringify(value).length + 2;
}

function put(body: SignlBody, key: string, value: string | undefined, budget: { left: number }): void {
  if (value === undefined || value.trim() === '' || key in body || /^x-s4-/i.test(key)) return;
  const room = budget.left - entrySize(key, '');
  const shown = trimText(value, Math.min(LIMITS.field, room));
  if (room <= 0 || entrySize(key, shown) > budget.left) return;
  body[key] = shown;
  budget.left -= entrySize(key, shown);
}

export function buildNewSignl(facts: TicketFacts, settings: Pick<Settings, 'alerting_scenario' | 'signl4_category'>, ctx: SignlContext): SignlBody {
  const body: SignlBody = {
    Title: trimText(`#${facts.id}: ${facts.subject}`, LIMITS.title),
    Text: trimText(facts.descriptionText === '' ? facts.subject : facts.descriptionText, LIMITS.text),
    Link: portalLink(ctx.freshserviceUrl, facts.id),
    'X-S4-ExternalID': ctx.externalId,
    'X-S4-Status': 'new',
    'X-S4-SourceSystem': 'Freshservice',
    'X-S4-AlertingScenario': settings.alerting_scenario,
  };
  const service = serviceFor(settings.signl4_category, facts);
  if (service !== undefined) body['X-S4-Service'] = service;
  const budget = { left: LIMITS.total - JSON.stringify(body).length };
  for (const [key, value] of namedFields(facts)) put(body, key, value, budget);
  for (const field of facts.customFields.slice(0, LIMITS.customFields)) put(body, field.label, field.value, budget);
  return body;
}

/** Acknowledge or resolve the Signl first raised with this external id. */
export function buildStatusEvent(externalId: string, status: Exclude<SignlStatus, 'new'>, note: string): SignlBody {
  return {
    'X-S4-ExternalID': externalId,
    'X-S4-Status': status,
    'X-S4-SourceSystem': 'Freshservice',
    Text: trimText(note, LIMITS.field),
  };
}
