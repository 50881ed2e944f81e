import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import { deleteAuditEntriesBefore, insertAuditEntry, selectAuditEntries, type AuditEntry } from './audit.repository.ts';

export type { AuditEntry };

/** Writes audit rows in the caller's transaction, so a change and its audit record commit together. */
export function createAuditService(deps: { clock: Clock }) {
  return {
    async record(
      tx: Sql,
      actor: Actor,
      entry: { action: string; entityType: string; entityId?: string | null; details?: Record<string, unknown> },
    ): Promise<void> {
      await insertAuditEntry(tx, actor, deps.clock.now(), entry);
    },
    async list(
      sql: Sql,
      options: { workspaceId: string; entityType?: string; entityId?: string; beforeId?: number; limit?: number },
    ): Promise<AuditEntry[]> {
      return selectAuditEntries(sql, options.workspaceId, { ...options, limit: Math.min(options.limit ?? 50, 200) });
    },
    /** Retention (KEFU_RETAIN_AUDIT_DAYS): one batch of entries older than `before`; the caller decides the policy. */
    async purgeEntries(sql: Sql, options: { workspaceId: string; before: Date; limit: number }): Promise<number> {
      return deleteAuditEntriesBefore(sql, options.workspaceId, options.before, options.limit);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
