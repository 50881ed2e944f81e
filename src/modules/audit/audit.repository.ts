import type { Actor } from '../../platform/actor.ts';
import { deferWrite, type DeferredKind, type Sql } from '../../platform/db.ts';

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

export interface NewAuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

const auditRows: DeferredKind<{ actor: Actor; at: Date; entry: NewAuditEntry }> = {
  async write(sql, rows) {
    await sql.query(
      `INSERT INTO audit_log (workspace_id, at, actor_kind, actor_id, action, entity_type, entity_id, ip, request_id, details)
       SELECT a.workspace_id, a.at, a.actor_kind, a.actor_id, a.action, a.entity_type, a.entity_id, a.ip, a.request_id, a.details
         FROM jsonb_to_recordset($1::jsonb) AS a(ord int, workspace_id uuid, at timestamptz, actor_kind text, actor_id uuid, action text,
                                                 entity_type text, entity_id text, ip text, request_id text, details jsonb)
        ORDER BY a.ord`,
      [
        JSON.stringify(
          rows.map(({ actor, at, entry }, ord) => ({
            ord,
            workspace_id: actor.workspaceId,
            at: at.toISOString(),
            actor_kind: actor.kind,
            actor_id: actor.userId,
            action: entry.action,
            entity_type: entry.entityType,
            entity_id: entry.entityId ?? null,
            ip: actor.ip ?? null,
            request_id: actor.requestId ?? null,
            details: entry.details ?? {},
          })),
        ),
      ],
    );
  },
};

/** In a transaction the row is written with the transaction's other audit rows, just before commit. */
export async function insertAuditEntry(sql: Sql, actor: Actor, at: Date, entry: NewAuditEntry): Promise<void> {
  await deferWrite(sql, auditRows, { actor, at, entry });
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

/** Deletes at most `limit` of the workspace's oldest entries from before `before`; returns how many. */
export async function deleteAuditEntriesBefore(sql: Sql, workspaceId: string, before: Date, limit: number): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    `DELETE FROM audit_log a
      USING (SELECT workspace_id, id FROM audit_log WHERE workspace_id = $1 AND at < $2 ORDER BY at LIMIT $3 FOR UPDATE SKIP LOCKED) doomed
      WHERE a.workspace_id = doomed.workspace_id AND a.id = doomed.id
      RETURNING a.id`,
    [workspaceId, before, limit],
  );
  return rows.length;
}
