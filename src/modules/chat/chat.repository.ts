/** The only SQL on the chat tables; every function takes the workspace first. */
import { prepared, type Sql } from '../../platform/db.ts';
import { eventInsertSql } from '../../platform/outbox.ts';

export type ChatStatus = 'bot' | 'queued' | 'active' | 'ended';
export type ChatAuthor = 'visitor' | 'agent' | 'bot' | 'system';
export type PresenceStatus = 'online' | 'away' | 'offline';

export interface ConversationRecord {
  id: string;
  tokenHash: string;
  status: ChatStatus;
  locale: string;
  visitorName: string;
  visitorEmail: string | null;
  visitorPhone: string | null;
  customerId: string;
  ticketId: string;
  ticketNumber: string;
  agentId: string | null;
  lastSeq: number;
  visitorReadSeq: number;
  agentReadSeq: number;
  createdAt: Date;
  queuedAt: Date | null;
  acceptedAt: Date | null;
  endedAt: Date | null;
}

export interface AttachmentRef {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export interface MessageRecord {
  seq: number;
  id: string;
  authorType: ChatAuthor;
  authorId: string | null;
  body: string;
  attachments: AttachmentRef[];
  clientId: string | null;
  createdAt: Date;
}

/** Announcements on this channel reach every node's chat hub (see chat-hub.ts). */
export const CHAT_CHANNEL = 'kefu_chat';

const CONVERSATION_COLUMNS = `id, token_hash, status, locale, visitor_name, visitor_email, visitor_phone, customer_id, ticket_id, ticket_number,
  agent_id, last_seq, visitor_read_seq, agent_read_seq, created_at, queued_at, accepted_at, ended_at`;

const toConversation = (row: Record<string, unknown>): ConversationRecord => ({
  id: row.id as string,
  tokenHash: row.token_hash as string,
  status: row.status as ChatStatus,
  locale: row.locale as string,
  visitorName: row.visitor_name as string,
  visitorEmail: (row.visitor_email as string | null) ?? null,
  visitorPhone: (row.visitor_phone as string | null) ?? null,
  customerId: row.customer_id as string,
  ticketId: row.ticket_id as string,
  ticketNumber: row.ticket_number as string,
  agentId: (row.agent_id as string | null) ?? null,
  lastSeq: Number(row.last_seq),
  visitorReadSeq: Number(row.visitor_read_seq),
  agentReadSeq: Number(row.agent_read_seq),
  createdAt: row.created_at as Date,
  queuedAt: (row.queued_at as Date | null) ?? null,
  acceptedAt: (row.accepted_at as Date | null) ?? null,
  endedAt: (row.ended_at as Date | null) ?? null,
});

const MESSAGE_COLUMNS = 'seq, id, author_type, author_id, body, attachments, client_id, created_at';

const toMessage = (row: Record<string, unknown>): MessageRecord => ({
  seq: Number(row.seq),
  id: row.id as string,
  authorType: row.author_type as ChatAuthor,
  authorId: (row.author_id as string | null) ?? null,
  body: row.body as string,
  attachments: (typeof row.attachments === 'string' ? JSON.parse(row.attachments) : row.attachments) as AttachmentRef[],
  clientId: (row.client_id as string | null) ?? null,
  createdAt: row.created_at as Date,
});

export async function insertConversation(tx: Sql, workspaceId: string, record: ConversationRecord): Promise<void> {
  await tx.query(
    `INSERT INTO chat_conversations (workspace_id, id, token_hash, status, locale, visitor_name, visitor_email, visitor_phone, customer_id,
       ticket_id, ticket_number, agent_id, last_seq, visitor_read_seq, agent_read_seq, created_at, queued_at, accepted_at, ended_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, 0, 0, $13, $14, NULL, NULL)`,
    [workspaceId, record.id, record.tokenHash, record.status, record.locale, record.visitorName, record.visitorEmail, record.visitorPhone,
      record.customerId, record.ticketId, record.ticketNumber, record.agentId, record.createdAt, record.queuedAt],
  );
}

export async function selectConversation(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<ConversationRecord | undefined> {
  const rows = await sql.query(
    prepared(`SELECT ${CONVERSATION_COLUMNS} FROM chat_conversations WHERE workspace_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`),
    [workspaceId, id],
  );
  return rows[0] ? toConversation(rows[0]) : undefined;
}

/** The queue and the agent's own chats in progress, then the agent's recently ended ones. */
export async function selectConsoleConversations(sql: Sql, workspaceId: string, agentId: string, endedSince: Date): Promise<ConversationRecord[]> {
  const rows = await sql.query(
    `SELECT ${CONVERSATION_COLUMNS} FROM chat_conversations
      WHERE workspace_id = $1 AND (status = 'queued' OR (agent_id = $2 AND (status = 'active' OR ended_at >= $3)))
      ORDER BY status = 'ended', COALESCE(queued_at, created_at), id LIMIT 200`,
    [workspaceId, agentId, endedSince],
  );
  return rows.map(toConversation);
}

export interface AppendedMessage {
  message: MessageRecord;
  agentId: string | null;
  /** The conversation's ticket (null for a resend recognised by its client id: nothing new to mirror). */
  ticketId: string | null;
  /** False when the sender's client id was already stored: the first copy is returned. */
  isNew: boolean;
}

/**
 * The event a stored message makes, when the statement storing it writes it too (a message stored on its own, outside
 * a transaction): what the statement learns (seq, ticket, holder) is added to `payload` there.
 */
export interface PostedEventInput {
  type: string;
  aggregateType: string;
  payload: object;
}

/**
 * Appends a message with the conversation's next seq (the row's lock orders concurrent senders). The caller
 * announces it, at commit or after it, so that nobody hears of a message that is not stored. An ended conversation
 * takes none (undefined), nor one held by another agent than `holderId` when given (the caller reads the
 * conversation only then, to say why); a client id seen before returns its message. With `event`, the same statement
 * writes the message's outbox event.
 */
export async function appendMessage(
  sql: Sql,
  workspaceId: string,
  conversationId: string,
  input: Omit<MessageRecord, 'seq'>,
  holderId: string | null = null,
  event?: PostedEventInput,
): Promise<AppendedMessage | undefined> {
  const posted = event
    ? `, posted AS (${eventInsertSql(
        {
          workspaceId: '$1', type: '$11', aggregateType: '$12', aggregateId: '$2::text', actorId: '$5',
          payload: `$13::jsonb || jsonb_build_object('seq', inserted.seq, 'ticketId', bumped.ticket_id, 'agentId', bumped.agent_id)`, occurredAt: '$9',
        },
        'inserted, bumped',
      )})`
    : '';
  const params = [workspaceId, conversationId, input.id, input.authorType, input.authorId, input.body, input.clientId, JSON.stringify(input.attachments), input.createdAt, holderId];
  const rows = await sql.query(
    prepared(`WITH bumped AS (
       UPDATE chat_conversations SET last_seq = last_seq + 1
        WHERE workspace_id = $1 AND id = $2 AND status <> 'ended' AND ($10::uuid IS NULL OR agent_id = $10::uuid)
          AND ($7::text IS NULL OR NOT EXISTS (SELECT 1 FROM chat_messages WHERE workspace_id = $1 AND conversation_id = $2 AND client_id = $7))
        RETURNING last_seq, agent_id, ticket_id),
     inserted AS (
       INSERT INTO chat_messages (workspace_id, conversation_id, seq, id, author_type, author_id, body, attachments, client_id, created_at)
       SELECT $1, $2, last_seq, $3, $4, $5, $6, $8::jsonb, $7, $9 FROM bumped
       RETURNING ${MESSAGE_COLUMNS})${posted}
     SELECT inserted.*, bumped.agent_id AS conversation_agent_id, bumped.ticket_id AS conversation_ticket_id FROM inserted, bumped`),
    event ? [...params, event.type, event.aggregateType, JSON.stringify(event.payload)] : params,
  );
  if (rows[0]) return { message: toMessage(rows[0]), agentId: (rows[0].conversation_agent_id as string | null) ?? null, ticketId: rows[0].conversation_ticket_id as string, isNew: true };
  if (input.clientId === null) return undefined;
  const existing = await sql.query(
    `SELECT ${MESSAGE_COLUMNS}, (SELECT agent_id FROM chat_conversations WHERE workspace_id = $1 AND id = $2) AS conversation_agent_id
       FROM chat_messages WHERE workspace_id = $1 AND conversation_id = $2 AND client_id = $3`,
    [workspaceId, conversationId, input.clientId],
  );
  return existing[0] ? { message: toMessage(existing[0]), agentId: (existing[0].conversation_agent_id as string | null) ?? null, ticketId: null, isNew: false } : undefined;
}

export async function selectMessagesAfter(sql: Sql, workspaceId: string, conversationId: string, afterSeq: number, limit = 500): Promise<MessageRecord[]> {
  const rows = await sql.query(
    prepared(`SELECT ${MESSAGE_COLUMNS} FROM chat_messages WHERE workspace_id = $1 AND conversation_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`),
    [workspaceId, conversationId, afterSeq, limit],
  );
  return rows.map(toMessage);
}

/** Raises one side's read mark (never lowers it); returns the mark as it stands. */
export async function raiseReadSeq(tx: Sql, workspaceId: string, conversationId: string, side: 'visitor' | 'agent', seq: number): Promise<number | undefined> {
  const column = side === 'visitor' ? 'visitor_read_seq' : 'agent_read_seq';
  const rows = await tx.query<{ read_seq: number }>(
    `UPDATE chat_conversations SET ${column} = GREATEST(${column}, LEAST($3, last_seq)) WHERE workspace_id = $1 AND id = $2 RETURNING ${column} AS read_seq`,
    [workspaceId, conversationId, seq],
  );
  return rows[0] ? Number(rows[0].read_seq) : undefined;
}

export async function updateConversation(
  tx: Sql,
  workspaceId: string,
  id: string,
  change: { status?: ChatStatus; agentId?: string | null; queuedAt?: Date; acceptedAt?: Date; endedAt?: Date },
): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [workspaceId, id];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (change.status !== undefined) set('status', change.status);
  if (change.agentId !== undefined) set('agent_id', change.agentId);
  if (change.queuedAt !== undefined) set('queued_at', change.queuedAt);
  if (change.acceptedAt !== undefined) set('accepted_at', change.acceptedAt);
  if (change.endedAt !== undefined) set('ended_at', change.endedAt);
  if (sets.length === 0) return;
  await tx.query(`UPDATE chat_conversations SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2`, params);
}

/** The queued conversations' ids, first in line first. */
export async function selectQueue(sql: Sql, workspaceId: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT id FROM chat_conversations WHERE workspace_id = $1 AND status = 'queued' ORDER BY queued_at, id LIMIT 1000`,
    [workspaceId],
  );
  return rows.map((row) => row.id);
}

export async function countActiveOfAgent(sql: Sql, workspaceId: string, agentId: string): Promise<number> {
  const rows = await sql.query<{ n: number }>(`SELECT count(*) AS n FROM chat_conversations WHERE workspace_id = $1 AND agent_id = $2 AND status = 'active'`, [workspaceId, agentId]);
  return Number(rows[0]?.n ?? 0);
}

/** Serialises accepts and transfers to one agent across nodes, so capacity holds. */
export async function lockAgentSeats(tx: Sql, workspaceId: string, agentId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('chat-seats:' || $1 || ':' || $2))`, [workspaceId, agentId]);
}

