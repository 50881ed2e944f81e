/** The only code that queries ticket_messages (the first message of a new ticket is inserted with it, in tickets.repository.ts). */
import { prepared, type Sql } from '../../platform/db.ts';

export interface NewMessageRow {
  id: string;
  kind: 'reply' | 'note';
  authorType: 'agent' | 'customer' | 'system' | 'bot';
  authorId: string | null;
  body: string;
  isAutoReply: boolean;
  attachmentIds: string[];
  copiedFromId?: string | null;
  now: Date;
}

export interface MessageRecord {
  id: string;
  ticketId: string;
  kind: 'reply' | 'note';
  authorType: 'agent' | 'customer' | 'system' | 'bot';
  authorId: string | null;
  body: string;
  isAutoReply: boolean;
  attachmentIds: string[];
  copiedFromId: string | null;
  createdAt: Date;
  seq: number;
}

const MESSAGE_COLUMNS = 'id, ticket_id, kind, author_type, author_id, body, is_auto_reply, attachment_ids, copied_from_id, created_at, seq';

const toMessage = (row: Record<string, unknown>): MessageRecord => ({
  id: row.id as string,
  ticketId: row.ticket_id as string,
  kind: row.kind as MessageRecord['kind'],
  authorType: row.author_type as MessageRecord['authorType'],
  authorId: (row.author_id as string | null) ?? null,
  body: row.body as string,
  isAutoReply: row.is_auto_reply as boolean,
  attachmentIds: (row.attachment_ids as string[]) ?? [],
  copiedFromId: (row.copied_from_id as string | null) ?? null,
  createdAt: row.created_at as Date,
  seq: row.seq as number,
});

export async function insertMessage(tx: Sql, workspaceId: string, ticketId: string, message: NewMessageRow): Promise<MessageRecord> {
  const rows = await tx.query(
    prepared(`INSERT INTO ticket_messages (workspace_id, id, ticket_id, kind, author_type, author_id, body, is_auto_reply, attachment_ids, copied_from_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${MESSAGE_COLUMNS}`),
    [workspaceId, message.id, ticketId, message.kind, message.authorType, message.authorId, message.body, message.isAutoReply, message.attachmentIds, message.copiedFromId ?? null, message.now],
  );
  return toMessage(rows[0]!);
}

export async function selectMessages(
  sql: Sql,
  workspaceId: string,
  ticketId: string,
  options: { afterSeq?: number; limit: number; kind?: 'reply' | 'note' },
): Promise<MessageRecord[]> {
  const rows = await sql.query(
    `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages
      WHERE workspace_id = $1 AND ticket_id = $2 AND ($3::bigint IS NULL OR seq > $3) AND ($4::text IS NULL OR kind = $4)
      ORDER BY seq LIMIT $5`,
    [workspaceId, ticketId, options.afterSeq ?? null, options.kind ?? null, options.limit],
  );
  return rows.map(toMessage);
}

/**
 * Copies every message of one ticket onto another (merge), keeping authors, times and attachments,
 * and returns the copied bodies for the target's search text.
 */
export async function copyMessages(tx: Sql, workspaceId: string, sourceId: string, targetId: string): Promise<{ count: number; bodies: string[] }> {
  const rows = await tx.query<{ body: string }>(
    `INSERT INTO ticket_messages (workspace_id, id, ticket_id, kind, author_type, author_id, body, is_auto_reply, attachment_ids, copied_from_id, created_at)
     SELECT workspace_id, gen_random_uuid(), $3, kind, author_type, author_id, body, is_auto_reply, attachment_ids, id, created_at
       FROM ticket_messages WHERE workspace_id = $1 AND ticket_id = $2
      ORDER BY seq
     RETURNING body`,
    [workspaceId, sourceId, targetId],
  );
  return { count: rows.length, bodies: rows.map((row) => row.body) };
}
