import { isUuid } from '../../platform/ids.ts';
import type { DeliveryStatus, MessageAuthorType } from '../../contracts/tickets.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { buildSearchDocument } from '../../platform/text/index.ts';
import { maskEmail, maskPhone } from '../customers/index.ts';
import { assertCan, can } from '../identity/index.ts';
import { stageOfAction, statusAfterCustomerReply } from './ticket-status.ts';
import * as attachmentsRepo from './ticket-attachments.repository.ts';
import { type PersonRef, type TicketsContext, type TicketView } from './tickets.context.ts';
import * as repo from './tickets.repository.ts';
import * as messagesRepo from './ticket-messages.repository.ts';
import * as timelineRepo from './ticket-timeline.repository.ts';

export type AuthorType = MessageAuthorType;

export interface AddMessageInput {
  kind: 'reply' | 'note';
  body: string;
  /** Uploads (POST /attachments) to attach; they must be the actor's own and not attached yet. */
  attachmentIds?: string[];
  /** Defaults from the actor: agent for users and tokens, system for the system. Channels pass customer or bot. */
  authorType?: AuthorType;
  authorId?: string | null;
  isAutoReply?: boolean;
  nextStep?: string | null;
  /** The provider's id of the message (e-mail Message-ID…): unique in the workspace, so a retried delivery is refused. */
  externalId?: string;
  from?: string;
  to?: string[];
  /** The HTML as received or sent; `body` stays the plain text that is searched and shown. */
  htmlBody?: string;
  /** For an outbound message a channel will send: `pending` until it reports back. */
  deliveryStatus?: DeliveryStatus;
}

export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  url: string;
  createdAt: Date;
}

export interface MessageView {
  id: string;
  ticketId: string;
  kind: 'reply' | 'note';
  authorType: AuthorType;
  author: PersonRef | null;
  body: string;
  isAutoReply: boolean;
  attachments: AttachmentView[];
  copiedFromId: string | null;
  externalId: string | null;
  from: string | null;
  to: string[];
  htmlBody: string | null;
  deliveryStatus: DeliveryStatus | null;
  deliveryError: string | null;
  createdAt: Date;
}


export interface ListMessagesOptions {
  /** The cursor: the `seq` of the last message of the page before. */
  after?: number;
  limit?: number;
  kind?: 'reply' | 'note';
}

const EXCERPT_CHARS = 280;
export const attachmentUrl = (id: string): string => `/api/v1/attachments/${id}`;

export const toAttachmentView = (record: attachmentsRepo.AttachmentRecord): AttachmentView => ({
  id: record.id,
  filename: record.filename,
  contentType: record.contentType,
  sizeBytes: record.sizeBytes,
  url: attachmentUrl(record.id),
  createdAt: record.createdAt,
});

/** An address as a viewer without `contacts.unmasked` sees it: e-mail and phone hidden in part, opaque ids as they are. */
function maskAddress(address: string): string {
  if (address.includes('@')) return maskEmail(address);
  if (/^\+?[\d\s()-]{5,}$/.test(address)) return maskPhone(address);
  return address;
}

/**
 * A customer's message from anyone but the system (channels) or the customer: only an API token with the
 * `messages.customer` scope, the path of an integration that brings in what a customer wrote elsewhere.
 */
function assertMayWriteAsCustomer(actor: Actor): void {
  if (actor.kind === 'system' || actor.kind === 'customer') return;
  if (actor.kind !== 'token') throw new AppError('forbidden', 'tickets.customer_message_token_only', { extra: { permission: 'messages.customer' } });
  assertCan(actor, 'messages.customer');
}

function defaultAuthorType(actor: Actor): AuthorType {
  if (actor.kind === 'system') return 'system';
  if (actor.kind === 'customer') return 'customer';
  return 'agent';
}

/** The message is there already: a retried delivery or webhook. `messageId` when it is on the same ticket. */
function duplicateExternalId(messageId: string | undefined): AppError {
  return new AppError('conflict', 'tickets.duplicate_external_id', { fields: [{ field: 'externalId', messageKey: 'tickets.duplicate_external_id' }], extra: messageId ? { messageId } : {} });
}