export interface WaitFigures {
  agentsOnline: number;
  chatsInProgress: number;
  averageHandleSeconds: number | null;
}

/** Agents seen online since `onlineSince`, chats held now, and the mean handle time of the last 50 chats ended in a day. */
export async function selectWaitFigures(sql: Sql, workspaceId: string, onlineSince: Date, endedSince: Date): Promise<WaitFigures> {
  const rows = await sql.query(
    `SELECT (SELECT count(*) FROM chat_agents WHERE workspace_id = $1 AND status = 'online' AND last_seen_at >= $2) AS agents_online,
            (SELECT count(*) FROM chat_conversations WHERE workspace_id = $1 AND status = 'active') AS in_progress,
            (SELECT avg(EXTRACT(EPOCH FROM ended_at - accepted_at)) FROM (
               SELECT ended_at, accepted_at FROM chat_conversations
                WHERE workspace_id = $1 AND accepted_at IS NOT NULL AND ended_at IS NOT NULL AND ended_at >= $3
                ORDER BY ended_at DESC LIMIT 50) recent) AS handle`,
    [workspaceId, onlineSince, endedSince],
  );
  const row = rows[0]!;
  return { agentsOnline: Number(row.agents_online), chatsInProgress: Number(row.in_progress), averageHandleSeconds: row.handle === null ? null : Number(row.handle) };
}

