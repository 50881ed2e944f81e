import type { Sql } from '../../../platform/db.ts';

/** The only code that queries email_imap_accounts: mailboxes read over IMAP, and how far each was read. */

export interface ImapAccountRecord {
  workspaceId: string;
  id: string;
  mailboxId: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
  isActive: boolean;
  uidValidity: string | null;
  lastUid: number;
  lastSyncedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  workspace_id: string;
  id: string;
  mailbox_id: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
  is_active: boolean;
  uid_validity: string | null;
  last_uid: string | number;
  last_synced_at: Date | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'workspace_id, id, mailbox_id, host, port, secure, username, password, folder, is_active, uid_validity, last_uid, last_synced_at, last_error, created_at, updated_at';

const toRecord = (row: Row): ImapAccountRecord => ({
  workspaceId: row.workspace_id,
  id: row.id,
  mailboxId: row.mailbox_id,
  host: row.host,
  port: row.port,
  secure: row.secure,
  username: row.username,
  password: row.password,
  folder: row.folder,
  isActive: row.is_active,
  uidValidity: row.uid_validity,
  lastUid: Number(row.last_uid),
  lastSyncedAt: row.last_synced_at,
  lastError: row.last_error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface ImapConnectionFields {
  mailboxId: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
  isActive: boolean;
}

export async function insertAccount(sql: Sql, workspaceId: string, row: ImapConnectionFields & { id: string; now: Date }): Promise<ImapAccountRecord> {
  const rows = await sql.query<Row>(
    `INSERT INTO email_imap_accounts (workspace_id, id, mailbox_id, host, port, secure, username, password, folder, is_active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING ${COLUMNS}`,
    [workspaceId, row.id, row.mailboxId, row.host, row.port, row.secure, row.username, row.password, row.folder, row.isActive, row.now],
  );
  return toRecord(rows[0]!);
}

export async function selectAccounts(sql: Sql, workspaceId: string): Promise<ImapAccountRecord[]> {
  return (await sql.query<Row>(`SELECT ${COLUMNS} FROM email_imap_accounts WHERE workspace_id = $1 ORDER BY created_at, id`, [workspaceId])).map(toRecord);
}

export async function selectAccount(sql: Sql, workspaceId: string, id: string): Promise<ImapAccountRecord | undefined> {
  const rows = await sql.query<Row>(`SELECT ${COLUMNS} FROM email_imap_accounts WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** Every active account of every workspace whose address is active: what the poller reads. */
export async function selectActiveAccounts(sql: Sql): Promise<ImapAccountRecord[]> {
  const rows = await sql.query<Row>(
    `SELECT ${COLUMNS.split(', ').map((column) => `a.${column}`).join(', ')} FROM email_imap_accounts a
       JOIN email_mailboxes m ON m.workspace_id = a.workspace_id AND m.id = a.mailbox_id
      WHERE a.is_active AND m.is_active ORDER BY a.workspace_id, a.id`,
  );
  return rows.map(toRecord);
}

export async function updateAccount(sql: Sql, workspaceId: string, id: string, fields: ImapConnectionFields & { resetPosition: boolean; now: Date }): Promise<ImapAccountRecord | undefined> {
  const rows = await sql.query<Row>(
    `UPDATE email_imap_accounts SET mailbox_id = $3, host = $4, port = $5, secure = $6, username = $7, password = $8, folder = $9, is_active = $10,
            uid_validity = CASE WHEN $11 THEN NULL ELSE uid_validity END, last_uid = CASE WHEN $11 THEN 0 ELSE last_uid END, last_error = NULL, updated_at = $12
      WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [workspaceId, id, fields.mailboxId, fields.host, fields.port, fields.secure, fields.username, fields.password, fields.folder, fields.isActive, fields.resetPosition, fields.now],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function deleteAccount(sql: Sql, workspaceId: string, id: string): Promise<boolean> {
  return (await sql.query(`DELETE FROM email_imap_accounts WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, id])).length > 0;
}

/** How far the folder was read; only forward, so two readers of one account never move it back. */
export async function recordPosition(sql: Sql, workspaceId: string, id: string, position: { uidValidity: string; lastUid: number; now: Date }): Promise<void> {
  await sql.query(
    `UPDATE email_imap_accounts SET uid_validity = $3, last_uid = CASE WHEN uid_validity IS DISTINCT FROM $3 THEN $4 ELSE GREATEST(last_uid, $4) END,
            last_synced_at = $5, last_error = NULL
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, position.uidValidity, position.lastUid, position.now],
  );
}

export async function recordError(sql: Sql, workspaceId: string, id: string, error: string, now: Date): Promise<void> {
  await sql.query(`UPDATE email_imap_accounts SET last_error = $3, last_synced_at = $4 WHERE workspace_id = $1 AND id = $2`, [workspaceId, id, error.slice(0, 500), now]);
}
