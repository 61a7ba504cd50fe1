/**
 * "Send a test Signl": one real event to the team's inbound webhook through the
 * setupSignl4TestEvent template (the secret goes in `context`, never in a URL the browser calls).
 * 201 + { eventId } is success (any 2xx is accepted) and proves SIGNL4 knows the secret; 404: SIGNL4
 * does not know it. Nothing else can prove a secret: the inbound webhook has no call that checks
 * one without raising an alert.
 */
import { parseRetryAfter } from '../../server/src/text/parse-retry-after.js';
import type { WebhookProof } from './check-report.js';
import { callTemplate, headerValue, type InvokeTemplate, type TemplateOutcome } from './iparams-client.js';

export interface TestSignlResult {
  ok: boolean;
  message: string;
  /** What the answer proves about the secret: accepted (2xx), refused (404: SIGNL4 does not know it), or nothing. */
  proof: WebhookProof;
}

/** The secret from a webhook URL (https://connect.signl4.com/webhook/<secret>) or the bare secret. */
export function secretOf(webhook: string): string {
  return webhook.split('/webhook/')[1] ?? webhook;
}

function eventIdOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const id = (body as Record<string, unknown>)['eventId'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function failure(outcome: TemplateOutcome, nowMs: number): string {
  const status = outcome.status;
  if (status === undefined) return 'Could not reach SIGNL4. Check the connection and try again.';
  if (status === 404) {
    return 'SIGNL4 does not know this webhook secret. Copy the webhook URL of your team or integration from SIGNL4 again.';
  }
  if (status === 429) {
    const seconds = parseRetryAfter(headerValue(outcome.headers, 'retry-after'), nowMs);
    return `SIGNL4 is throttling requests right now. Try again in ${seconds === undefined ? 'a minute' : `${seconds} s`}.`;
  }
  return `SIGNL4 refused the test Signl (HTTP ${status}). Check the webhook URL or secret and try again.`;
}

export async function sendTestSignl(invoke: InvokeTemplate, webhook: string, scenario: string, nowMs: number): Promise<TestSignlResult> {
  const body = JSON.stringify({
    Title: 'Test Signl from Freshservice',
    Message: 'A test from the settings page of SIGNL4 for Freshservice. No ticket is involved; close this Signl in SIGNL4.',
    'X-S4-SourceSystem': 'Freshservice',
    'X-S4-AlertingScenario': scenario,
  });
  const outcome = await callTemplate(invoke, 'setupSignl4TestEvent', { context: { secret: secretOf(webhook) }, body });
  if (outcome.status === undefined || outcome.status < 200 || outcome.status >= 300) {
    const message = failure(outcome, nowMs);
    return { ok: false, message, proof: outcome.status === 404 ? { state: 'refused', message } : { state: 'none' } };
  }
  const eventId = eventIdOf(outcome.body);
  const which = eventId === undefined ? '' : ` (SIGNL4 event id ${eventId})`;
  const message = `Test Signl sent${which}: SIGNL4 knows this secret. The people on duty get it now; close it in SIGNL4 when they have seen it.`;
  return { ok: true, message, proof: { state: 'accepted', eventId } };
}
