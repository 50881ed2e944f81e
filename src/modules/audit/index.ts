import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import { insertAuditEntry, selectAuditEntries, type AuditEntry } from './audit.repository.ts';

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
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

/** The audit trail every module writes to, in its own transactions. */
export function createAuditModule(deps: Pick<ModulePlatform, 'clock'>): KefuModule<AuditService> {
  return { service: createAuditService(deps), routes: async () => {}, subscribers: [], timers: [] };
}
