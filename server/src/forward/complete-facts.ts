/** Names a ticket payload lacks, filled from the (cached) reference data: the same for events, the sweep and the sidebar. */
import { compact } from '../text/compact.js';
import type { SyncContext } from '../context/sync-context.js';
import type { ReferenceCache } from '../freshservice/reference-cache.js';
import { missingNames, type TicketFacts } from '../freshservice/ticket-facts.js';

/**
 * A workspace name is looked up only for a workspace filter: the Signl can do without it, and a
 * burst drain should not spend operations on it (the payloads of events carry it anyway).
 */
function workspaceNeeded(ctx: SyncContext): boolean {
  return ctx.settings.filter_workspaces.length > 0;
}

/** Fills names the payload lacks from the (cached) reference data. */
export async function completeFacts(ctx: SyncContext, facts: TicketFacts, ref: ReferenceCache): Promise<TicketFacts> {
  const missing = missingNames(facts);
  ctx.deps.log.info('looking up names the payload lacks', { ticket: facts.id, ...missing });
  return compact<TicketFacts>({
    ...facts,
    groupName: missing.groups ? ((await ref.groupName(facts.groupId as number)) ?? `Group ${facts.groupId}`) : facts.groupName,
    departmentName: missing.departments ? await ref.departmentName(facts.departmentId as number) : facts.departmentName,
    statusName: missing.statuses ? await ref.statusName(facts.status as number) : facts.statusName,
    workspaceName: missing.workspaces && workspaceNeeded(ctx) ? await ref.workspaceName(facts.workspaceId as number) : facts.workspaceName,
  });
}