export function createConversationOps(ctx: TicketsContext) {
  const { deps, clock } = ctx;

  async function toMessageViews(actor: Actor, ticket: { customerId: string }, messages: messagesRepo.MessageRecord[], sql: Sql = ctx.db): Promise<MessageView[]> {
    if (messages.length === 0) return [];
    const needsCustomer = messages.some((message) => message.authorType === 'customer');
    const [names, attachments, customers] = await Promise.all([
      ctx.lookupNames(
        actor.workspaceId,
        messages.filter((m) => m.authorType === 'agent').map((m) => m.authorId),
        [],
        sql,
      ),
      attachmentsRepo.selectAttachments(sql, actor.workspaceId, [...new Set(messages.flatMap((m) => m.attachmentIds))]),
      needsCustomer ? deps.customers.getCustomerSummaries(actor.workspaceId, [ticket.customerId], actor, sql) : Promise.resolve(new Map()),
    ]);
    const attachmentsById = new Map(attachments.map((a) => [a.id, a]));
    const customer = customers.get(ticket.customerId);
    const address = can(actor, 'contacts.unmasked') ? (value: string) => value : maskAddress;
    return messages.map((message) => {
      let author: PersonRef | null = null;
      if (message.authorType === 'agent' && message.authorId) author = names.users.get(message.authorId) ?? { id: message.authorId, name: '' };
      if (message.authorType === 'customer' && customer) author = { id: customer.id, name: customer.name };
      return {
        id: message.id,
        ticketId: message.ticketId,
        kind: message.kind,
        authorType: message.authorType,
        author,
        body: message.body,
        isAutoReply: message.isAutoReply,
        attachments: message.attachmentIds.flatMap((id) => {
          const record = attachmentsById.get(id);
          return record ? [toAttachmentView(record)] : [];
        }),
        copiedFromId: message.copiedFromId,
        externalId: message.externalId,
        from: message.from === null ? null : address(message.from),
        to: message.to.map(address),
        htmlBody: message.htmlBody,
        deliveryStatus: message.deliveryStatus,
        deliveryError: message.deliveryError,
        createdAt: message.createdAt,
      };
    });
  }

  /** The message and its effects on the ticket, inside a transaction. */
  async function writeMessage(
    tx: Sql,
    actor: Actor,
    ticketId: string,
    input: AddMessageInput,
    options: { ifMatch?: number },
  ): Promise<{ message: messagesRepo.MessageRecord; ticket: repo.TicketRecord }> {
    assertCan(actor, 'tickets.write');
    const authorType = input.authorType ?? defaultAuthorType(actor);
    if (input.kind === 'note' && authorType === 'customer') {
      throw new AppError('validation', 'errors.validation', { fields: [{ field: 'kind', messageKey: 'tickets.customer_note' }] });
    }
    if (authorType === 'customer') assertMayWriteAsCustomer(actor);
    const authorId = input.authorId !== undefined ? input.authorId : authorType === 'agent' ? actor.userId : null;
    const attachmentIds = [...new Set(input.attachmentIds ?? [])];
    const workspaceId = actor.workspaceId;

    const current = await ctx.requireTicket(tx, actor, ticketId, { forUpdate: true });
    ctx.checkVersion(current, options.ifMatch);
    if (current.status === 'closed') throw new AppError('invalid_state', 'tickets.closed_readonly');
    if (input.externalId !== undefined) {
      const existing = await messagesRepo.selectMessageByExternalId(tx, workspaceId, input.externalId);
      if (existing) throw duplicateExternalId(existing.ticketId === ticketId ? existing.id : undefined);
    }
    const now = clock.now();
    const messageId = newId();
    const claimed = await attachmentsRepo.claimAttachments(tx, workspaceId, attachmentIds, {
      ticketId,
      messageId,
      uploadedBy: actor.kind === 'system' ? null : actor.userId,
    });
    if (claimed.length !== attachmentIds.length) {
      throw new AppError('validation', 'errors.validation', { fields: [{ field: 'attachmentIds', messageKey: 'tickets.unknown_attachment' }] });
    }
    const inserted = await messagesRepo
      .insertMessage(tx, workspaceId, ticketId, {
        id: messageId,
        kind: input.kind,
        authorType,
        authorId,
        body: input.body,
        isAutoReply: input.isAutoReply ?? false,
        attachmentIds,
        now,
        externalId: input.externalId,
        from: input.from,
        to: input.to,
        htmlBody: input.htmlBody,
        deliveryStatus: input.deliveryStatus,
      })
      .catch((error: unknown) => {
        // Another transaction stored the same provider id in the meantime.
        throw messagesRepo.isDuplicateExternalId(error) ? duplicateExternalId(undefined) : error;
      });

    const patch: repo.TicketPatch = { lastMessageAt: now };
    const status = authorType === 'customer' && input.kind === 'reply' ? statusAfterCustomerReply(current.status) : current.status;
    if (status !== current.status) {
      patch.status = status;
      if (current.status === 'solved') patch.solvedAt = null;
    }
    const isFirstResponse = input.kind === 'reply' && authorType === 'agent' && !input.isAutoReply && current.firstResponseAt === null;
    if (isFirstResponse) patch.firstResponseAt = now;
    // Only a status change is a change of the ticket's own fields; a new message alone keeps the version.
    const next = await repo.updateTicketRow(tx, workspaceId, ticketId, patch, {
      now,
      bumpVersion: status !== current.status,
      search: { appendBody: buildSearchDocument(input.body) },
    });
    await timelineRepo.insertTimeline(tx, workspaceId, ticketId, {
      at: now,
      stage: stageOfAction('message', next.status),
      kind: input.kind === 'note' ? 'note_added' : 'reply_added',
      ...ctx.operatorOf(actor),
      changes: status !== current.status ? { status: { from: current.status, to: status } } : {},
      messageId,
      attachmentIds,
      content: input.body.slice(0, EXCERPT_CHARS),
      nextStep: input.nextStep ?? null,
      details: { authorType, isAutoReply: input.isAutoReply ?? false },
    });
    await deps.audit.record(tx, actor, {
      action: 'message.added',
      entityType: 'ticket',
      entityId: ticketId,
      details: { messageId, kind: input.kind, authorType, attachments: attachmentIds.length },
    });
    await ctx.emit(tx, actor, 'message.added', next, {
      messageId,
      kind: input.kind,
      body: input.body,
      authorType,
      authorId,
      isAutoReply: input.isAutoReply ?? false,
      attachmentIds,
    });
    if (status !== current.status) {
      await ctx.emit(tx, actor, 'ticket.updated', next, { changes: { status: { from: current.status, to: status } } });
      await ctx.emit(tx, actor, 'ticket.status_changed', next, { from: current.status, to: status });
    }
    return { message: inserted, ticket: next };
  }

  async function listMessagesWith(sql: Sql, actor: Actor, ticketId: string, options: ListMessagesOptions): Promise<{ items: MessageView[]; nextCursor: string | null }> {
    assertCan(actor, 'tickets.read');
    const ticket = await ctx.requireTicket(sql, actor, ticketId);
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
    const rows = await messagesRepo.selectMessages(sql, actor.workspaceId, ticketId, { afterSeq: options.after, limit: limit + 1, kind: options.kind });
    const page = rows.slice(0, limit);
    return {
      items: await toMessageViews(actor, ticket, page, sql),
      nextCursor: rows.length > limit ? String(page[page.length - 1]!.seq) : null,
    };
  }

  return {
    /** One message of a ticket, as the actor may see it; undefined when the ticket has no such message. */
    async getMessage(actor: Actor, ticketId: string, messageId: string): Promise<MessageView | undefined> {
      assertCan(actor, 'tickets.read');
      const ticket = await ctx.requireTicket(ctx.db, actor, ticketId);
      const record = isUuid(messageId) ? await messagesRepo.selectMessage(ctx.db, actor.workspaceId, ticketId, messageId) : undefined;
      return record ? (await toMessageViews(actor, ticket, [record]))[0] : undefined;
    },

    /** Fails (403/404) unless the actor may add messages to this ticket; checked before files are stored. */
    async assertCanAddMessage(actor: Actor, ticketId: string): Promise<void> {
      assertCan(actor, 'tickets.write');
      await ctx.requireTicket(ctx.db, actor, ticketId);
    },

    /**
     * Adds a public reply or an internal note. A customer's reply ends a wait (pending → open) and
     * reopens a solved ticket; the first human public reply records the first response time.
     */
    async addMessage(
      actor: Actor,
      ticketId: string,
      input: AddMessageInput,
      options: { ifMatch?: number } = {},
    ): Promise<{ message: MessageView; ticket: TicketView }> {
      const { message, ticket } = await ctx.db.transaction((tx) => writeMessage(tx, actor, ticketId, input, options));
      const [messageView] = await toMessageViews(actor, ticket, [message]);
      const [ticketView] = await ctx.toViews(actor, [ticket]);
      return { message: messageView!, ticket: ticketView! };
    },

    /** The same inside the caller's transaction (channels appending an inbound reply atomically). */
    async addMessageInTransaction(tx: Sql, actor: Actor, ticketId: string, input: AddMessageInput): Promise<{ message: messagesRepo.MessageRecord; ticket: repo.TicketRecord }> {
      return writeMessage(tx, actor, ticketId, input, {});
    },

    /**
     * A channel reports how far it got with an outbound message (sent, delivered, failed with the provider's
     * error), in its own transaction; the provider's id of the sent message may arrive with it.
     */
    async recordDeliveryInTransaction(
      tx: Sql,
      actor: Actor,
      ticketId: string,
      messageId: string,
      delivery: { status: DeliveryStatus; error?: string | null; externalId?: string },
    ): Promise<messagesRepo.MessageRecord> {
      assertCan(actor, 'tickets.write');
      await ctx.requireTicket(tx, actor, ticketId);
      const updated = await messagesRepo.updateDelivery(tx, actor.workspaceId, ticketId, messageId, { status: delivery.status, error: delivery.error ?? null, externalId: delivery.externalId });
      if (!updated) throw new AppError('not_found', 'tickets.message_not_found');
      await deps.audit.record(tx, actor, { action: 'message.delivery', entityType: 'ticket', entityId: ticketId, details: { messageId, status: delivery.status } });
      return updated;
    },

    async listMessages(actor: Actor, ticketId: string, options: ListMessagesOptions = {}): Promise<{ items: MessageView[]; nextCursor: string | null }> {
      return listMessagesWith(ctx.db, actor, ticketId, options);
    },

    /** The same on the caller's transaction: event subscribers and timers read on the connection they hold. */
    async listMessagesInTransaction(tx: Sql, actor: Actor, ticketId: string, options: ListMessagesOptions = {}): Promise<{ items: MessageView[]; nextCursor: string | null }> {
      return listMessagesWith(tx, actor, ticketId, options);
    },

  };
}
