import { assertCan, type Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { insertAuditEntry, selectAuditEntries, type AuditEntry, type NewAuditEntry } from './audit.repository.ts';

export type { AuditEntry, NewAuditEntry };

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  beforeId?: number;
  limit?: number;
}

/** Writes audit rows in the caller's transaction, so a change and its audit record commit together. */
export function createAuditService(deps: { db: Db; clock: Clock }) {
  const list = (sql: Sql, options: AuditQuery & { workspaceId: string }): Promise<AuditEntry[]> =>
    selectAuditEntries(sql, options.workspaceId, { ...options, limit: Math.min(options.limit ?? 50, 200) });
  return {
    async record(tx: Sql, actor: Actor, entry: NewAuditEntry): Promise<void> {
      await insertAuditEntry(tx, actor, deps.clock.now(), entry);
    },
    list,
    /** The actor's workspace log, newest first, for those who may read it. */
    async listEntries(actor: Actor, query: AuditQuery = {}): Promise<AuditEntry[]> {
      assertCan(actor, 'audit.read');
      return list(deps.db, { ...query, workspaceId: actor.workspaceId });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
