/**
 * What a test Signl proved about a webhook secret on this page: SIGNL4 accepted it (2xx) or said
 * it does not know it (404). Remembered per secret (a URL and its bare secret are the same one),
 * so the checks of what is on the page can say "proven", "refused" or "not proven" truthfully.
 * Other outcomes (no answer, a rate limit) prove nothing and are not remembered.
 */
import type { WebhookProof } from './check-report.js';
import { secretOf } from './signl4-test.js';

export class WebhookProofs {
  private readonly proofs = new Map<string, WebhookProof>();

  of(webhook: unknown): WebhookProof {
    return typeof webhook === 'string' ? (this.proofs.get(secretOf(webhook)) ?? { state: 'none' }) : { state: 'none' };
  }

  remember(webhook: string, proof: WebhookProof): void {
    if (proof.state !== 'none') this.proofs.set(secretOf(webhook), proof);
  }
}
