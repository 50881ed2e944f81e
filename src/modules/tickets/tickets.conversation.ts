import type { Actor } from '../../platform/actor.ts';
import { deferWrite, type Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { buildSearchDocument } from '../../platform/text/index.ts';
import { assertCan } from '../identity/index.ts';
import { stageOfAction, statusAfterCustomerReply, type TimelineStage } from './ticket-status.ts';
import * as attachmentsRepo from './ticket-attachments.repository.ts';
import { type PersonRef, type TicketsContext, type TicketView } from './tickets.context.ts';
import * as repo from './tickets.repository.ts';
import * as messagesRepo from './ticket-messages.repository.ts';
import * as timelineRepo from './ticket-timeline.repository.ts';

export type AuthorType = 'agent' | 'customer' | 'system' | 'bot';

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
  createdAt: Date;
}

export interface TimelineView {
  id: number;
  at: Date;
  stage: string;
  kind: string;
  operator: { type: string; id: string | null; name: string | null };
  changes: Record<string, { from: unknown; to: unknown }>;
  messageId: string | null;
  attachmentIds: string[];
  content: string | null;
  nextStep: string | null;
  details: Record<string, unknown>;
}

/** A step written onto a ticket's timeline by another module (SLA warnings, breaches, hand-offs). */
export interface TimelineEntryInput {
  kind: string;
  stage: TimelineStage | (string & {});
  at: Date;
  operatorType?: 'user' | 'system' | 'customer' | 'bot';
  operatorId?: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
  messageId?: string | null;
  attachmentIds?: string[];
  content?: string | null;
  nextStep?: string | null;
  details?: Record<string, unknown>;
}

/** Writes a timeline row inside the caller's transaction. */
export async function addTimelineEntry(tx: Sql, workspaceId: string, ticketId: string, entry: TimelineEntryInput): Promise<number> {
  return timelineRepo.insertTimeline(tx, workspaceId, ticketId, {
    ...entry,
    operatorType: entry.operatorType ?? 'system',
    operatorId: entry.operatorId ?? null,
  });
}

/**
 * A timeline row written when the transaction commits, in one statement with the others: for entries
 * recorded by other modules' event handlers (SLA), which nobody reads back before then.
 */
export async function deferTimelineEntry(tx: Sql, workspaceId: string, ticketId: string, entry: TimelineEntryInput): Promise<void> {
  await deferWrite(tx, timelineRepo.deferredTimelineRows, { workspaceId, ticketId, entry: { ...entry, operatorType: entry.operatorType ?? 'system', operatorId: entry.operatorId ?? null } });
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

function defaultAuthorType(actor: Actor): AuthorType {
  if (actor.kind === 'system') return 'system';
  if (actor.kind === 'customer') return 'customer';
  return 'agent';
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
    const authorId = input.authorId !== undefined ? input.authorId : authorType === 'agent' ? actor.userId : null;
    const attachmentIds = [...new Set(input.attachmentIds ?? [])];
    const workspaceId = actor.workspaceId;

    const current = await ctx.requireTicket(tx, actor, ticketId, { forUpdate: true });
    ctx.checkVersion(current, options.ifMatch);
    if (current.status === 'closed') throw new AppError('invalid_state', 'tickets.closed_readonly');
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
    const inserted = await messagesRepo.insertMessage(tx, workspaceId, ticketId, {
      id: messageId,
      kind: input.kind,
      authorType,
      authorId,
      body: input.body,
      isAutoReply: input.isAutoReply ?? false,
      attachmentIds,
      now,
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

    async listMessages(actor: Actor, ticketId: string, options: ListMessagesOptions = {}): Promise<{ items: MessageView[]; nextCursor: string | null }> {
      return listMessagesWith(ctx.db, actor, ticketId, options);
    },

    /** The same on the caller's transaction: event subscribers and timers read on the connection they hold. */
    async listMessagesInTransaction(tx: Sql, actor: Actor, ticketId: string, options: ListMessagesOptions = {}): Promise<{ items: MessageView[]; nextCursor: string | null }> {
      return listMessagesWith(tx, actor, ticketId, options);
    },

    async listTimeline(actor: Actor, ticketId: string, options: { after?: number; limit?: number } = {}): Promise<{ items: TimelineView[]; nextCursor: string | null }> {
      assertCan(actor, 'tickets.read');
      await ctx.requireTicket(ctx.db, actor, ticketId);
      const limit = Math.min(Math.max(options.limit ?? 200, 1), 500);
      const rows = await timelineRepo.selectTimeline(ctx.db, actor.workspaceId, ticketId, { afterId: options.after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const names = await ctx.lookupNames(actor.workspaceId, page.filter((r) => r.operatorType === 'user').map((r) => r.operatorId), []);
      return {
        items: page.map((row) => ({
          id: row.id,
          at: row.at,
          stage: row.stage,
          kind: row.kind,
          operator: {
            type: row.operatorType,
            id: row.operatorId,
            name: row.operatorType === 'user' && row.operatorId ? (names.users.get(row.operatorId)?.name ?? null) : null,
          },
          changes: row.changes,
          messageId: row.messageId,
          attachmentIds: row.attachmentIds,
          content: row.content,
          nextStep: row.nextStep,
          details: row.details,
        })),
        nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  };
}