export async function upsertPresence(sql: Sql, workspaceId: string, userId: string, status: PresenceStatus, at: Date): Promise<void> {
  await sql.query(
    `INSERT INTO chat_agents (workspace_id, user_id, status, last_seen_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET status = EXCLUDED.status, last_seen_at = EXCLUDED.last_seen_at`,
    [workspaceId, userId, status, at],
  );
}

export async function touchPresence(sql: Sql, workspaceId: string, userIds: readonly string[], at: Date): Promise<void> {
  if (userIds.length === 0) return;
  await sql.query(`UPDATE chat_agents SET last_seen_at = $3 WHERE workspace_id = $1 AND user_id = ANY($2::uuid[])`, [workspaceId, userIds, at]);
}

export async function selectPresence(sql: Sql, workspaceId: string, userId: string): Promise<{ status: PresenceStatus; lastSeenAt: Date } | undefined> {
  const rows = await sql.query(`SELECT status, last_seen_at FROM chat_agents WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
  return rows[0] ? { status: rows[0].status as PresenceStatus, lastSeenAt: rows[0].last_seen_at as Date } : undefined;
}

export interface CannedReplyRecord {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
}

export async function selectCannedReplies(sql: Sql, workspaceId: string): Promise<CannedReplyRecord[]> {
  const rows = await sql.query(`SELECT id, title, body, created_at FROM chat_canned_replies WHERE workspace_id = $1 ORDER BY title, id LIMIT 500`, [workspaceId]);
  return rows.map((row) => ({ id: row.id as string, title: row.title as string, body: row.body as string, createdAt: row.created_at as Date }));
}

export async function insertCannedReply(sql: Sql, workspaceId: string, record: CannedReplyRecord): Promise<void> {
  await sql.query(`INSERT INTO chat_canned_replies (workspace_id, id, title, body, created_at) VALUES ($1, $2, $3, $4, $5)`, [workspaceId, record.id, record.title, record.body, record.createdAt]);
}

export async function deleteCannedReply(sql: Sql, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql.query(`DELETE FROM chat_canned_replies WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, id]);
  return rows.length > 0;
}

