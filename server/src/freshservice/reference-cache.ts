/**
 * Reference data the payload may lack (group, department and custom status names, agents by
 * email), cached in one $db record `ref` with an expiry per part: one read per invocation at
 * most, one write only when something was fetched, so a burst does not repeat look-ups.
 */
import type { Clock, KvStore } from '../platform/platform-types.js';
import { STATUS_NAMES, builtInStatusId } from './code-tables.js';
import { findAgentIdByEmail, listDepartments, listGroups, listStatuses, listWorkspaces, type FreshserviceTarget } from './freshservice-client.js';

type MapPart = { at: number; map: Record<string, string> };
type NameKind = 'groups' | 'departments' | 'statuses' | 'workspaces';
/** The name maps alone: the scheduled tick keeps a copy in its queue record so a drain reads one record, not two. */
export type NameParts = Partial<Record<NameKind, MapPart>>;
type AgentEntry = { id: number | null; at: number };

interface ReferenceRecord {
  v: 1;
  groups?: MapPart;
  departments?: MapPart;
  statuses?: MapPart;
  workspaces?: MapPart;
  agents?: Record<string, AgentEntry>;
}

export const REF_KEY = 'ref';
export const TTL_MS = { names: 60 * 60_000, agent: 6 * 60 * 60_000, noAgent: 10 * 60_000 } as const;
const MAX_AGENTS = 300;

export class ReferenceCache {
  private record: ReferenceRecord | undefined;
  private dirty = false;

  /** Name maps fetched or read from `ref` during this invocation (fresher than the seed). */
  private names: NameParts = {};

  constructor(
    private readonly store: KvStore,
    private readonly clock: Clock,
    private readonly fs: FreshserviceTarget,
    private readonly seed: NameParts = {},
  ) {}

  /** Look-ups may run at once (the sweep considers tickets together): each record read and name list is made once. */
  private loading: Promise<ReferenceRecord> | undefined;
  private readonly parts: Partial<Record<NameKind, Promise<Record<string, string>>>> = {};

  private load(): Promise<ReferenceRecord> {
    if (this.record !== undefined) return Promise.resolve(this.record);
    this.loading ??= this.store.get<ReferenceRecord>(REF_KEY).then(
      (found) => (this.record = found ?? { v: 1 }),
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  private fresh(at: number | undefined, ttl: number): boolean {
    return at !== undefined && this.clock.now() - at < ttl;
  }

  private part(kind: NameKind): Promise<Record<string, string>> {
    this.parts[kind] ??= this.freshPart(kind).catch((error: unknown) => {
      delete this.parts[kind];
      throw error;
    });
    return this.parts[kind];
  }

  private async freshPart(kind: NameKind): Promise<Record<string, string>> {
    const seeded = this.seed[kind];
    if (seeded !== undefined && this.fresh(seeded.at, TTL_MS.names)) return seeded.map;
    const record = await this.load();
    let part = record[kind];
    if (part === undefined || !this.fresh(part.at, TTL_MS.names)) {
      const map = await this.fetch(kind);
      part = { at: this.clock.now(), map };
      record[kind] = part;
      this.dirty = true;
    }
    this.names[kind] = part;
    return part.map;
  }

  /** Groups are listed per workspace, whose ids come from (and so fill) the workspaces part. */
  private async fetch(kind: NameKind): Promise<Record<string, string>> {
    if (kind === 'groups') return listGroups(this.fs, Object.keys(await this.part('workspaces')).map(Number));
    if (kind === 'workspaces') return listWorkspaces(this.fs);
    return kind === 'statuses' ? listStatuses(this.fs) : listDepartments(this.fs);
  }

  /** The name maps this invocation found newer than its seed (empty when the seed served). */
  newerNames(): NameParts {
    return { ...this.names };
  }

  async groupName(id: number): Promise<string | undefined> {
    return (await this.part('groups'))[String(id)];
  }

  async departmentName(id: number): Promise<string | undefined> {
    return (await this.part('departments'))[String(id)];
  }

  async workspaceName(id: number): Promise<string | undefined> {
    return (await this.part('workspaces'))[String(id)];
  }

  async statusName(id: number): Promise<string | undefined> {
    return STATUS_NAMES[id] ?? (await this.part('statuses'))[String(id)];
  }

  /** The id of a status name (built-in or custom), case-insensitively. */
  async statusId(name: string): Promise<number | undefined> {
    const builtIn = builtInStatusId(name);
    if (builtIn !== undefined) return builtIn;
    const lowered = name.trim().toLowerCase();
    const found = Object.entries(await this.part('statuses')).find(([, label]) => label.toLowerCase() === lowered);
    return found === undefined ? undefined : Number(found[0]);
  }

  async agentId(email: string): Promise<number | undefined> {
    const record = await this.load();
    const key = email.trim().toLowerCase();
    const cached = record.agents?.[key];
    if (cached !== undefined && this.fresh(cached.at, cached.id === null ? TTL_MS.noAgent : TTL_MS.agent)) return cached.id ?? undefined;
    const id = await findAgentIdByEmail(this.fs, key);
    const agents = Object.entries({ ...record.agents, [key]: { id: id ?? null, at: this.clock.now() } });
    record.agents = Object.fromEntries(agents.slice(-MAX_AGENTS));
    this.dirty = true;
    return id;
  }

  /** Writes the record back when something was fetched. */
  async flush(): Promise<void> {
    if (!this.dirty || this.record === undefined) return;
    await this.store.set(REF_KEY, this.record);
    this.dirty = false;
  }
}
