/** Freshservice's fixed code tables (docs/freshservice-facts.md §2.2); custom statuses and sources come from ticket_form_fields. */

export const STATUS_NAMES: Readonly<Record<number, string>> = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };
export const PRIORITY_NAMES: Readonly<Record<number, string>> = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };
export const LEVEL_NAMES: Readonly<Record<number, string>> = { 1: 'Low', 2: 'Medium', 3: 'High' };
export const SOURCE_NAMES: Readonly<Record<number, string>> = {
  1: 'Email', 2: 'Portal', 3: 'Phone', 4: 'Chat', 5: 'Feedback widget', 6: 'Yammer', 7: 'AWS Cloudwatch', 8: 'Pagerduty',
  9: 'Walkup', 10: 'Slack', 11: 'Chatbot', 12: 'Workplace', 13: 'Employee Onboarding', 14: 'Alerts', 15: 'MS Teams',
  18: 'Employee Offboarding',
};

/** The id of a status name among the built-in ones, case-insensitively. */
export function builtInStatusId(name: string): number | undefined {
  const lowered = name.trim().toLowerCase();
  for (const [id, label] of Object.entries(STATUS_NAMES)) if (label.toLowerCase() === lowered) return Number(id);
  return undefined;
}
