/**
 * Validation of ticket create/update bodies, collecting every problem the way Freshservice
 * reports them: `{ field, message, code }` with the documented codes (missing_field,
 * invalid_value, invalid_field, datatype_mismatch). Message texts are the simulator's own
 * (the exact live wording is UNCONFIRMED); the closure message is "It should not be blank".
 */
import type { FsState } from './fs-state.js';
import type { Choice, CustomValue, Ticket } from './types.js';

export interface FieldError {
  field: string;
  message: string;
  code: string;
}

const UPDATABLE = new Set([
  'subject', 'description', 'status', 'priority', 'urgency', 'impact', 'source', 'type', 'group_id', 'department_id',
  'responder_id', 'requester_id', 'requested_for_id', 'category', 'sub_category', 'item_category', 'due_by', 'fr_due_by',
  'tags', 'cc_emails', 'custom_fields', 'assets', 'problem', 'email', 'phone', 'name',
]);
const CREATABLE = new Set([...UPDATABLE, 'workspace_id', 'change_initiating_ticket', 'change_initiated_by_ticket']);
export const CLOSED_STATUSES: ReadonlySet<number> = new Set([4, 5]);

export class TicketValidator {
  readonly errors: FieldError[] = [];

  constructor(private readonly state: FsState, private readonly body: Record<string, unknown>) {}

  fail(field: string, message: string, code: string): void {
    this.errors.push({ field, message, code });
  }

  checkUnknownFields(mode: 'create' | 'update'): void {
    const allowed = mode === 'create' ? CREATABLE : UPDATABLE;
    for (const key of Object.keys(this.body)) {
      if (mode === 'update' && key === 'workspace_id') this.fail(key, 'The workspace cannot be changed here; use move_workspace', 'invalid_field');
      else if (!allowed.has(key)) this.fail(key, 'Unexpected/invalid field in request', 'invalid_field');
    }
  }

  checkRequired(fields: string[]): void {
    for (const field of fields) if (this.body[field] === undefined) this.fail(field, 'It should not be blank', 'missing_field');
  }

  checkRequester(): void {
    if (this.body['requester_id'] === undefined && this.body['email'] === undefined && this.body['phone'] === undefined) {
      this.fail('requester_id', 'Please specify requester_id, email or phone', 'missing_field');
    }
  }

  /** Fields carrying a choice id (status, priority, urgency, impact, source). */
  checkChoices(): void {
    const { state } = this;
    this.#choice('status', state.statuses);
    this.#choice('priority', state.priorities);
    this.#choice('urgency', state.levels);
    this.#choice('impact', state.levels);
    this.#choice('source', state.sources);
    const type = this.body['type'];
    if (type !== undefined && !(typeof type === 'string' && state.ticketTypes.some((t) => t.value === type))) {
      this.fail('type', `It should be one of these values: '${state.ticketTypes.map((t) => t.value).join(',')}'`, 'invalid_value');
    }
  }

  #choice(field: string, choices: Choice[]): void {
    const value = this.body[field];
    if (value === undefined) return;
    if (!Number.isInteger(value)) {
      this.fail(field, `Value set is of type ${typeName(value)}.It should be a/an Integer`, 'datatype_mismatch');
    } else if (!choices.some((choice) => choice.id === value)) {
      this.fail(field, `It should be one of these values: '${choices.map((choice) => choice.id).join(',')}'`, 'invalid_value');
    }
  }

  /** References to other records; `workspaceId` is the ticket's workspace (groups live per workspace). */
  checkReferences(workspaceId: number): void {
    const { state } = this;
    this.#ref('group_id', (id) => state.groups.get(id)?.workspace_id === workspaceId, 'group');
    this.#ref('responder_id', (id) => state.agents.get(id)?.active === true, 'agent');
    this.#ref('department_id', (id) => state.departments.has(id), 'department');
    this.#ref('requester_id', (id) => state.requesters.has(id) || state.agents.has(id), 'requester', false);
    this.#ref('requested_for_id', (id) => state.requesters.has(id) || state.agents.has(id), 'requester');
    this.#linkedItems();
  }

  #ref(field: string, exists: (id: number) => boolean, what: string, nullable = true): void {
    const value = this.body[field];
    if (value === undefined || (value === null && nullable)) return;
    if (!Number.isInteger(value)) this.fail(field, `Value set is of type ${typeName(value)}.It should be a/an Integer`, 'datatype_mismatch');
    else if (!exists(value as number)) this.fail(field, `There is no ${what} matching the given ${field}`, 'invalid_value');
  }

  #linkedItems(): void {
    const assets = this.body['assets'];
    if (assets !== undefined && !(Array.isArray(assets) && assets.every((a) => this.state.assets.has(displayId(a))))) {
      this.fail('assets', 'It should be a list of existing assets given by display_id', 'invalid_value');
    }
    const problem = this.body['problem'];
    if (problem !== undefined && problem !== null && !this.state.problems.has(displayId(problem))) {
      this.fail('problem', 'There is no problem matching the given display_id', 'invalid_value');
    }
  }

  checkScalars(): void {
    for (const field of ['subject', 'description', 'category', 'sub_category', 'item_category', 'email', 'phone', 'name']) {
      const value = this.body[field];
      const nullable = field.includes('category');
      if (value !== undefined && typeof value !== 'string' && !(nullable && value === null)) {
        this.fail(field, `Value set is of type ${typeName(value)}.It should be a/an String`, 'datatype_mismatch');
      }
    }
    for (const field of ['tags', 'cc_emails']) {
      const value = this.body[field];
      if (value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) {
        this.fail(field, 'It should be an Array of Strings', 'datatype_mismatch');
      }
    }
    for (const field of ['due_by', 'fr_due_by']) {
      const value = this.body[field];
      if (value !== undefined && !(typeof value === 'string' && !Number.isNaN(Date.parse(value)))) {
        this.fail(field, 'It should be in the ISO 8601 format', 'invalid_value');
      }
    }
  }

  checkCustomFields(): void {
    const custom = this.body['custom_fields'];
    if (custom === undefined) return;
    if (!isObject(custom)) {
      this.fail('custom_fields', 'It should be an object keyed by field name', 'datatype_mismatch');
      return;
    }
    for (const [name, value] of Object.entries(custom)) {
      const def = this.state.customField(name);
      if (!def) this.fail(name, 'Unexpected/invalid field in request', 'invalid_field');
      else if (!customValueFits(def.type, def.choices, value)) this.fail(name, `It should be a valid ${def.type} value`, 'invalid_value');
    }
  }

  /** Moving to Resolved/Closed with an empty "required for closure" field fails with 400. */
  checkClosure(merged: Ticket): void {
    if (!CLOSED_STATUSES.has(merged.status)) return;
    for (const field of this.state.customFields) {
      if (field.required_for_closure && isBlank(merged.custom_fields[field.name])) {
        this.fail(field.name, 'It should not be blank', 'missing_field');
      }
    }
  }
}

function customValueFits(type: string, choices: string[], value: unknown): boolean {
  if (value === null) return true;
  if (type === 'checkbox') return typeof value === 'boolean';
  if (type === 'dropdown') return typeof value === 'string' && choices.includes(value);
  if (type === 'number') return typeof value === 'number';
  return typeof value === 'string';
}

export function isBlank(value: CustomValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function displayId(value: unknown): number {
  return isObject(value) && typeof value['display_id'] === 'number' ? value['display_id'] : Number.NaN;
}

function typeName(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  const type = typeof value;
  return type === 'number' ? 'Number' : type.charAt(0).toUpperCase() + type.slice(1);
}

/** The plain text of an HTML fragment (for description_text and body_text). */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