export interface ChatSettingsRecord {
  botFirst: boolean;
  calendarId: string | null;
  defaultCapacity: number;
}

export const DEFAULT_SETTINGS: ChatSettingsRecord = { botFirst: false, calendarId: null, defaultCapacity: 3 };

export async function selectSettings(sql: Sql, workspaceId: string): Promise<ChatSettingsRecord> {
  const rows = await sql.query(prepared(`SELECT bot_first, calendar_id, default_capacity FROM chat_settings WHERE workspace_id = $1`), [workspaceId]);
  const row = rows[0];
  return row ? { botFirst: row.bot_first as boolean, calendarId: (row.calendar_id as string | null) ?? null, defaultCapacity: Number(row.default_capacity) } : DEFAULT_SETTINGS;
}

export async function upsertSettings(sql: Sql, workspaceId: string, settings: ChatSettingsRecord, at: Date): Promise<void> {
  await sql.query(
    `INSERT INTO chat_settings (workspace_id, bot_first, calendar_id, default_capacity, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (workspace_id) DO UPDATE SET bot_first = EXCLUDED.bot_first, calendar_id = EXCLUDED.calendar_id,
       default_capacity = EXCLUDED.default_capacity, updated_at = EXCLUDED.updated_at`,
    [workspaceId, settings.botFirst, settings.calendarId, settings.defaultCapacity, at],
  );
}

export async function insertAttachment(sql: Sql, workspaceId: string, conversationId: string, ref: AttachmentRef, at: Date): Promise<void> {
  await sql.query(
    `INSERT INTO chat_attachments (workspace_id, conversation_id, id, filename, content_type, size_bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [workspaceId, conversationId, ref.id, ref.filename, ref.contentType, ref.sizeBytes, at],
  );
}

export async function selectAttachments(sql: Sql, workspaceId: string, conversationId: string, ids: readonly string[]): Promise<AttachmentRef[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query(
    `SELECT id, filename, content_type, size_bytes FROM chat_attachments WHERE workspace_id = $1 AND conversation_id = $2 AND id = ANY($3::uuid[])`,
    [workspaceId, conversationId, ids],
  );
  return rows.map((row) => ({ id: row.id as string, filename: row.filename as string, contentType: row.content_type as string, sizeBytes: Number(row.size_bytes) }));
}

/**
 * Announces something on the chat channel from inside a transaction: delivered at commit. For the frequent
 * announcements (messages) `Db.notify` after the commit is cheaper: see there.
 */
export async function announce(sql: Sql, payload: object): Promise<void> {
  await sql.query(`SELECT pg_notify('${CHAT_CHANNEL}', $1)`, [JSON.stringify(payload)]);
}
