/** The only code that queries ticket_messages (the first message of a new ticket is inserted with it, in tickets.repository.ts). */
import type { DeliveryStatus, MessageAuthorType } from '../../contracts/tickets.ts';
import { prepared, type Sql } from '../../platform/db.ts';

/** A message's channel side: provider id, addresses, HTML body and delivery (all empty for messages of no channel). */
export interface MessageChannelFields {
  externalId: string | null;
  from: string | null;
  to: string[];
  htmlBody: string | null;
  deliveryStatus: DeliveryStatus | null;
  deliveryError: string | null;
}

export interface NewMessageRow extends Partial<MessageChannelFields> {
  id: string;
  kind: 'reply' | 'note';
  authorType: MessageAuthorType;
  authorId: string | null;
  body: string;
  isAutoReply: boolean;
  attachmentIds: string[];
  copiedFromId?: string | null;
  now: Date;
}

export interface MessageRecord extends MessageChannelFields {
  id: string;
  ticketId: string;
  kind: 'reply' | 'note';
  authorType: MessageAuthorType;
  authorId: string | null;
  body: string;
  isAutoReply: boolean;
  attachmentIds: string[];
  copiedFromId: string | null;
  createdAt: Date;
  seq: number;
}

const MESSAGE_COLUMNS = `id, ticket_id, kind, author_type, author_id, body, is_auto_reply, attachment_ids, copied_from_id, created_at, seq,
  external_id, from_address, to_addresses, html_body, delivery_status, delivery_error`;

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
  externalId: (row.external_id as string | null) ?? null,
  from: (row.from_address as string | null) ?? null,
  to: (row.to_addresses as string[]) ?? [],
  htmlBody: (row.html_body as string | null) ?? null,
  deliveryStatus: (row.delivery_status as DeliveryStatus | null) ?? null,
  deliveryError: (row.delivery_error as string | null) ?? null,
});

/** A unique violation of the provider id: the message is there already (a retried delivery or webhook). */
export const isDuplicateExternalId = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505' && String((error as { constraint?: string; message?: string }).constraint ?? (error as { message?: string }).message).includes('ticket_messages_external_id');

export async function insertMessage(tx: Sql, workspaceId: string, ticketId: string, message: NewMessageRow): Promise<MessageRecord> {
  const rows = await tx.query(
    prepared(`INSERT INTO ticket_messages (workspace_id, id, ticket_id, kind, author_type, author_id, body, is_auto_reply, attachment_ids, copied_from_id, created_at,
                                  external_id, from_address, to_addresses, html_body, delivery_status, delivery_error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING ${MESSAGE_COLUMNS}`),
    [
      workspaceId,
      message.id,
      ticketId,
      message.kind,
      message.authorType,
      message.authorId,
      message.body,
      message.isAutoReply,
      message.attachmentIds,
      message.copiedFromId ?? null,
      message.now,
      message.externalId ?? null,
      message.from ?? null,
      message.to ?? [],
      message.htmlBody ?? null,
      message.deliveryStatus ?? null,
      message.deliveryError ?? null,
    ],
  );
  return toMessage(rows[0]!);
}

export async function selectMessage(sql: Sql, workspaceId: string, ticketId: string, messageId: string): Promise<MessageRecord | undefined> {
  const rows = await sql.query(`SELECT ${MESSAGE_COLUMNS} FROM ticket_messages WHERE workspace_id = $1 AND ticket_id = $2 AND id = $3`, [workspaceId, ticketId, messageId]);
  return rows[0] ? toMessage(rows[0]) : undefined;
}

/** The message a provider id was stored with, on any ticket of the workspace (threading, duplicate deliveries). */
export async function selectMessageByExternalId(sql: Sql, workspaceId: string, externalId: string): Promise<MessageRecord | undefined> {
  const rows = await sql.query(`SELECT ${MESSAGE_COLUMNS} FROM ticket_messages WHERE workspace_id = $1 AND external_id = $2`, [workspaceId, externalId]);
  return rows[0] ? toMessage(rows[0]) : undefined;
}

/** Records how far a channel got with a message; undefined when the message is not on that ticket. */
export async function updateDelivery(
  tx: Sql,
  workspaceId: string,
  ticketId: string,
  messageId: string,
  delivery: { status: DeliveryStatus; error: string | null; externalId?: string },
): Promise<MessageRecord | undefined> {
  const rows = await tx.query(
    `UPDATE ticket_messages SET delivery_status = $4, delivery_error = $5, external_id = COALESCE($6, external_id)
      WHERE workspace_id = $1 AND ticket_id = $2 AND id = $3 RETURNING ${MESSAGE_COLUMNS}`,
    [workspaceId, ticketId, messageId, delivery.status, delivery.error, delivery.externalId ?? null],
  );
  return rows[0] ? toMessage(rows[0]) : undefined;
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
 * Copies every message of one ticket onto another (merge), keeping authors, times, attachments and channel
 * fields, and returns the copied bodies for the target's search text. The provider id stays with the original
 * only (it is unique): a reply threaded to it finds the merged-away ticket, which points at the target.
 */
export async function copyMessages(tx: Sql, workspaceId: string, sourceId: string, targetId: string): Promise<{ count: number; bodies: string[] }> {
  const rows = await tx.query<{ body: string }>(
    `INSERT INTO ticket_messages (workspace_id, id, ticket_id, kind, author_type, author_id, body, is_auto_reply, attachment_ids, copied_from_id, created_at,
                                  from_address, to_addresses, html_body, delivery_status, delivery_error)
     SELECT workspace_id, gen_random_uuid(), $3, kind, author_type, author_id, body, is_auto_reply, attachment_ids, id, created_at,
            from_address, to_addresses, html_body, delivery_status, delivery_error
       FROM ticket_messages WHERE workspace_id = $1 AND ticket_id = $2
      ORDER BY seq
     RETURNING body`,
    [workspaceId, sourceId, targetId],
  );
  return { count: rows.length, bodies: rows.map((row) => row.body) };
}
