/**
 * What agents do in the chat console: see the queue and their chats, accept within their capacity, answer,
 * transfer, end; keep their presence; manage canned replies and the workspace's chat settings.
 */
import { assertCan, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { conversationEnded, conversationNotFound, fieldError, type ChatContext } from './chat.context.ts';
import { CHAT_AGGREGATE, CHAT_EVENTS, chatOutbox } from './chat.events.ts';
import * as repo from './chat.repository.ts';
import type { PostInput, VisitorOps } from './chat.visitor.ts';

export interface ConversationSummary {
  id: string;
  status: repo.ChatStatus;
  visitorName: string;
  visitorEmail: string | null;
  visitorPhone: string | null;
  locale: string;
  ticketId: string;
  ticketNumber: string;
  customerId: string;
  agentId: string | null;
  lastSeq: number;
  agentReadSeq: number;
  visitorReadSeq: number;
  createdAt: Date;
  queuedAt: Date | null;
  acceptedAt: Date | null;
  endedAt: Date | null;
}

const summaryOf = (record: repo.ConversationRecord): ConversationSummary => {
  const { tokenHash: _hidden, ...summary } = record;
  return summary;
};

const RECENTLY_ENDED_MS = 2 * 3_600_000;

export function createAgentOps(ctx: ChatContext, visitor: VisitorOps) {
  const { db, clock } = ctx;

  async function requireConversation(actor: Actor, id: string) {
    const conversation = isUuid(id) ? await repo.selectConversation(db, actor.workspaceId, id) : undefined;
    if (!conversation) throw conversationNotFound();
    return conversation;
  }

  /**
   * Takes a seat of the agent's capacity inside the transaction (serialised per agent across nodes). The capacity
   * is read before the transaction: the port may read on its own connection (the embedded database has one).
   */
  async function claimSeat(tx: Parameters<typeof repo.lockAgentSeats>[0], workspaceId: string, agentId: string, capacity: number, messageKey: string) {
    await repo.lockAgentSeats(tx, workspaceId, agentId);
    if ((await repo.countActiveOfAgent(tx, workspaceId, agentId)) >= capacity) throw new AppError('conflict', messageKey, { params: { capacity } });
  }

  const ops = {
    async listConsoleConversations(actor: Actor): Promise<ConversationSummary[]> {
      assertCan(actor, 'tickets.write');
      const rows = await repo.selectConsoleConversations(db, actor.workspaceId, actor.userId ?? '00000000-0000-0000-0000-000000000000', new Date(clock.now().getTime() - RECENTLY_ENDED_MS));
      return rows.map(summaryOf);
    },

    /** The conversation with its messages and the customer beside it (their other recent tickets). */
    async getConversationDetail(actor: Actor, id: string) {
      assertCan(actor, 'tickets.write');
      const conversation = await requireConversation(actor, id);
      const [messages, customer, recent] = await Promise.all([
        repo.selectMessagesAfter(db, actor.workspaceId, conversation.id, 0, 1000),
        ctx.customers.getCustomer(actor, conversation.customerId).catch(() => null),
        ctx.tickets.listTickets(actor, { customer: conversation.customerId, limit: 6, sort: 'created_at', order: 'desc' }),
      ]);
      return {
        conversation: summaryOf(conversation),
        messages,
        customer: customer ? { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone, organization: customer.organization, tags: customer.tags } : null,
        recentTickets: recent.items
          .filter((ticket) => ticket.id !== conversation.ticketId)
          .slice(0, 5)
          .map((ticket) => ({ id: ticket.id, number: ticket.number, subject: ticket.subject, status: ticket.status, createdAt: ticket.createdAt })),
      };
    },

    async acceptConversation(actor: Actor, id: string): Promise<ConversationSummary> {
      assertCan(actor, 'tickets.write');
      const agentId = actor.userId;
      if (!agentId) throw new AppError('forbidden', 'errors.forbidden', { params: { action: 'chat.accept' } });
      const agentName = await visitor.agentNameOf(actor.workspaceId, agentId);
      const capacity = await ctx.capacityOf(actor.workspaceId, agentId);
      return db.transaction(async (tx) => {
        await claimSeat(tx, actor.workspaceId, agentId, capacity, 'chat.at_capacity');
        const current = isUuid(id) ? await repo.selectConversation(tx, actor.workspaceId, id, true) : undefined;
        if (!current) throw conversationNotFound();
        if (current.status !== 'queued' && current.status !== 'bot') throw new AppError('conflict', 'chat.not_queued');
        const now = clock.now();
        await visitor.setStatus(tx, actor.workspaceId, current, { status: 'active', agentId, acceptedAt: now }, agentName);
        await chatOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type: CHAT_EVENTS.accepted, aggregateType: CHAT_AGGREGATE, aggregateId: current.id, actorId: agentId, payload: { conversationId: current.id, ticketId: current.ticketId, agentId } });
        await ctx.audit.record(tx, actor, { action: 'chat.accepted', entityType: 'chat_conversation', entityId: current.id, details: {} });
        return summaryOf({ ...current, status: 'active', agentId, acceptedAt: now });
      });
    },

    async transferConversation(actor: Actor, id: string, toAgentId: string): Promise<ConversationSummary> {
      assertCan(actor, 'tickets.write');
      const [target] = isUuid(toAgentId) ? await ctx.identity.getUsersByIds(actor.workspaceId, [toAgentId]) : [];
      if (!target || !target.isActive || target.role === 'analyst') throw fieldError('agentId', 'chat.unknown_agent');
      const capacity = await ctx.capacityOf(actor.workspaceId, target.id);
      return db.transaction(async (tx) => {
        await claimSeat(tx, actor.workspaceId, target.id, capacity, 'chat.target_at_capacity');
        const current = isUuid(id) ? await repo.selectConversation(tx, actor.workspaceId, id, true) : undefined;
        if (!current) throw conversationNotFound();
        if (current.status !== 'active') throw current.status === 'ended' ? conversationEnded() : new AppError('conflict', 'chat.not_queued');
        if (current.agentId !== actor.userId && actor.role !== 'admin' && actor.role !== 'supervisor') throw new AppError('forbidden', 'chat.not_yours');
        const locale = current.locale === 'zh-CN' ? 'zh-CN' : 'en';
        await visitor.append(tx, actor.workspaceId, current.id, { authorType: 'system', authorId: null, body: translate(locale, 'chat.transferred', { name: target.name }), attachments: [], clientId: null });
        // The old holder hears the change too: every console is told that the list changed.
        await visitor.setStatus(tx, actor.workspaceId, current, { agentId: target.id }, target.name);
        await chatOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type: CHAT_EVENTS.transferred, aggregateType: CHAT_AGGREGATE, aggregateId: current.id, actorId: actor.userId, payload: { conversationId: current.id, ticketId: current.ticketId, agentId: target.id, fromAgentId: current.agentId } });
        await ctx.audit.record(tx, actor, { action: 'chat.transferred', entityType: 'chat_conversation', entityId: current.id, details: { from: current.agentId, to: target.id } });
        return summaryOf({ ...current, agentId: target.id });
      });
    },

    async endConversation(actor: Actor, id: string): Promise<ConversationSummary> {
      assertCan(actor, 'tickets.write');
      return db.transaction(async (tx) => {
        const current = isUuid(id) ? await repo.selectConversation(tx, actor.workspaceId, id, true) : undefined;
        if (!current) throw conversationNotFound();
        if (current.status === 'ended') return summaryOf(current);
        if (current.agentId !== actor.userId && actor.role !== 'admin' && actor.role !== 'supervisor') throw new AppError('forbidden', 'chat.not_yours');
        const locale = current.locale === 'zh-CN' ? 'zh-CN' : 'en';
        const now = clock.now();
        await visitor.append(tx, actor.workspaceId, current.id, { authorType: 'system', authorId: null, body: translate(locale, 'chat.ended_by_agent'), attachments: [], clientId: null });
        await visitor.setStatus(tx, actor.workspaceId, current, { status: 'ended', endedAt: now });
        await chatOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type: CHAT_EVENTS.ended, aggregateType: CHAT_AGGREGATE, aggregateId: current.id, actorId: actor.userId, payload: { conversationId: current.id, ticketId: current.ticketId, agentId: current.agentId, endedBy: 'agent' } });
        await ctx.audit.record(tx, actor, { action: 'chat.ended', entityType: 'chat_conversation', entityId: current.id, details: {} });
        return summaryOf({ ...current, status: 'ended', endedAt: now });
      });
    },

    /**
     * The holder's message: stored and announced before it is acknowledged. The statement that stores it checks
     * that the chat is open and held by this agent; the conversation is read only when it refuses, to say why.
     */
    async postAgentMessage(actor: Actor, id: string, input: PostInput): Promise<repo.MessageRecord> {
      assertCan(actor, 'tickets.write');
      if (!actor.userId || !isUuid(id)) throw conversationNotFound();
      const attachments = await repo.selectAttachments(db, actor.workspaceId, id, input.attachmentIds ?? []);
      if (attachments.length !== new Set(input.attachmentIds ?? []).size) throw fieldError('attachmentIds', 'chat.unknown_attachment');
      const holderId = actor.userId;
      const appended = await visitor.append(db, actor.workspaceId, id, { authorType: 'agent', authorId: holderId, body: input.text, attachments, clientId: input.clientId }, { holderId, standalone: true });
      if (appended) {
        await visitor.announceStored(actor.workspaceId, id, appended);
        return appended.message;
      }
      const conversation = await requireConversation(actor, id);
      if (conversation.status === 'ended') throw conversationEnded();
      throw new AppError('forbidden', 'chat.not_yours');
    },

    async markReadByAgent(actor: Actor, id: string, seq: number): Promise<void> {
      assertCan(actor, 'tickets.write');
      const conversation = await requireConversation(actor, id);
      if (conversation.agentId !== actor.userId) return;
      await visitor.markRead(actor.workspaceId, conversation, 'agent', seq);
    },

    async announceAgentTyping(actor: Actor, id: string, on: boolean): Promise<void> {
      const conversation = await requireConversation(actor, id);
      if (conversation.agentId !== actor.userId || conversation.status !== 'active') return;
      await visitor.announceTyping(actor.workspaceId, conversation, 'agent', on);
    },

    async setPresence(actor: Actor, status: repo.PresenceStatus): Promise<{ status: repo.PresenceStatus }> {
      assertCan(actor, 'tickets.write');
      if (!actor.userId) throw new AppError('forbidden', 'errors.forbidden', { params: { action: 'chat.presence' } });
      await repo.upsertPresence(db, actor.workspaceId, actor.userId, status, clock.now());
      // Waits change with who is online.
      await repo.announce(db, { w: actor.workspaceId, k: 'queue' });
      return { status };
    },

    async getPresence(actor: Actor): Promise<{ status: repo.PresenceStatus; capacity: number; active: number }> {
      assertCan(actor, 'tickets.write');
      const userId = actor.userId ?? '';
      const [presence, capacity, active] = await Promise.all([
        actor.userId ? repo.selectPresence(db, actor.workspaceId, userId) : undefined,
        actor.userId ? ctx.capacityOf(actor.workspaceId, userId) : 0,
        actor.userId ? repo.countActiveOfAgent(db, actor.workspaceId, userId) : 0,
      ]);
      return { status: presence?.status ?? 'offline', capacity, active };
    },

    /** Consoles still connected on this node say so; a node that died stops saying it and its agents drop out. */
    async touchPresence(workspaceId: string, userIds: readonly string[]): Promise<void> {
      await repo.touchPresence(db, workspaceId, userIds, clock.now());
    },

    async listCannedReplies(actor: Actor) {
      assertCan(actor, 'tickets.write');
      return repo.selectCannedReplies(db, actor.workspaceId);
    },

    async createCannedReply(actor: Actor, input: { title: string; body: string }) {
      assertCan(actor, 'settings.manage');
      const record = { id: newId(), title: input.title, body: input.body, createdAt: clock.now() };
      await db.transaction(async (tx) => {
        await repo.insertCannedReply(tx, actor.workspaceId, record);
        await ctx.audit.record(tx, actor, { action: 'chat.canned_created', entityType: 'chat_canned_reply', entityId: record.id, details: { title: input.title } });
      });
      return record;
    },

    async deleteCannedReply(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        if (!isUuid(id) || !(await repo.deleteCannedReply(tx, actor.workspaceId, id))) throw new AppError('not_found', 'chat.canned_not_found');
        await ctx.audit.record(tx, actor, { action: 'chat.canned_deleted', entityType: 'chat_canned_reply', entityId: id, details: {} });
      });
    },

    async getSettings(actor: Actor): Promise<repo.ChatSettingsRecord> {
      assertCan(actor, 'tickets.read');
      return repo.selectSettings(db, actor.workspaceId);
    },

    async updateSettings(actor: Actor, patch: Partial<repo.ChatSettingsRecord>): Promise<repo.ChatSettingsRecord> {
      assertCan(actor, 'settings.manage');
      if (patch.calendarId) {
        const calendar = isUuid(patch.calendarId) ? await ctx.sla.getCalendar(actor, patch.calendarId).catch(() => undefined) : undefined;
        if (!calendar) throw fieldError('calendarId', 'chat.unknown_calendar');
      }
      return db.transaction(async (tx) => {
        const settings = { ...(await repo.selectSettings(tx, actor.workspaceId)), ...patch };
        await repo.upsertSettings(tx, actor.workspaceId, settings, clock.now());
        await ctx.audit.record(tx, actor, { action: 'chat.settings_updated', entityType: 'workspace', entityId: actor.workspaceId, details: { ...patch } });
        await repo.announce(tx, { w: actor.workspaceId, k: 'queue' });
        return settings;
      });
    },
  };
  return ops;
}
