import type { Sql } from '../../../platform/db.ts';

export type HookKind = 'webhook' | 'phone';

export interface HookConnectionRecord {
  workspaceId: string;
  id: string;
  kind: HookKind;
  name: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  replyUrl: string | null;
  isActive: boolean;
  lastReceivedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ConnectionRow {
  workspace_id: string;
  id: string;
  kind: HookKind;
  name: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  reply_url: string | null;
  is_active: boolean;
  last_received_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `workspace_id, id, kind, name, secret, previous_secret, previous_secret_until, reply_url, is_active, last_received_at, last_error,
  last_error_at, created_at, updated_at`;

const toRecord = (row: ConnectionRow): HookConnectionRecord => ({
  workspaceId: row.workspace_id,
  id: row.id,
  kind: row.kind,
  name: row.name,
  secret: row.secret,
  previousSecret: row.previous_secret,
  previousSecretUntil: row.previous_secret_until,
  replyUrl: row.reply_url,
  isActive: row.is_active,
  lastReceivedAt: row.last_received_at,
  lastError: row.last_error,
  lastErrorAt: row.last_error_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A connection by its id alone: a provider calls /hooks/<kind>/<id> before the workspace is known, and the id says whose it is. */
export async function selectConnectionById(sql: Sql, id: string): Promise<HookConnectionRecord | undefined> {
  const rows = await sql.query<ConnectionRow>(`SELECT ${COLUMNS} FROM hook_connections WHERE id = $1`, [id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function selectConnection(sql: Sql, workspaceId: string, id: string): Promise<HookConnectionRecord | undefined> {
  const rows = await sql.query<ConnectionRow>(`SELECT ${COLUMNS} FROM hook_connections WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function selectConnections(sql: Sql, workspaceId: string): Promise<HookConnectionRecord[]> {
  const rows = await sql.query<ConnectionRow>(`SELECT ${COLUMNS} FROM hook_connections WHERE workspace_id = $1 ORDER BY created_at, id`, [workspaceId]);
  return rows.map(toRecord);
}

export async function insertConnection(
  sql: Sql,
  workspaceId: string,
  connection: { id: string; kind: HookKind; name: string; secret: string; replyUrl: string | null; now: Date },
): Promise<HookConnectionRecord> {
  const rows = await sql.query<ConnectionRow>(
    `INSERT INTO hook_connections (workspace_id, id, kind, name, secret, reply_url, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${COLUMNS}`,
    [workspaceId, connection.id, connection.kind, connection.name, connection.secret, connection.replyUrl, connection.now],
  );
  return toRecord(rows[0]!);
}

export async function updateConnection(
  sql: Sql,
  workspaceId: string,
  id: string,
  patch: { name?: string; replyUrl?: string | null; isActive?: boolean; now: Date },
): Promise<HookConnectionRecord | undefined> {
  const rows = await sql.query<ConnectionRow>(
    `UPDATE hook_connections SET name = COALESCE($3, name), reply_url = CASE WHEN $4::boolean THEN $5 ELSE reply_url END,
            is_active = COALESCE($6, is_active), updated_at = $7
      WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [workspaceId, id, patch.name ?? null, patch.replyUrl !== undefined, patch.replyUrl ?? null, patch.isActive ?? null, patch.now],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** A new secret; the one it replaces stays valid until `previousUntil` so the sender can switch without losing requests. */
export async function rotateSecret(sql: Sql, workspaceId: string, id: string, rotation: { secret: string; previousUntil: Date; now: Date }): Promise<HookConnectionRecord | undefined> {
  const rows = await sql.query<ConnectionRow>(
    `UPDATE hook_connections SET previous_secret = secret, previous_secret_until = $4, secret = $3, updated_at = $5
      WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [workspaceId, id, rotation.secret, rotation.previousUntil, rotation.now],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function deleteConnection(sql: Sql, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql.query(`DELETE FROM hook_connections WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, id]);
  return rows.length > 0;
}

export async function recordReceived(sql: Sql, workspaceId: string, id: string, at: Date): Promise<void> {
  await sql.query(`UPDATE hook_connections SET last_received_at = GREATEST(COALESCE(last_received_at, $3), $3) WHERE workspace_id = $1 AND id = $2`, [workspaceId, id, at]);
}

/** The state the admin screen shows; null clears it after a success. */
export async function recordError(sql: Sql, workspaceId: string, id: string, error: { message: string | null; at: Date }): Promise<void> {
  await sql.query(
    `UPDATE hook_connections SET last_error = $3, last_error_at = CASE WHEN $3::text IS NULL THEN last_error_at ELSE $4 END WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, error.message?.slice(0, 1000) ?? null, error.at],
  );
}
