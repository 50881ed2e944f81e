import type { Sql } from '../../platform/db.ts';
import type { FilingOutcome } from './inbound-filing.ts';

export type StoredChannel = 'wechat' | 'webhook';

export interface StoredInbound {
  workspaceId: string;
  id: string;
  channel: StoredChannel;
  connectionId: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
  duplicates: number;
  status: 'received' | 'processed' | 'failed';
  outcome: FilingOutcome | null;
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
  channel: StoredChannel;
  connection_id: string;
  dedupe_key: string;
  payload: Record<string, unknown>;
  duplicates: number;
  status: StoredInbound['status'];
  outcome: FilingOutcome | null;
  ticket_id: string | null;
  ticket_message_id: string | null;
  attempts: number;
  last_error: string | null;
  received_at: Date;
  processed_at: Date | null;
}

const COLUMNS = `workspace_id, id, channel, connection_id, dedupe_key, payload, duplicates, status, outcome, ticket_id, ticket_message_id,
  attempts, last_error, received_at, processed_at`;

const toRecord = (row: InboundRow): StoredInbound => ({
  workspaceId: row.workspace_id,
  id: row.id,
  channel: row.channel,
  connectionId: row.connection_id,
  dedupeKey: row.dedupe_key,
  payload: row.payload,
  duplicates: row.duplicates,
  status: row.status,
  outcome: row.outcome,
  ticketId: row.ticket_id,
  ticketMessageId: row.ticket_message_id,
  attempts: row.attempts,
  lastError: row.last_error,
  receivedAt: row.received_at,
  processedAt: row.processed_at,
});

/** Stores an arrival; the same provider message again only counts as a duplicate of the first row. */
export async function insertInbound(
  sql: Sql,
  workspaceId: string,
  row: { id: string; channel: StoredChannel; connectionId: string; dedupeKey: string; payload: Record<string, unknown>; now: Date },
): Promise<{ id: string; isDuplicate: boolean }> {
  const inserted = await sql.query<{ id: string }>(
    `INSERT INTO channel_inbound (workspace_id, id, channel, connection_id, dedupe_key, payload, next_attempt_at, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (workspace_id, connection_id, dedupe_key) DO NOTHING RETURNING id`,
    [workspaceId, row.id, row.channel, row.connectionId, row.dedupeKey, JSON.stringify(row.payload), row.now],
  );
  if (inserted[0]) return { id: inserted[0].id, isDuplicate: false };
  const existing = await sql.query<{ id: string }>(
    `UPDATE channel_inbound SET duplicates = duplicates + 1 WHERE workspace_id = $1 AND connection_id = $2 AND dedupe_key = $3 RETURNING id`,
    [workspaceId, row.connectionId, row.dedupeKey],
  );
  return { id: existing[0]!.id, isDuplicate: true };
}

export async function selectInbound(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredInbound | undefined> {
  const rows = await sql.query<InboundRow>(`SELECT ${COLUMNS} FROM channel_inbound WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** Arrivals waiting to be filed (new, or waiting out a retry), oldest first, across workspaces: the worker's queue. */
export async function selectDueInbound(sql: Sql, now: Date, limit: number): Promise<{ workspaceId: string; id: string }[]> {
  const rows = await sql.query<{ workspace_id: string; id: string }>(
    `SELECT workspace_id, id FROM channel_inbound WHERE status = 'received' AND next_attempt_at <= $1 ORDER BY next_attempt_at, received_at, id LIMIT $2`,
    [now, limit],
  );
  return rows.map((row) => ({ workspaceId: row.workspace_id, id: row.id }));
}

export async function markInboundProcessed(sql: Sql, workspaceId: string, id: string, result: { outcome: FilingOutcome; ticketId: string | null; ticketMessageId: string | null; now: Date }): Promise<void> {
  await sql.query(
    `UPDATE channel_inbound SET status = 'processed', outcome = $3, ticket_id = $4, ticket_message_id = $5, processed_at = $6, last_error = NULL
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, result.outcome, result.ticketId, result.ticketMessageId, result.now],
  );
}

/** A failed attempt: retried at `retryAt`, or `failed` for good (the payload is kept) when that is null. */
export async function markInboundAttemptFailed(sql: Sql, workspaceId: string, id: string, failure: { error: string; retryAt: Date | null }): Promise<void> {
  await sql.query(
    `UPDATE channel_inbound SET attempts = attempts + 1, last_error = $3,
            status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE status END, next_attempt_at = COALESCE($4, next_attempt_at)
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, failure.error.slice(0, 2000), failure.retryAt],
  );
}

/** The latest filed arrival of a channel on a ticket: whom a reply on it goes to, and through which connection. */
export async function selectLatestOfTicket(sql: Sql, workspaceId: string, ticketId: string, channel: StoredChannel): Promise<StoredInbound | undefined> {
  const rows = await sql.query<InboundRow>(
    `SELECT ${COLUMNS} FROM channel_inbound WHERE workspace_id = $1 AND ticket_id = $2 AND channel = $3 ORDER BY received_at DESC, id DESC LIMIT 1`,
    [workspaceId, ticketId, channel],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** The ticket a provider's conversation on a connection was last filed on (webhook payloads carry `message.conversationId`). */
export async function selectTicketOfConversation(sql: Sql, workspaceId: string, connectionId: string, conversationId: string): Promise<string | null> {
  const rows = await sql.query<{ ticket_id: string }>(
    `SELECT ticket_id FROM channel_inbound
      WHERE workspace_id = $1 AND connection_id = $2 AND ticket_id IS NOT NULL AND payload->'message'->>'conversationId' = $3
      ORDER BY received_at DESC, id DESC LIMIT 1`,
    [workspaceId, connectionId, conversationId],
  );
  return rows[0]?.ticket_id ?? null;
}
