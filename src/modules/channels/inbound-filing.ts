import type { Actor } from '../../platform/actor.ts';
import { withSavepoint, type Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { Channel, CreateTicketInput, TicketsService } from '../tickets/index.ts';

export type FilingOutcome = 'ticket_created' | 'message_added' | 'note_added' | 'stored';

export interface FiledMessage {
  outcome: FilingOutcome;
  ticketId: string | null;
  /** The ticket message written; null when the message became a new ticket's description or was only stored. */
  messageId: string | null;
}

/** One inbound message, normalised by its channel, to file on a ticket. */
export interface InboundFiling {
  /** The channel's system actor, in the workspace's language. */
  actor: Actor;
  channel: Channel;
  /** The customer's ticket this message joins (its channel found it by threading or by conversation); null opens one. */
  ticketId: string | null;
  /** The customer, for a new ticket. */
  customer: CreateTicketInput['customer'];
  subject: string;
  body: string;
  /** Files already stored (system uploads) to attach to the customer's message. */
  attachmentIds?: string[];
  /**
   * Machine-written traffic: a note on its ticket starting with this text (never answered, never reopening
   * the ticket, never counted as the customer's answer), or only stored when it joins no ticket.
   */
  automatedNote?: string | null;
}

/**
 * The one path from a channel's inbound message to the ticket it belongs to, inside the caller's transaction:
 * a customer's reply on the ticket given, a new ticket when there is none or it was closed meanwhile.
 */
export async function fileInboundMessage(tx: Sql, tickets: TicketsService, filing: InboundFiling): Promise<FiledMessage> {
  const { actor, body } = filing;
  const attachmentIds = filing.attachmentIds ?? [];
  if (filing.automatedNote) {
    if (!filing.ticketId) return { outcome: 'stored', ticketId: null, messageId: null };
    const { message } = await tickets.addMessageInTransaction(tx, actor, filing.ticketId, { kind: 'note', authorType: 'system', isAutoReply: true, body: body ? `${filing.automatedNote}\n\n${body}` : filing.automatedNote, attachmentIds });
    return { outcome: 'note_added', ticketId: filing.ticketId, messageId: message.id };
  }
  if (filing.ticketId) {
    const ticketId = filing.ticketId;
    const added = await withSavepoint(tx, () => tickets.addMessageInTransaction(tx, actor, ticketId, { kind: 'reply', authorType: 'customer', body, attachmentIds }));
    if (added.ok) return { outcome: 'message_added', ticketId, messageId: added.value.message.id };
    // Closed in the meantime: the message opens a new ticket, as it would have a moment later.
    if (!(added.error instanceof AppError && added.error.code === 'invalid_state')) throw added.error;
  }
  if (attachmentIds.length === 0) {
    const created = await tickets.createTicketInTransaction(tx, actor, { subject: filing.subject, description: body, customer: filing.customer, channel: filing.channel });
    return { outcome: 'ticket_created', ticketId: created.id, messageId: null };
  }
  // Files belong to a message, so a first message with files is added after the ticket is registered.
  const created = await tickets.createTicketInTransaction(tx, actor, { subject: filing.subject, customer: filing.customer, channel: filing.channel });
  const { message } = await tickets.addMessageInTransaction(tx, actor, created.id, { kind: 'reply', authorType: 'customer', body, attachmentIds });
  return { outcome: 'ticket_created', ticketId: created.id, messageId: message.id };
}
