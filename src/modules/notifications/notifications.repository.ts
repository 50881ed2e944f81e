/** The only SQL on `notifications`: a user's list, unread count and read marks, and the subscribers' inserts. */
import type { Sql } from '../../platform/db.ts';
import type { NotificationParams } from './notification-text.ts';

export interface NotificationRecord {
  id: string;
  userId: string;
  kind: string;
  titleKey: string;
  bodyKey: string | null;
  params: NotificationParams;
  ticketId: string | null;
  ticketNumber: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface NewNotificationRow extends Omit<NotificationRecord, 'readAt'> {
  sourceKey: string;
}

interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  title_key: string;
  body_key: string | null;
  params: NotificationParams;
  ticket_id: string | null;
  ticket_number: string | null;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = 'id, user_id, kind, title_key, body_key, params, ticket_id, ticket_number, created_at, read_at';

const toRecord = (row: NotificationRow): NotificationRecord => ({
  id: row.id,
  userId: row.user_id,
  kind: row.kind,
  titleKey: row.title_key,
  bodyKey: row.body_key,
  params: row.params,
  ticketId: row.ticket_id,
  ticketNumber: row.ticket_number,
  createdAt: row.created_at,
  readAt: row.read_at,
});

/** Inserts in one statement; a row whose (user, source) exists is skipped. Returns the ids actually inserted. */
export async function insertNotifications(sql: Sql, workspaceId: string, rows: readonly NewNotificationRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await sql.query<{ id: string }>(
    `INSERT INTO notifications (workspace_id, id, user_id, kind, title_key, body_key, params, ticket_id, ticket_number, source_key, created_at)
     SELECT $1, n.id, n.user_id, n.kind, n.title_key, n.body_key, n.params, n.ticket_id, n.ticket_number, n.source_key, n.created_at
       FROM jsonb_to_recordset($2::jsonb) AS n(id uuid, user_id uuid, kind text, title_key text, body_key text, params jsonb,
                                               ticket_id uuid, ticket_number text, source_key text, created_at timestamptz)
     ON CONFLICT (workspace_id, user_id, source_key) DO NOTHING
     RETURNING id`,
    [
      workspaceId,
      JSON.stringify(
        rows.map((row) => ({
          id: row.id,
          user_id: row.userId,
          kind: row.kind,
          title_key: row.titleKey,
          body_key: row.bodyKey,
          params: row.params,
          ticket_id: row.ticketId,
          ticket_number: row.ticketNumber,
          source_key: row.sourceKey,
          created_at: row.createdAt.toISOString(),
        })),
      ),
    ],
  );
  return new Set(inserted.map((row) => row.id));
}

/** A page of the user's notifications, newest first, after the keyset position. */
export async function selectNotifications(
  sql: Sql,
  workspaceId: string,
  userId: string,
  filter: { unreadOnly: boolean; after?: { createdAt: Date; id: string }; limit: number },
): Promise<NotificationRecord[]> {
  const params: unknown[] = [workspaceId, userId];
  const where = ['workspace_id = $1', 'user_id = $2'];
  if (filter.unreadOnly) where.push('read_at IS NULL');
  if (filter.after) {
    params.push(filter.after.createdAt, filter.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}, $${params.length}::uuid)`);
  }
  params.push(filter.limit);
  const rows = await sql.query<NotificationRow>(`SELECT ${COLUMNS} FROM notifications WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`, params);
  return rows.map(toRecord);
}

/** Unread notifications of the user, counted up to `cap` (the bell shows "99+"; the cost stays bounded). */
export async function countUnread(sql: Sql, workspaceId: string, userId: string, cap: number): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM notifications WHERE workspace_id = $1 AND user_id = $2 AND read_at IS NULL LIMIT $3) unread`,
    [workspaceId, userId, cap],
  );
  return rows[0]?.n ?? 0;
}

export async function selectNotification(sql: Sql, workspaceId: string, userId: string, id: string): Promise<NotificationRecord | undefined> {
  const rows = await sql.query<NotificationRow>(`SELECT ${COLUMNS} FROM notifications WHERE workspace_id = $1 AND user_id = $2 AND id = $3`, [workspaceId, userId, id]);
  return rows[0] && toRecord(rows[0]);
}

/** Marks one read (a second mark keeps the first time); undefined when it is not the user's. `changed` says whether it was unread. */
export async function markRead(sql: Sql, workspaceId: string, userId: string, id: string, at: Date): Promise<{ record: NotificationRecord; changed: boolean } | undefined> {
  const updated = await sql.query<NotificationRow>(
    `UPDATE notifications SET read_at = $4 WHERE workspace_id = $1 AND user_id = $2 AND id = $3 AND read_at IS NULL RETURNING ${COLUMNS}`,
    [workspaceId, userId, id, at],
  );
  if (updated[0]) return { record: toRecord(updated[0]), changed: true };
  const record = await selectNotification(sql, workspaceId, userId, id);
  return record && { record, changed: false };
}

/** Marks every unread notification of the user read; returns how many were. */
export async function markAllRead(sql: Sql, workspaceId: string, userId: string, at: Date): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `WITH marked AS (UPDATE notifications SET read_at = $3 WHERE workspace_id = $1 AND user_id = $2 AND read_at IS NULL RETURNING 1)
     SELECT count(*)::int AS n FROM marked`,
    [workspaceId, userId, at],
  );
  return rows[0]?.n ?? 0;
}
