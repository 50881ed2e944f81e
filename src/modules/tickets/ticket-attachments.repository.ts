import type { Sql } from '../../platform/db.ts';

/** The only code that queries ticket_attachments. */

export interface AttachmentRecord {
  id: string;
  ticketId: string | null;
  messageId: string | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  createdAt: Date;
}

const COLUMNS = 'id, ticket_id, message_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by, created_at';

const toAttachment = (row: Record<string, unknown>): AttachmentRecord => ({
  id: row.id as string,
  ticketId: (row.ticket_id as string | null) ?? null,
  messageId: (row.message_id as string | null) ?? null,
  filename: row.filename as string,
  contentType: row.content_type as string,
  sizeBytes: row.size_bytes as number,
  sha256: row.sha256 as string,
  storageKey: row.storage_key as string,
  uploadedBy: (row.uploaded_by as string | null) ?? null,
  createdAt: row.created_at as Date,
});

export async function insertAttachment(sql: Sql, workspaceId: string, record: AttachmentRecord): Promise<void> {
  await sql.query(
    `INSERT INTO ticket_attachments (workspace_id, ${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      workspaceId,
      record.id,
      record.ticketId,
      record.messageId,
      record.filename,
      record.contentType,
      record.sizeBytes,
      record.sha256,
      record.storageKey,
      record.uploadedBy,
      record.createdAt,
    ],
  );
}

export async function selectAttachment(sql: Sql, workspaceId: string, id: string): Promise<AttachmentRecord | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM ticket_attachments WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0] ? toAttachment(rows[0]) : undefined;
}

export async function selectAttachments(sql: Sql, workspaceId: string, ids: readonly string[]): Promise<AttachmentRecord[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query(`SELECT ${COLUMNS} FROM ticket_attachments WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids]);
  return rows.map(toAttachment);
}

/**
 * Attaches unclaimed uploads to a message. Only uploads nobody claimed yet (and, for a user, their
 * own uploads) are taken; returns the ids actually claimed.
 */
export async function claimAttachments(
  tx: Sql,
  workspaceId: string,
  ids: readonly string[],
  target: { ticketId: string; messageId: string; uploadedBy: string | null },
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query<{ id: string }>(
    `UPDATE ticket_attachments SET ticket_id = $3, message_id = $4
      WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND ticket_id IS NULL
        AND ($5::uuid IS NULL OR uploaded_by = $5)
      RETURNING id`,
    [workspaceId, ids, target.ticketId, target.messageId, target.uploadedBy],
  );
  return rows.map((row) => row.id);
}

/** Deletes uploads that were never attached (a message that failed after its files were stored). */
export async function deleteUnclaimedAttachments(tx: Sql, workspaceId: string, ids: readonly string[], uploadedBy: string | null): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query<{ storage_key: string }>(
    `DELETE FROM ticket_attachments
      WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND ticket_id IS NULL AND uploaded_by IS NOT DISTINCT FROM $3
      RETURNING storage_key`,
    [workspaceId, ids, uploadedBy],
  );
  return rows.map((row) => row.storage_key);
}

/**
 * Deletes up to `limit` uploads of the workspace that no message took before `uploadedBefore`, oldest first.
 * Rows a message is claiming right now are skipped (SKIP LOCKED), so a sweep never races a send.
 */
export async function deleteOrphanAttachments(tx: Sql, workspaceId: string, uploadedBefore: Date, limit: number): Promise<string[]> {
  const rows = await tx.query<{ storage_key: string }>(
    `DELETE FROM ticket_attachments
      WHERE workspace_id = $1 AND id IN (
        SELECT id FROM ticket_attachments
         WHERE workspace_id = $1 AND ticket_id IS NULL AND created_at < $2
         ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING storage_key`,
    [workspaceId, uploadedBefore, limit],
  );
  return rows.map((row) => row.storage_key);
}
