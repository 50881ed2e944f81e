/** The only code that queries outbound_messages. */
import { prepared, type Sql } from '../../../platform/db.ts';
import type { ChannelContact, ChannelKind } from '../channel-adapter.ts';

export const OUTBOUND_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

export interface OutboundRecord {
  workspaceId: string;
  id: string;
  channel: ChannelKind;
  dedupeKey: string;
  template: string | null;
  locale: string | null;
  recipient: ChannelContact;
  toAddress: string | null;
  subject: string | null;
  textBody: string;
  htmlBody: string | null;
  attachmentIds: string[];
  ticketId: string | null;
  ticketMessageId: string | null;
  noticeGroup: string | null;
  status: OutboundStatus;
  externalId: string | null;
  fromAddress: string | null;
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
  channel: ChannelKind;
  dedupe_key: string;
  template: string | null;
  locale: string | null;
  recipient: ChannelContact;
  to_address: string | null;
  subject: string | null;
  text_body: string;
  html_body: string | null;
  attachment_ids: string[];
  ticket_id: string | null;
  ticket_message_id: string | null;
  notice_group: string | null;
  status: OutboundStatus;
  external_id: string | null;
  from_address: string | null;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  response: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const COLUMN_LIST = [
  'workspace_id',
  'id',
  'channel',
  'dedupe_key',
  'template',
  'locale',
  'recipient',
  'to_address',
  'subject',
  'text_body',
  'html_body',
  'attachment_ids',
  'ticket_id',
  'ticket_message_id',
  'notice_group',
  'status',
  'external_id',
  'from_address',
  'attempts',
  'next_attempt_at',
  'last_error',
  'response',
  'created_at',
  'sent_at',
];
const COLUMNS = COLUMN_LIST.join(', ');

const toRecord = (row: OutboundRow): OutboundRecord => ({
  workspaceId: row.workspace_id,
  id: row.id,
  channel: row.channel,
  dedupeKey: row.dedupe_key,
  template: row.template,
  locale: row.locale,
  recipient: row.recipient ?? {},
  toAddress: row.to_address,
  subject: row.subject,
  textBody: row.text_body,
  htmlBody: row.html_body,
  attachmentIds: row.attachment_ids ?? [],
  ticketId: row.ticket_id,
  ticketMessageId: row.ticket_message_id,
  noticeGroup: row.notice_group,
  status: row.status,
  externalId: row.external_id,
  fromAddress: row.from_address,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  response: row.response,
  createdAt: row.created_at,
  sentAt: row.sent_at,
});

export interface NewOutbound {
  id: string;
  channel: ChannelKind;
  dedupeKey: string;
  template: string | null;
  locale: string | null;
  recipient: ChannelContact;
  toAddress: string | null;
  subject: string | null;
  textBody: string;
  htmlBody: string | null;
  attachmentIds: string[];
  ticketId: string | null;
  ticketMessageId: string | null;
  noticeGroup: string | null;
  notBefore: Date;
  now: Date;
}

/** Queues a message; a second message with the same dedupe key queues nothing. Returns the id of the row that holds the key. */
export async function insertOutbound(sql: Sql, workspaceId: string, row: NewOutbound): Promise<{ id: string; isNew: boolean }> {
  const inserted = await sql.query<{ id: string }>(
    prepared(`INSERT INTO outbound_messages (workspace_id, id, channel, dedupe_key, template, locale, recipient, to_address, subject, text_body, html_body,
                                    attachment_ids, ticket_id, ticket_message_id, next_attempt_at, created_at, updated_at, notice_group)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17)
     ON CONFLICT (workspace_id, dedupe_key) DO NOTHING
     RETURNING id`),
    [
      workspaceId,
      row.id,
      row.channel,
      row.dedupeKey,
      row.template,
      row.locale,
      JSON.stringify(row.recipient),
      row.toAddress,
      row.subject,
      row.textBody,
      row.htmlBody,
      row.attachmentIds,
      row.ticketId,
      row.ticketMessageId,
      row.notBefore,
      row.now,
      row.noticeGroup,
    ],
  );
  if (inserted[0]) return { id: inserted[0].id, isNew: true };
  const existing = await sql.query<{ id: string }>(`SELECT id FROM outbound_messages WHERE workspace_id = $1 AND dedupe_key = $2`, [workspaceId, row.dedupeKey]);
  return { id: existing[0]!.id, isNew: false };
}

/** Many new messages in one statement; those whose dedupe key is taken are left out. Returns how many were inserted. */
export async function insertOutboundMany(sql: Sql, workspaceId: string, rows: readonly NewOutbound[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await sql.query<{ id: string }>(
    `INSERT INTO outbound_messages (workspace_id, id, channel, dedupe_key, template, locale, recipient, to_address, subject, text_body, html_body,
                                    attachment_ids, ticket_id, ticket_message_id, next_attempt_at, created_at, updated_at, notice_group)
     SELECT $1, r.id, r.channel, r.dedupe_key, r.template, r.locale, r.recipient, r.to_address, r.subject, r.text_body, r.html_body,
            r.attachment_ids, r.ticket_id, r.ticket_message_id, r.next_attempt_at, r.created_at, r.created_at, r.notice_group
       FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, channel text, dedupe_key text, template text, locale text, recipient jsonb, to_address text, subject text,
                                                text_body text, html_body text, attachment_ids uuid[], ticket_id uuid, ticket_message_id uuid, next_attempt_at timestamptz, created_at timestamptz, notice_group text)
     ON CONFLICT (workspace_id, dedupe_key) DO NOTHING
     RETURNING id`,
    [
      workspaceId,
      JSON.stringify(
        rows.map((row) => ({
          id: row.id,
          channel: row.channel,
          dedupe_key: row.dedupeKey,
          template: row.template,
          locale: row.locale,
          recipient: row.recipient,
          to_address: row.toAddress,
          subject: row.subject,
          text_body: row.textBody,
          html_body: row.htmlBody,
          attachment_ids: row.attachmentIds,
          ticket_id: row.ticketId,
          ticket_message_id: row.ticketMessageId,
          next_attempt_at: row.notBefore.toISOString(),
          created_at: row.now.toISOString(),
          notice_group: row.noticeGroup,
        })),
      ),
    ],
  );
  return inserted.length;
}

/**
 * Claims due messages (queued ones, and claimed ones whose node never reported back) with SKIP LOCKED, so nodes share
 * them. The claim commits before anything is sent: no transaction waits on a provider.
 */
export async function claimDueOutbound(sql: Sql, now: Date, leaseUntil: Date, limit: number): Promise<OutboundRecord[]> {
  const rows = await sql.query<OutboundRow>(
    prepared(`UPDATE outbound_messages o SET status = 'sending', attempts = o.attempts + 1, locked_until = $2, next_attempt_at = $2, updated_at = $1
       FROM (SELECT workspace_id, id FROM outbound_messages
              WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1
              ORDER BY next_attempt_at, id
              LIMIT $3
              FOR UPDATE SKIP LOCKED) due
      WHERE o.workspace_id = due.workspace_id AND o.id = due.id
      RETURNING ${COLUMN_LIST.map((column) => `o.${column}`).join(', ')}`),
    [now, leaseUntil, limit],
  );
  return rows.map(toRecord);
}

export async function markSent(sql: Sql, workspaceId: string, id: string, result: { externalId: string; fromAddress: string | null; response: string; now: Date }): Promise<void> {
  await sql.query(
    `UPDATE outbound_messages SET status = 'sent', sent_at = $3, external_id = $4, from_address = COALESCE($5, from_address), response = $6, last_error = NULL,
            locked_until = NULL, updated_at = $3
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, result.now, result.externalId.slice(0, 1000), result.fromAddress, result.response.slice(0, 1000)],
  );
}

/** A failed attempt: queued again for `retryAt`, or `failed` for good when that is null. */
export async function markSendFailed(sql: Sql, workspaceId: string, id: string, failure: { error: string; retryAt: Date | null; now: Date }): Promise<void> {
  await sql.query(
    `UPDATE outbound_messages SET status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'queued' END,
            next_attempt_at = COALESCE($4, next_attempt_at), last_error = $3, locked_until = NULL, updated_at = $5
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, failure.error.slice(0, 2000), failure.retryAt, failure.now],
  );
}

/** Sends a failed message again from now, with a fresh count of tries. */
export async function requeueFailed(sql: Sql, workspaceId: string, id: string, now: Date): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE outbound_messages SET status = 'queued', attempts = 0, next_attempt_at = $3, last_error = NULL, updated_at = $3
      WHERE workspace_id = $1 AND id = $2 AND status = 'failed' RETURNING id`,
    [workspaceId, id, now],
  );
  return rows.length > 0;
}

export async function selectOutbound(sql: Sql, workspaceId: string, id: string): Promise<OutboundRecord | undefined> {
  const rows = await sql.query<OutboundRow>(`SELECT ${COLUMNS} FROM outbound_messages WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function selectOutboundOfTicket(sql: Sql, workspaceId: string, ticketId: string): Promise<OutboundRecord[]> {
  const rows = await sql.query<OutboundRow>(`SELECT ${COLUMNS} FROM outbound_messages WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY created_at, id`, [workspaceId, ticketId]);
  return rows.map(toRecord);
}

/** The workspace's newest messages first, optionally of one status; keyset paging by (created_at, id). */
export async function selectRecentOutbound(
  sql: Sql,
  workspaceId: string,
  options: { status?: OutboundStatus; channel?: ChannelKind; before?: { createdAt: Date; id: string }; limit: number },
): Promise<OutboundRecord[]> {
  const rows = await sql.query<OutboundRow>(
    `SELECT ${COLUMNS} FROM outbound_messages
      WHERE workspace_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR channel = $3)
        AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5::uuid))
      ORDER BY created_at DESC, id DESC
      LIMIT $6`,
    [workspaceId, options.status ?? null, options.channel ?? null, options.before?.createdAt ?? null, options.before?.id ?? null, options.limit],
  );
  return rows.map(toRecord);
}

/** How many messages to the address were queued since `since` with one of the templates: the cap of automatic notices. */
export async function countRecentTo(sql: Sql, workspaceId: string, toAddress: string, templates: readonly string[], since: Date): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbound_messages WHERE workspace_id = $1 AND to_address = $2 AND template = ANY($3::text[]) AND created_at >= $4`,
    [workspaceId, toAddress, templates, since],
  );
  return rows[0]?.n ?? 0;
}

/** Whether another message of the same notice (its copy on another channel) was sent already. */
export async function anotherOfGroupSent(sql: Sql, workspaceId: string, noticeGroup: string, id: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM outbound_messages WHERE workspace_id = $1 AND notice_group = $2 AND id <> $3 AND status = 'sent' LIMIT 1`, [workspaceId, noticeGroup, id]);
  return rows.length > 0;
}
