import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';

export interface AuditEntry {
  id: number;
  at: Date;
  actorKind: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

export async function insertAuditEntry(
  sql: Sql,
  actor: Actor,
  at: Date,
  entry: { action: string; entityType: string; entityId?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await sql.query(
    `INSERT INTO audit_log (workspace_id, at, actor_kind, actor_id, action, entity_type, entity_id, ip, request_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      actor.workspaceId,
      at,
      actor.kind,
      actor.userId,
      entry.action,
      entry.entityType,
      entry.entityId ?? null,
      actor.ip ?? null,
      actor.requestId ?? null,
      entry.details ?? {},
    ],
  );
}

export async function selectAuditEntries(
  sql: Sql,
  workspaceId: string,
  filter: { entityType?: string; entityId?: string; beforeId?: number; limit: number },
): Promise<AuditEntry[]> {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT id, at, actor_kind, actor_id, action, entity_type, entity_id, ip, request_id, details
       FROM audit_log
      WHERE workspace_id = $1
        AND ($2::text IS NULL OR entity_type = $2)
        AND ($3::text IS NULL OR entity_id = $3)
        AND ($4::bigint IS NULL OR id < $4)
      ORDER BY id DESC
      LIMIT $5`,
    [workspaceId, filter.entityType ?? null, filter.entityId ?? null, filter.beforeId ?? null, filter.limit],
  );
  return rows.map((row) => ({
    id: row.id as number,
    at: row.at as Date,
    actorKind: row.actor_kind as string,
    actorId: row.actor_id as string | null,
    action: row.action as string,
    entityType: row.entity_type as string,
    entityId: row.entity_id as string | null,
    ip: row.ip as string | null,
    requestId: row.request_id as string | null,
    details: row.details as Record<string, unknown>,
  }));
}
