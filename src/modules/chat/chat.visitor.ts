/**
 * What the widget's visitor does: learn whether anyone is there, start a chat (which opens its ticket and finds or
 * creates the customer), send messages (stored, then acknowledged with their seq), mark read, type, upload files,
 * end; or, when nobody is there, leave a message that becomes a ticket. The bot answers first when the workspace
 * turned that on.
 */
import type { Readable } from 'node:stream';
import { systemActor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { translate, type Locale } from '../../platform/i18n.ts';
import { hashToken, isUuid, newId, newSecretToken } from '../../platform/ids.ts';
import { isBusinessTime, type BusinessCalendar } from '../sla/index.ts';
import { estimateWaitSeconds } from './chat-wait.ts';
import type { Announcement, QueuePlace } from './chat-hub.ts';
import { conversationEnded, conversationNotFound, fieldError, HANDLE_WINDOW_MS, PRESENCE_TTL_MS, type ChatContext } from './chat.context.ts';
import { CHAT_AGGREGATE, CHAT_EVENTS, chatOutbox, type ChatMessagePostedPayload } from './chat.events.ts';
import * as repo from './chat.repository.ts';

export interface Availability {
  /** Someone can chat now: within opening hours and an agent online. */
  open: boolean;
  reason: 'closed' | 'no_agent' | null;
  botFirst: boolean;
}

export interface VisitorContacts {
  name: string;
  email?: string;
  phone?: string;
  locale: Locale;
}

export interface PostInput {
  clientId: string;
  text: string;
  attachmentIds?: string[];
}

export function createVisitorOps(ctx: ChatContext) {
  const { db, clock } = ctx;

  async function isWithinHours(workspaceId: string, calendarId: string | null): Promise<boolean> {
    if (!calendarId) return true;
    const calendar = await ctx.sla.getCalendar(systemActor(workspaceId), calendarId).catch(() => undefined);
    return calendar ? isBusinessTime(calendar as unknown as BusinessCalendar, clock.now()) : true;
  }

  async function waitFigures(sql: Sql, workspaceId: string) {
    const now = clock.now().getTime();
    return repo.selectWaitFigures(sql, workspaceId, new Date(now - PRESENCE_TTL_MS), new Date(now - HANDLE_WINDOW_MS));
  }

  /**
   * Appends a message and queues its mirroring onto the ticket. Inside a transaction (`sql` a transaction) the message
   * is announced at commit and its event written with the transaction's others, in order. `standalone` stores a
   * message on its own, `sql` being the database: one statement writes the message and its event and commits them,
   * and the caller announces it after (`announceStored`). Returns undefined when the conversation has ended (or, with
   * `holderId`, is held by someone else).
   */
  async function append(sql: Sql, workspaceId: string, conversationId: string, input: Omit<repo.MessageRecord, 'seq' | 'createdAt' | 'id'>, options: { holderId?: string; standalone?: boolean } = {}) {
    const message = { ...input, id: newId(), createdAt: clock.now() };
    const posted = {
      conversationId, messageId: message.id, authorType: message.authorType, authorId: message.authorId, body: message.body, attachmentIds: message.attachments.map((file) => file.id),
    } satisfies Omit<ChatMessagePostedPayload, 'seq' | 'ticketId' | 'agentId'>;
    const event = options.standalone ? { type: CHAT_EVENTS.messagePosted, aggregateType: CHAT_AGGREGATE, payload: posted } : undefined;
    const appended = await repo.appendMessage(sql, workspaceId, conversationId, message, options.holderId ?? null, event);
    if (!appended?.isNew || options.standalone) return appended;
    await repo.announce(sql, messageAnnouncement(workspaceId, conversationId, appended));
    await chatOutbox.emit(sql, clock, {
      workspaceId, type: CHAT_EVENTS.messagePosted, aggregateType: CHAT_AGGREGATE, aggregateId: conversationId, actorId: message.authorId,
      payload: { ...posted, ticketId: appended.ticketId!, agentId: appended.agentId, seq: appended.message.seq },
    });
    return appended;
  }

  /**
   * A visitor's or agent's message, announced once its transaction committed and before it is acknowledged: an
   * acknowledged message has been heard by every node. A resend recognised by its client id is announced again, so
   * a message stored by a node that died before announcing it still reaches the other side (which drops a seq it
   * has seen).
   */
  async function announceStored(workspaceId: string, conversationId: string, appended: repo.AppendedMessage): Promise<void> {
    await db.notify(repo.CHAT_CHANNEL, JSON.stringify(messageAnnouncement(workspaceId, conversationId, appended)));
  }

  async function setStatus(tx: Sql, workspaceId: string, conversation: repo.ConversationRecord, change: Parameters<typeof repo.updateConversation>[3], agentName: string | null = null) {
    await repo.updateConversation(tx, workspaceId, conversation.id, change);
    await repo.announce(tx, { w: workspaceId, c: conversation.id, k: 'state', a: change.agentId !== undefined ? change.agentId : conversation.agentId, status: change.status ?? conversation.status, agentName });
  }

  const ops = {
    append,
    announceStored,
    setStatus,

    async findWorkspace(slug: string) {
      const workspace = await ctx.workspaces.findWorkspaceBySlug(slug);
      if (!workspace) throw conversationNotFound();
      return workspace;
    },

    async getAvailability(workspaceId: string): Promise<Availability> {
      const settings = await repo.selectSettings(db, workspaceId);
      const botFirst = settings.botFirst && ctx.responder() !== undefined;
      if (!(await isWithinHours(workspaceId, settings.calendarId))) return { open: false, reason: 'closed', botFirst };
      const figures = await waitFigures(db, workspaceId);
      return figures.agentsOnline > 0 ? { open: true, reason: null, botFirst } : { open: false, reason: 'no_agent', botFirst };
    },

    /** The place and expected wait of every queued conversation of the workspace. */
    async queuePlaces(workspaceId: string): Promise<Map<string, QueuePlace>> {
      const [queue, figures, settings] = await Promise.all([repo.selectQueue(db, workspaceId), waitFigures(db, workspaceId), repo.selectSettings(db, workspaceId)]);
      const places = new Map<string, QueuePlace>();
      queue.forEach((id, index) => {
        places.set(id, { position: index + 1, waitSeconds: estimateWaitSeconds({ position: index + 1, capacityPerAgent: settings.defaultCapacity, ...figures }) });
      });
      return places;
    },

    /**
     * Starts a chat: the ticket (channel chat, the customer found or created from the contacts) and the conversation
     * in one transaction. With the bot first it starts with the bot; otherwise it joins the queue, which needs
     * someone there.
     */
    async startConversation(workspaceId: string, contacts: VisitorContacts): Promise<{ conversation: repo.ConversationRecord; token: string }> {
      const availability = await ops.getAvailability(workspaceId);
      if (!availability.open && !availability.botFirst) throw new AppError('invalid_state', 'chat.offline');
      const token = newSecretToken('kfc');
      const now = clock.now();
      const conversation = await db.transaction(async (tx) => {
        const workspace = await ctx.workspaces.getWorkspace(workspaceId, tx);
        const ticket = await ctx.tickets.createTicketInTransaction(tx, systemActor(workspaceId), {
          subject: translate(workspace.defaultLocale, 'chat.ticket_subject', { name: contacts.name }),
          customer: { name: contacts.name, ...(contacts.email ? { email: contacts.email } : {}), ...(contacts.phone ? { phone: contacts.phone } : {}) },
          channel: 'chat',
          tags: ['chat'],
        });
        const status = availability.botFirst ? 'bot' : 'queued';
        const record: repo.ConversationRecord = {
          id: newId(), tokenHash: hashToken(token), status, locale: contacts.locale, visitorName: contacts.name, visitorEmail: contacts.email ?? null,
          visitorPhone: contacts.phone ?? null, customerId: ticket.customerId, ticketId: ticket.id, ticketNumber: ticket.number, agentId: null,
          lastSeq: 0, visitorReadSeq: 0, agentReadSeq: 0, createdAt: now, queuedAt: status === 'queued' ? now : null, acceptedAt: null, endedAt: null,
        };
        await repo.insertConversation(tx, workspaceId, record);
        await chatOutbox.emit(tx, clock, { workspaceId, type: CHAT_EVENTS.started, aggregateType: CHAT_AGGREGATE, aggregateId: record.id, payload: { conversationId: record.id, ticketId: ticket.id, agentId: null, status } });
        await repo.announce(tx, { w: workspaceId, c: record.id, k: 'state', a: null, status });
        return record;
      });
      return { conversation, token };
    },

    /** Nobody there: the message becomes a ticket of channel chat, answered later by e-mail or phone. */
    async leaveMessage(workspaceId: string, input: VisitorContacts & { text: string }): Promise<{ ticketNumber: string }> {
      return db.transaction(async (tx) => {
        const workspace = await ctx.workspaces.getWorkspace(workspaceId, tx);
        const ticket = await ctx.tickets.createTicketInTransaction(tx, systemActor(workspaceId), {
          subject: translate(workspace.defaultLocale, 'chat.offline_subject', { name: input.name }),
          description: input.text,
          customer: { name: input.name, ...(input.email ? { email: input.email } : {}), ...(input.phone ? { phone: input.phone } : {}) },
          channel: 'chat',
          tags: ['chat-offline'],
        });
        return { ticketNumber: ticket.number };
      });
    },

    /** The conversation its token opens; a wrong token reads as not found. */
    async authenticate(workspaceId: string, conversationId: string, token: string): Promise<repo.ConversationRecord> {
      const conversation = isUuid(conversationId) ? await repo.selectConversation(db, workspaceId, conversationId) : undefined;
      if (!conversation || conversation.tokenHash !== hashToken(token)) throw conversationNotFound();
      return conversation;
    },

    async getConversation(workspaceId: string, conversationId: string): Promise<repo.ConversationRecord> {
      const conversation = await repo.selectConversation(db, workspaceId, conversationId);
      if (!conversation) throw conversationNotFound();
      return conversation;
    },

    async agentNameOf(workspaceId: string, agentId: string | null): Promise<string | null> {
      if (!agentId) return null;
      const [user] = await ctx.identity.getUsersByIds(workspaceId, [agentId]);
      return user?.name ?? null;
    },

    listMessagesAfter: (workspaceId: string, conversationId: string, afterSeq: number) => repo.selectMessagesAfter(db, workspaceId, conversationId, afterSeq),

    /**
     * The visitor's message, stored and announced before the caller acknowledges it. While the bot holds the chat
     * it answers (after the visitor's message is stored and acknowledged) or hands over to the queue.
     */
    async postVisitorMessage(workspaceId: string, conversation: repo.ConversationRecord, input: PostInput): Promise<{ message: repo.MessageRecord; reply: Promise<void> }> {
      const attachments = await repo.selectAttachments(db, workspaceId, conversation.id, input.attachmentIds ?? []);
      if (attachments.length !== new Set(input.attachmentIds ?? []).size) throw fieldError('attachmentIds', 'chat.unknown_attachment');
      const appended = await append(db, workspaceId, conversation.id, { authorType: 'visitor', authorId: null, body: input.text, attachments, clientId: input.clientId }, { standalone: true });
      if (!appended) throw conversationEnded();
      await announceStored(workspaceId, conversation.id, appended);
      const reply = appended.isNew && conversation.status === 'bot' ? ops.answerWithBot(workspaceId, conversation.id, input.text) : Promise.resolve();
      return { message: appended.message, reply };
    },

    async answerWithBot(workspaceId: string, conversationId: string, text: string): Promise<void> {
      const responder = ctx.responder();
      const conversation = await ops.getConversation(workspaceId, conversationId);
      if (conversation.status !== 'bot') return;
      const locale: 'en' | 'zh-CN' = conversation.locale === 'zh-CN' ? 'zh-CN' : 'en';
      const answer = responder ? await responder.respond({ workspaceId, conversationId, text, locale }).catch(() => ({ kind: 'handoff' as const })) : { kind: 'handoff' as const };
      await db.transaction(async (tx) => {
        const current = await repo.selectConversation(tx, workspaceId, conversationId, true);
        if (current?.status !== 'bot') return;
        if (answer.kind === 'reply') {
          await append(tx, workspaceId, current.id, { authorType: 'bot', authorId: null, body: answer.text, attachments: [], clientId: null });
          return;
        }
        await append(tx, workspaceId, current.id, { authorType: 'system', authorId: null, body: translate(locale, 'chat.handoff'), attachments: [], clientId: null });
        await setStatus(tx, workspaceId, current, { status: 'queued', queuedAt: clock.now() });
      });
    },

    async markRead(workspaceId: string, conversation: repo.ConversationRecord, side: 'visitor' | 'agent', seq: number): Promise<void> {
      await db.transaction(async (tx) => {
        const readSeq = await repo.raiseReadSeq(tx, workspaceId, conversation.id, side, seq);
        if (readSeq !== undefined) await repo.announce(tx, { w: workspaceId, c: conversation.id, k: 'read', a: conversation.agentId, by: side, seq: readSeq });
      });
    },

    /** Typing is said, not stored. */
    async announceTyping(workspaceId: string, conversation: Pick<repo.ConversationRecord, 'id' | 'agentId'>, from: 'visitor' | 'agent', on: boolean): Promise<void> {
      await repo.announce(db, { w: workspaceId, c: conversation.id, k: 'typing', a: conversation.agentId, from, on });
    },

    async endByVisitor(workspaceId: string, conversationId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const current = await repo.selectConversation(tx, workspaceId, conversationId, true);
        if (!current || current.status === 'ended') return;
        await append(tx, workspaceId, current.id, { authorType: 'system', authorId: null, body: translate(current.locale === 'zh-CN' ? 'zh-CN' : 'en', 'chat.ended_by_visitor'), attachments: [], clientId: null });
        await setStatus(tx, workspaceId, current, { status: 'ended', endedAt: clock.now() });
        await chatOutbox.emit(tx, clock, { workspaceId, type: CHAT_EVENTS.ended, aggregateType: CHAT_AGGREGATE, aggregateId: current.id, payload: { conversationId: current.id, ticketId: current.ticketId, agentId: current.agentId, endedBy: 'visitor' } });
      });
    },

    /** A visitor's file, stored in the tickets attachment store; the ticket's mirrored message will claim it. */
    async uploadVisitorFile(workspaceId: string, conversation: repo.ConversationRecord, file: { filename?: string; data: Uint8Array }): Promise<repo.AttachmentRef> {
      if (conversation.status === 'ended') throw conversationEnded();
      const stored = await ctx.tickets.uploadAttachment(systemActor(workspaceId), file);
      const ref = { id: stored.id, filename: stored.filename, contentType: stored.contentType, sizeBytes: stored.sizeBytes };
      await repo.insertAttachment(db, workspaceId, conversation.id, ref, clock.now());
      return ref;
    },

    /** A file of this conversation, for its visitor or agent. */
    async openFile(workspaceId: string, conversationId: string, attachmentId: string): Promise<{ attachment: { filename: string; contentType: string; sizeBytes: number }; stream: Readable }> {
      const [ref] = isUuid(attachmentId) ? await repo.selectAttachments(db, workspaceId, conversationId, [attachmentId]) : [];
      if (!ref) throw conversationNotFound();
      return ctx.tickets.openAttachment(systemActor(workspaceId), ref.id);
    },
  };
  return ops;
}

export type VisitorOps = ReturnType<typeof createVisitorOps>;

/** What every node hears of a stored message (the agent `a` holding the chat gets it on their console). */
function messageAnnouncement(workspaceId: string, conversationId: string, appended: repo.AppendedMessage): Announcement {
  const { message } = appended;
  return {
    w: workspaceId, c: conversationId, k: 'message', a: appended.agentId,
    m: { seq: message.seq, id: message.id, authorType: message.authorType, authorId: message.authorId, body: message.body, attachments: message.attachments, clientId: message.clientId, createdAt: message.createdAt },
  };
}
