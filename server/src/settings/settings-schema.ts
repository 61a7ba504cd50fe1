/**
 * The configuration contract (docs/specification.md §6) as one JSON Schema that is also the Settings type.
 * ajv compiles it once per warm container (a manifest dependency); the installation page checks
 * through the validateSettings server method, so both sides use this one schema.
 */
import type { JSONSchemaType } from 'ajv';

export const PRIORITIES = ['Low', 'Medium', 'High', 'Urgent'] as const;
export type PriorityName = (typeof PRIORITIES)[number];
export const SCENARIOS = ['single_ack', 'multi_ack', 'emergency'] as const;
export const ASSIGN_ON = ['never', 'acknowledge', 'close', 'both'] as const;
export const NOTE_PLACEHOLDERS = ['user', 'time', 'ticket'] as const;

export interface Settings {
  signl4_webhook: string;
  signl4_api_key: string;
  freshservice_api_key: string;
  forward_on_update: boolean;
  filter_priorities: PriorityName[];
  filter_types: string[];
  filter_groups: string[];
  filter_sources: string[];
  filter_workspaces: string[];
  filter_tags: string[];
  alerting_scenario: (typeof SCENARIOS)[number];
  signl4_category: string;
  note_acknowledged: string;
  note_closed: string;
  note_escalated: string;
  sync_annotations: boolean;
  private_notes: boolean;
  assign_agent_on: (typeof ASSIGN_ON)[number];
  status_on_acknowledge: string;
  status_on_close: string;
  acknowledge_on_statuses: string[];
  close_on_statuses: string[];
}

/** A SIGNL4 inbound webhook URL, or the bare team/integration secret. */
export const SIGNL4_WEBHOOK_PATTERN = '^(?:https://connect\\.signl4\\.com/webhook/[A-Za-z0-9_-]{4,128}|[A-Za-z0-9_-]{4,128})$';
/** Note texts: any text; braces only around a known placeholder. */

const nameList = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 100, uniqueItems: true } as const;

export const DEFAULT_SETTINGS: Omit<Settings, 'signl4_webhook' | 'freshservice_api_key'> = {
  signl4_api_key: '',
  forward_on_update: true,
  filter_priorities: ['Urgent', 'High'],
  filter_types: ['Incident'],
  filter_groups: [],
  filter_sources: [],
  filter_workspaces: [],
  filter_tags: [],
  alerting_scenario: 'single_ack',
  signl4_category: '',
  note_acknowledged: 'Signl acknowledged in SIGNL4 by {user}.',
  note_closed: 'Signl closed in SIGNL4 by {user}.',
  note_escalated: 'Signl escalated in SIGNL4.',
  sync_annotations: true,
  private_notes: true,
  assign_agent_on: 'acknowledge',
  status_on_acknowledge: 'Open',
  status_on_close: 'Resolved',
  acknowledge_on_statuses: ['Pending'],
  close_on_statuses: ['Resolved', 'Closed'],
};

/**
 * Written as a pure call so that a bundle importing only the defaults (the installation page)
 * leaves the schema out: FDK 10's lint refuses an unused declaration (no-unused-vars).
 */
export const settingsSchema: JSONSchemaType<Settings> = /* @__PURE__ */ schema();

function schema(): JSONSchemaType<Settings> {
  const note = { type: 'string', maxLength: 2000, pattern: `^(?:[^{}]|\\{(?:${NOTE_PLACEHOLDERS.join('|')})\\})*$` } as const;
  return {
    $id: 'signl4-freshservice-settings',
    type: 'object',
    additionalProperties: false,
    required: ['signl4_webhook', 'freshservice_api_key'],
    properties: {
      signl4_webhook: { type: 'string', minLength: 1, pattern: SIGNL4_WEBHOOK_PATTERN },
      signl4_api_key: { type: 'string', maxLength: 512, default: DEFAULT_SETTINGS.signl4_api_key },
      freshservice_api_key: { type: 'string', minLength: 8, maxLength: 512, pattern: '^\\S+$' },
      forward_on_update: { type: 'boolean', default: DEFAULT_SETTINGS.forward_on_update },
      filter_priorities: {
        type: 'array',
        items: { type: 'string', enum: [...PRIORITIES] },
        uniqueItems: true,
        default: DEFAULT_SETTINGS.filter_priorities,
      },
      filter_types: { ...nameList, default: DEFAULT_SETTINGS.filter_types },
      filter_groups: { ...nameList, default: DEFAULT_SETTINGS.filter_groups },
      filter_sources: { ...nameList, default: DEFAULT_SETTINGS.filter_sources },
      filter_workspaces: { ...nameList, default: DEFAULT_SETTINGS.filter_workspaces },
      filter_tags: { ...nameList, default: DEFAULT_SETTINGS.filter_tags },
      alerting_scenario: { type: 'string', enum: [...SCENARIOS], default: DEFAULT_SETTINGS.alerting_scenario },
      signl4_category: { type: 'string', maxLength: 200, pattern: '^(?:[^{}]|\\{group\\})*$', default: DEFAULT_SETTINGS.signl4_category },
      note_acknowledged: { ...note, default: DEFAULT_SETTINGS.note_acknowledged },
      note_closed: { ...note, default: DEFAULT_SETTINGS.note_closed },
      note_escalated: { ...note, default: DEFAULT_SETTINGS.note_escalated },
      sync_annotations: { type: 'boolean', default: DEFAULT_SETTINGS.sync_annotations },
      private_notes: { type: 'boolean', default: DEFAULT_SETTINGS.private_notes },
      assign_agent_on: { type: 'string', enum: [...ASSIGN_ON], default: DEFAULT_SETTINGS.assign_agent_on },
      status_on_acknowledge: { type: 'string', maxLength: 200, default: DEFAULT_SETTINGS.status_on_acknowledge },
      status_on_close: { type: 'string', maxLength: 200, default: DEFAULT_SETTINGS.status_on_close },
      acknowledge_on_statuses: { ...nameList, default: DEFAULT_SETTINGS.acknowledge_on_statuses },
      close_on_statuses: { ...nameList, default: DEFAULT_SETTINGS.close_on_statuses },
    },
  };
}
