import type { Sql } from '../../../platform/db.ts';

export interface MailboxRecord {
  workspaceId: string;
  id: string;
  address: string;
  displayName: string;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface MailboxRow {
  workspace_id: string;
  id: string;
  address: string;
  display_name: string;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

const MAILBOX_COLUMNS = 'workspace_id, id, address, display_name, is_active, created_at, updated_at';
const toMailbox = (row: MailboxRow): MailboxRecord => ({
  workspaceId: row.workspace_id,
  id: row.id,
  address: row.address,
  displayName: row.display_name,
  isActive: row.is_active,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Undefined when the address is taken (by this workspace or another). */
export async function insertMailbox(sql: Sql, workspaceId: string, row: { id: string; address: string; displayName: string; now: Date }): Promise<MailboxRecord | undefined> {
  const rows = await sql.query<MailboxRow>(
    `INSERT INTO email_mailboxes (workspace_id, id, address, display_name, is_active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, true, $5, $5)
     ON CONFLICT (address) DO NOTHING
     RETURNING ${MAILBOX_COLUMNS}`,
    [workspaceId, row.id, row.address, row.displayName, row.now],
  );
  return rows[0] ? toMailbox(rows[0]) : undefined;
}

export async function selectMailboxes(sql: Sql, workspaceId: string): Promise<MailboxRecord[]> {
  const rows = await sql.query<MailboxRow>(`SELECT ${MAILBOX_COLUMNS} FROM email_mailboxes WHERE workspace_id = $1 ORDER BY created_at, address`, [workspaceId]);
  return rows.map(toMailbox);
}

export async function selectMailbox(sql: Sql, workspaceId: string, id: string): Promise<MailboxRecord | undefined> {
  const rows = await sql.query<MailboxRow>(`SELECT ${MAILBOX_COLUMNS} FROM email_mailboxes WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0] ? toMailbox(rows[0]) : undefined;
}

/**
 * The one lookup made before the workspace is known (besides logins and session tokens): the SMTP
 * listener routes a recipient address to its workspace.
 */
export async function selectMailboxesByAddress(sql: Sql, addresses: readonly string[]): Promise<MailboxRecord[]> {
  if (addresses.length === 0) return [];
  const rows = await sql.query<MailboxRow>(`SELECT ${MAILBOX_COLUMNS} FROM email_mailboxes WHERE address = ANY($1::text[]) AND is_active`, [addresses]);
  return rows.map(toMailbox);
}

export async function updateMailbox(sql: Sql, workspaceId: string, id: string, patch: { displayName?: string; isActive?: boolean; now: Date }): Promise<MailboxRecord | undefined> {
  const rows = await sql.query<MailboxRow>(
    `UPDATE email_mailboxes SET display_name = COALESCE($3, display_name), is_active = COALESCE($4, is_active), updated_at = $5
      WHERE workspace_id = $1 AND id = $2
      RETURNING ${MAILBOX_COLUMNS}`,
    [workspaceId, id, patch.displayName ?? null, patch.isActive ?? null, patch.now],
  );
  return rows[0] ? toMailbox(rows[0]) : undefined;
}

export async function deleteMailbox(sql: Sql, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql.query<{ id: string }>(`DELETE FROM email_mailboxes WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, id]);
  return rows.length > 0;
}

export interface NewInbound {
  id: string;
  mailboxId: string;
  dedupeKey: string;
  messageId: string | null;
  sha256: string;
  raw: Uint8Array;
  envelopeFrom: string | null;
  recipients: string[];
  remoteAddress: string | null;
  now: Date;
}

/** Stores a received message; a second arrival of the same one only counts as a duplicate. Returns the row's id. */
export async function insertInbound(sql: Sql, workspaceId: string, row: NewInbound): Promise<{ id: string; isDuplicate: boolean }> {
  const rows = await sql.query<{ id: string; duplicates: number }>(
    `INSERT INTO email_inbound (workspace_id, id, mailbox_id, dedupe_key, message_id, sha256, raw, size_bytes, envelope_from, recipients,
                                remote_address, next_attempt_at, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
     ON CONFLICT (workspace_id, dedupe_key) DO UPDATE SET duplicates = email_inbound.duplicates + 1
     RETURNING id, duplicates`,
    [workspaceId, row.id, row.mailboxId, row.dedupeKey, row.messageId, row.sha256, row.raw, row.raw.byteLength, row.envelopeFrom, row.recipients, row.remoteAddress, row.now],
  );
  return { id: rows[0]!.id, isDuplicate: rows[0]!.id !== row.id };
}

export async function selectDueInbound(sql: Sql, now: Date, limit: number): Promise<{ workspaceId: string; id: string }[]> {
  const rows = await sql.query<{ workspace_id: string; id: string }>(
    `SELECT workspace_id, id FROM email_inbound WHERE status = 'received' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2`,
    [now, limit],
  );
  return rows.map((row) => ({ workspaceId: row.workspace_id, id: row.id }));
}

export interface InboundRecord {
  workspaceId: string;
  id: string;
  mailboxId: string;
  messageId: string | null;
  sha256: string;
  raw: Uint8Array;
  envelopeFrom: string | null;
  recipients: string[];
  duplicates: number;
  status: 'received' | 'processed' | 'failed';
  outcome: 'ticket_created' | 'message_added' | 'note_added' | 'stored' | null;
  automated: string | null;
  automatedReason: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  subject: string | null;
  ticketId: string | null;
  ticketMessageId: string | null;
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
  processedAt: Date | null;
}

interface InboundRow {
  workspace_id: string;
  id: string;
  mailbox_id: string;
  message_id: string | null;
  sha256: string;
  raw: Uint8Array;
  envelope_from: string | null;
  recipients: string[];
  duplicates: number;
  status: InboundRecord['status'];
  outcome: InboundRecord['outcome'];
  automated: string | null;
  automated_reason: string | null;
  from_address: string | null;
  reply_to: string | null;
  subject: string | null;
  ticket_id: string | null;
  ticket_message_id: string | null;
  attempts: number;
  last_error: string | null;
  received_at: Date;
  processed_at: Date | null;
}

const INBOUND_COLUMNS = `workspace_id, id, mailbox_id, message_id, sha256, raw, envelope_from, recipients, duplicates, status, outcome, automated,
  automated_reason, from_address, reply_to, subject, ticket_id, ticket_message_id, attempts, last_error, received_at, processed_at`;

const toInbound = (row: InboundRow): InboundRecord => ({
  workspaceId: row.workspace_id,
  id: row.id,
  mailboxId: row.mailbox_id,
  messageId: row.message_id,
  sha256: row.sha256,
  raw: row.raw,
  envelopeFrom: row.envelope_from,
  recipients: row.recipients,
  duplicates: row.duplicates,
  status: row.status,
  outcome: row.outcome,
  automated: row.automated,
  automatedReason: row.automated_reason,
  fromAddress: row.from_address,
  replyTo: row.reply_to,
  subject: row.subject,
  ticketId: row.ticket_id,
  ticketMessageId: row.ticket_message_id,
  attempts: row.attempts,
  lastError: row.last_error,
  receivedAt: row.received_at,
  processedAt: row.processed_at,
});

export async function selectInbound(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<InboundRecord | undefined> {
  const rows = await sql.query<InboundRow>(`SELECT ${INBOUND_COLUMNS} FROM email_inbound WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0] ? toInbound(rows[0]) : undefined;
}

export async function selectInboundOfTicket(sql: Sql, workspaceId: string, ticketId: string): Promise<InboundRecord[]> {
  const rows = await sql.query<InboundRow>(`SELECT ${INBOUND_COLUMNS} FROM email_inbound WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY received_at, id`, [workspaceId, ticketId]);
  return rows.map(toInbound);
}

export async function markInboundProcessed(
  sql: Sql,
  workspaceId: string,
  id: string,
  result: {
    outcome: NonNullable<InboundRecord['outcome']>;
    automated: string | null;
    automatedReason: string | null;
    fromAddress: string | null;
    replyTo: string | null;
    subject: string;
    ticketId: string | null;
    ticketMessageId: string | null;
    now: Date;
  },
): Promise<void> {
  await sql.query(
    `UPDATE email_inbound SET status = 'processed', outcome = $3, automated = $4, automated_reason = $5, from_address = $6, reply_to = $7,
            subject = $8, ticket_id = $9, ticket_message_id = $10, processed_at = $11, attempts = attempts + 1, last_error = NULL
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, result.outcome, result.automated, result.automatedReason, result.fromAddress, result.replyTo, result.subject.slice(0, 1000), result.ticketId, result.ticketMessageId, result.now],
  );
}

/** A failed attempt: tried again at `retryAt`, or given up on (`failed`, kept with its error) when that is null. */
export async function markInboundAttemptFailed(sql: Sql, workspaceId: string, id: string, failure: { error: string; retryAt: Date | null }): Promise<void> {
  await sql.query(
    `UPDATE email_inbound SET attempts = attempts + 1, last_error = $3, next_attempt_at = COALESCE($4, next_attempt_at),
            status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE status END
      WHERE workspace_id = $1 AND id = $2 AND status = 'received'`,
    [workspaceId, id, failure.error.slice(0, 2000), failure.retryAt],
  );
}

/** The ticket each known Message-ID belongs to. */
export async function selectThreadTickets(sql: Sql, workspaceId: string, messageIds: readonly string[]): Promise<Map<string, string>> {
  if (messageIds.length === 0) return new Map();
  const rows = await sql.query<{ message_id: string; ticket_id: string }>(`SELECT message_id, ticket_id FROM email_threads WHERE workspace_id = $1 AND message_id = ANY($2::text[])`, [
    workspaceId,
    messageIds,
  ]);
  return new Map(rows.map((row) => [row.message_id, row.ticket_id]));
}

/** The Message-IDs of a ticket's mail in both directions, oldest first. */
export async function selectThreadIds(sql: Sql, workspaceId: string, ticketId: string): Promise<{ messageId: string; direction: 'in' | 'out' }[]> {
  const rows = await sql.query<{ message_id: string; direction: 'in' | 'out' }>(
    `SELECT message_id, direction FROM email_threads WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY created_at, message_id`,
    [workspaceId, ticketId],
  );
  return rows.map((row) => ({ messageId: row.message_id, direction: row.direction }));
}

export async function insertThreadIds(sql: Sql, workspaceId: string, ticketId: string, entries: readonly { messageId: string; direction: 'in' | 'out' }[], now: Date): Promise<void> {
  if (entries.length === 0) return;
  await sql.query(
    `INSERT INTO email_threads (workspace_id, message_id, ticket_id, direction, created_at)
     SELECT $1, e.message_id, $2, e.direction, $3 FROM jsonb_to_recordset($4::jsonb) AS e(message_id text, direction text)
     ON CONFLICT (workspace_id, message_id) DO NOTHING`,
    [workspaceId, ticketId, now, JSON.stringify(entries.map((entry) => ({ message_id: entry.messageId, direction: entry.direction })))],
  );
}

/** The newest mail of a ticket a person wrote (not an auto-reply or bounce): where answers go, and which address they wrote to. */
export async function selectLastCustomerMail(sql: Sql, workspaceId: string, ticketId: string): Promise<{ mailboxId: string; fromAddress: string | null; replyTo: string | null } | undefined> {
  const rows = await sql.query<{ mailbox_id: string; from_address: string | null; reply_to: string | null }>(
    `SELECT mailbox_id, from_address, reply_to FROM email_inbound
      WHERE workspace_id = $1 AND ticket_id = $2 AND automated IS NULL AND (reply_to IS NOT NULL OR from_address IS NOT NULL)
      ORDER BY received_at DESC, id DESC LIMIT 1`,
    [workspaceId, ticketId],
  );
  const row = rows[0];
  return row ? { mailboxId: row.mailbox_id, fromAddress: row.from_address, replyTo: row.reply_to } : undefined;
}

/** The tickets a sender opened by mail since an instant, newest first: the per-sender limit counts them. */
export async function selectTicketsOpenedBySender(sql: Sql, workspaceId: string, fromAddress: string, since: Date): Promise<string[]> {
  const rows = await sql.query<{ ticket_id: string }>(
    `SELECT ticket_id FROM email_inbound
      WHERE workspace_id = $1 AND lower(from_address) = lower($2) AND outcome = 'ticket_created' AND processed_at >= $3 AND ticket_id IS NOT NULL
      ORDER BY processed_at DESC, id DESC`,
    [workspaceId, fromAddress, since],
  );
  return rows.map((row) => row.ticket_id);
}

/** Whether a customer's own mail opened the ticket (not an agent, an import of another channel, or held-back mail). */
export async function openedByCustomerMail(sql: Sql, workspaceId: string, ticketId: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM email_inbound WHERE workspace_id = $1 AND ticket_id = $2 AND outcome = 'ticket_created' AND automated IS NULL LIMIT 1`, [workspaceId, ticketId]);
  return rows.length > 0;
}
