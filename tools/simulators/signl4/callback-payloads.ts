/**
 * Outbound webhook bodies with SIGNL4's exact key names (docs/signl4-facts.md §2.5): a unique
 * top-level `id`, `eventRaisedUtc` with 7 fractional digits, `subscription { id }`, and for
 * alert events `alert { statusCode, eventId (the FIRST event's), externalEventId, id }`
 * (+ `acknowledgedUserIds` on 201 and 202, as in the samples). `externalEventId` is omitted
 * when the Signl has none (UNCONFIRMED). 201s caused by an inbound webhook event carry no
 * `user` (who they are attributed to is UNCONFIRMED).
 */
import { randomUUID } from 'node:crypto';
import type { Signl, Signl4User } from './types.js';

export interface PayloadContext {
  subscriptionId: string;
  teamId: string;
  /** `2025-06-02T09:00:00.1230001Z`: ms from the clock plus 4 sub-ms digits. */
  raisedUtc: string;
}

function base(eventType: number, ctx: PayloadContext): Record<string, unknown> {
  return { eventType, eventRaisedUtc: ctx.raisedUtc, subscription: { id: ctx.subscriptionId }, id: randomUUID() };
}

function alertBlock(signl: Signl, statusCode: number, withAcks: boolean): Record<string, unknown> {
  const alert: Record<string, unknown> = { statusCode, eventId: signl.eventId };
  if (signl.externalId !== undefined) alert['externalEventId'] = signl.externalId;
  if (withAcks) alert['acknowledgedUserIds'] = [...signl.acknowledgedUserIds];
  alert['id'] = signl.id;
  return alert;
}

function userBlock(user: Signl4User): Record<string, unknown> {
  return { username: user.username, mailaddress: user.mailaddress, id: user.id };
}

export function createdPayload(signl: Signl, ctx: PayloadContext): Record<string, unknown> {
  return { ...base(200, ctx), alert: alertBlock(signl, 1, false) };
}

/** 201: statusCode 2 (acknowledged) or 4 (closed). */
export function statusPayload(signl: Signl, user: Signl4User | undefined, ctx: PayloadContext): Record<string, unknown> {
  const payload = base(201, ctx);
  if (user) payload['user'] = userBlock(user);
  payload['alert'] = alertBlock(signl, signl.statusCode, true);
  return payload;
}

export function escalatedPayload(signl: Signl, ctx: PayloadContext): Record<string, unknown> {
  return { ...base(202, ctx), team: { id: ctx.teamId }, alert: alertBlock(signl, signl.statusCode, true) };
}

export function annotatedPayload(signl: Signl, user: Signl4User, annotation: { id: string; message: string }, ctx: PayloadContext): Record<string, unknown> {
  return { ...base(203, ctx), user: userBlock(user), alert: alertBlock(signl, 0, false), annotation: { message: annotation.message, id: annotation.id } };
}

export function testPayload(ctx: PayloadContext): Record<string, unknown> {
  return { ...base(1, ctx), team: { id: ctx.teamId } };
}

/** 300/301 duty started/ended (team), 302/303 punched in/out (team and user). */
export function dutyPayload(eventType: 300 | 301 | 302 | 303, userId: string | undefined, ctx: PayloadContext): Record<string, unknown> {
  const payload: Record<string, unknown> = { ...base(eventType, ctx), team: { id: ctx.teamId } };
  if (userId !== undefined) payload['user'] = { id: userId };
  return payload;
}
