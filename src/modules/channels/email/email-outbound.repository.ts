import type { Sql } from '../../../platform/db.ts';

export interface OutboundRecord {
  workspaceId: string;
  id: string;
  ticketId: string;
  ticketMessageId: string;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  messageId: string | null;
  fromAddress: string | null;
  toAddress: string | null;
  subject: string | null;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  response: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

interface OutboundRow {
  workspace_id: string;
  id: string;
  ticket_id: string;
  ticket_message_id: string;
  status: OutboundRecord['status'];
  message_id: string | null;
  from_address: string | null;
  to_address: string | null;
  subject: string | null;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  response: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const COLUMNS = `workspace_id, id, ticket_id, ticket_message_id, status, message_id, from_address, to_address, subject, attempts,
  next_attempt_at, last_error, response, created_at, sent_at`;

const toRecord = (row: OutboundRow): OutboundRecord => ({
  workspaceId: row.workspace_id,
  id: row.id,
  ticketId: row.ticket_id,
  ticketMessageId: row.ticket_message_id,
  status: row.status,
  messageId: row.message_id,
  fromAddress: row.from_address,
  toAddress: row.to_address,
  subject: row.subject,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  response: row.response,
  createdAt: row.created_at,
  sentAt: row.sent_at,
});

/** Queues a reply for sending; a second delivery of the same event queues nothing. */
export async function insertOutbound(sql: Sql, workspaceId: string, row: { id: string; ticketId: string; ticketMessageId: string; now: Date }): Promise<void> {
  await sql.query(
    `INSERT INTO email_outbound (workspace_id, id, ticket_id, ticket_message_id, next_attempt_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5, $5)
     ON CONFLICT (workspace_id, ticket_message_id) DO NOTHING`,
    [workspaceId, row.id, row.ticketId, row.ticketMessageId, row.now],
  );
}

/**
 * Claims due sends (queued ones, and claimed ones whose node never reported back) with SKIP LOCKED, so
 * nodes share them. The claim commits before anything is sent: no transaction waits on a relay.
 */
export async function claimDueOutbound(sql: Sql, now: Date, leaseUntil: Date, limit: number): Promise<OutboundRecord[]> {
  const rows = await sql.query<OutboundRow>(
    `UPDATE email_outbound o SET status = 'sending', attempts = o.attempts + 1, locked_until = $2, next_attempt_at = $2, updated_at = $1
       FROM (SELECT workspace_id, id FROM email_outbound
              WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1
              ORDER BY next_attempt_at, id
              LIMIT $3
              FOR UPDATE SKIP LOCKED) due
      WHERE o.workspace_id = due.workspace_id AND o.id = due.id
      RETURNING ${COLUMNS.split(',').map((column) => `o.${column.trim()}`).join(', ')}`,
    [now, leaseUntil, limit],
  );
  return rows.map(toRecord);
}

export async function recordComposed(sql: Sql, workspaceId: string, id: string, mail: { messageId: string; fromAddress: string; toAddress: string; subject: string }): Promise<void> {
  await sql.query(`UPDATE email_outbound SET message_id = $3, from_address = $4, to_address = $5, subject = $6 WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
    mail.messageId,
    mail.fromAddress,
    mail.toAddress,
    mail.subject.slice(0, 1000),
  ]);
}

export async function markSent(sql: Sql, workspaceId: string, id: string, result: { response: string; now: Date }): Promise<void> {
  await sql.query(
    `UPDATE email_outbound SET status = 'sent', sent_at = $3, response = $4, last_error = NULL, locked_until = NULL, updated_at = $3
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, result.now, result.response.slice(0, 1000)],
  );
}

/** A failed attempt: queued again for `retryAt`, or `failed` for good when that is null. */
export async function markSendFailed(sql: Sql, workspaceId: string, id: string, failure: { error: string; retryAt: Date | null; now: Date }): Promise<void> {
  await sql.query(
    `UPDATE email_outbound SET status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'queued' END,
            next_attempt_at = COALESCE($4, next_attempt_at), last_error = $3, locked_until = NULL, updated_at = $5
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, failure.error.slice(0, 2000), failure.retryAt, failure.now],
  );
}

export async function selectOutboundOfTicket(sql: Sql, workspaceId: string, ticketId: string): Promise<OutboundRecord[]> {
  const rows = await sql.query<OutboundRow>(`SELECT ${COLUMNS} FROM email_outbound WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY created_at, id`, [workspaceId, ticketId]);
  return rows.map(toRecord);
}

export interface EmailSettingsRecord {
  relayUrl: string | null;
  fromName: string;
  updatedAt: Date | null;
}

export async function selectSettings(sql: Sql, workspaceId: string): Promise<EmailSettingsRecord> {
  const rows = await sql.query<{ relay_url: string | null; from_name: string; updated_at: Date }>(`SELECT relay_url, from_name, updated_at FROM email_settings WHERE workspace_id = $1`, [workspaceId]);
  const row = rows[0];
  return row ? { relayUrl: row.relay_url, fromName: row.from_name, updatedAt: row.updated_at } : { relayUrl: null, fromName: '', updatedAt: null };
}

export async function upsertSettings(sql: Sql, workspaceId: string, settings: { relayUrl: string | null; fromName: string; now: Date }): Promise<EmailSettingsRecord> {
  const rows = await sql.query<{ relay_url: string | null; from_name: string; updated_at: Date }>(
    `INSERT INTO email_settings (workspace_id, relay_url, from_name, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id) DO UPDATE SET relay_url = EXCLUDED.relay_url, from_name = EXCLUDED.from_name, updated_at = EXCLUDED.updated_at
     RETURNING relay_url, from_name, updated_at`,
    [workspaceId, settings.relayUrl, settings.fromName, settings.now],
  );
  return { relayUrl: rows[0]!.relay_url, fromName: rows[0]!.from_name, updatedAt: rows[0]!.updated_at };
}
