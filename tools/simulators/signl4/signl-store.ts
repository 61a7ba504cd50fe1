/**
 * Signls and events. `new` raises a Signl (status 1); `acknowledged` acts on the open
 * Signls whose FIRST event carried that X-S4-ExternalID; `resolved` on those not yet
 * closed (docs/signl4-facts.md §1.4). Phone-side and REST actions follow the lifecycle and report a
 * conflict (the REST 409) when against it.
 */
import { randomUUID } from 'node:crypto';
import type { EventControls } from './event-controls.js';
import type { EventAction, InboundEvent, ParamValue, Signl, StatusCode } from './types.js';

export type Transition = { ok: true; signl: Signl } | { ok: false; reason: 'not-found' | 'conflict' };

export class SignlStore {
  readonly signls = new Map<string, Signl>();
  readonly events: InboundEvent[] = [];

  /** Records one accepted event and applies it; the Signls it raised or changed come back. */
  applyEvent(input: { via: InboundEvent['via']; contentType: string; params: Record<string, ParamValue>; controls: EventControls; now: number }): { event: InboundEvent; changed: Signl[] } {
    const { controls, now } = input;
    const eventId = randomUUID();
    let action: EventAction;
    let changed: Signl[] = [];
    if (controls.intent === 'new') {
      changed = [this.#raise(eventId, input.params, controls, now)];
      action = 'created';
    } else if (controls.intent === 'discard') {
      action = 'discarded';
    } else {
      changed = this.#actByExternalId(controls.intent, controls.externalId, eventId, now);
      action = changed.length === 0 ? 'no-match' : controls.intent;
    }
    const event: InboundEvent = {
      eventId, at: now, via: input.via, contentType: input.contentType, parameters: { ...input.params }, title: controls.title,
      text: controls.text, externalId: controls.externalId, statusSent: controls.statusSent, action,
      signlIds: changed.map((s) => s.id), service: controls.service, scenario: controls.scenario, sourceSystem: controls.sourceSystem,
    };
    this.events.push(event);
    return { event, changed };
  }

  #raise(eventId: string, params: Record<string, ParamValue>, controls: EventControls, now: number): Signl {
    const signl: Signl = {
      id: randomUUID(), eventId, externalId: controls.externalId, title: controls.title, text: controls.text,
      parameters: { ...params }, statusCode: 1, service: controls.service, scenario: controls.scenario,
      sourceSystem: controls.sourceSystem, events: [eventId], createdAt: now, acknowledgedUserIds: [], acknowledgements: [],
      closedAt: undefined, closedBy: undefined, annotations: [], escalations: [], lastModified: now,
    };
    this.signls.set(signl.id, signl);
    return signl;
  }

  #actByExternalId(intent: 'acknowledged' | 'resolved', externalId: string | undefined, eventId: string, now: number): Signl[] {
    if (externalId === undefined) return [];
    const from: StatusCode[] = intent === 'acknowledged' ? [1] : [1, 2];
    const targets = [...this.signls.values()].filter((s) => s.externalId === externalId && from.includes(s.statusCode));
    for (const signl of targets) {
      signl.events.push(eventId);
      if (intent === 'acknowledged') this.#acknowledge(signl, null, now);
      else this.#close(signl, null, now);
    }
    return targets;
  }

  acknowledge(alertId: string, userId: string, now: number): Transition {
    const signl = this.signls.get(alertId);
    if (!signl) return { ok: false, reason: 'not-found' };
    if (signl.statusCode !== 1) return { ok: false, reason: 'conflict' };
    this.#acknowledge(signl, userId, now);
    return { ok: true, signl };
  }

  close(alertId: string, userId: string, now: number): Transition {
    const signl = this.signls.get(alertId);
    if (!signl) return { ok: false, reason: 'not-found' };
    if (signl.statusCode === 4) return { ok: false, reason: 'conflict' };
    this.#close(signl, userId, now);
    return { ok: true, signl };
  }

  annotate(alertId: string, userId: string, message: string, now: number): { ok: true; signl: Signl; annotationId: string } | { ok: false; reason: 'not-found' } {
    const signl = this.signls.get(alertId);
    if (!signl) return { ok: false, reason: 'not-found' };
    const annotationId = randomUUID();
    signl.annotations.push({ id: annotationId, message, userId, at: now });
    signl.lastModified = now;
    return { ok: true, signl, annotationId };
  }

  escalate(alertId: string, now: number): Transition {
    const signl = this.signls.get(alertId);
    if (!signl) return { ok: false, reason: 'not-found' };
    if (signl.statusCode !== 1) return { ok: false, reason: 'conflict' };
    signl.escalations.push(now);
    signl.lastModified = now;
    return { ok: true, signl };
  }

  #acknowledge(signl: Signl, userId: string | null, now: number): void {
    signl.statusCode = 2;
    if (userId !== null) signl.acknowledgedUserIds.push(userId);
    signl.acknowledgements.push({ userId, at: now });
    signl.lastModified = now;
  }

  #close(signl: Signl, userId: string | null, now: number): void {
    signl.statusCode = 4;
    signl.closedAt = now;
    signl.closedBy = userId;
    signl.lastModified = now;
  }

  byExternalId(externalId: string): Signl[] {
    return [...this.signls.values()].filter((s) => s.externalId === externalId);
  }
}
