/**
 * Conversations with the bot (the widget and the portal): start one, send a message and get the reply, say
 * whether an answer helped. A hand-off creates the ticket with the conversation and the bot's guess, in the same
 * transaction as the turn, and tells the customer when a person will answer (business hours). An agent's
 * correction on that ticket teaches the bot the right answer.
 */
import { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { translate, type Locale } from '../../platform/i18n.ts';
import { hashToken, isUuid, newId, newSecretToken } from '../../platform/ids.ts';
import { assertCan } from '../identity/index.ts';
import { isBusinessTime, nextOpening, type BusinessCalendar } from '../sla/index.ts';
import * as repo from './bot.repository.ts';
import type { Reply, Responder } from './bot.answer.ts';
import type { BotMatchers } from './bot-matcher.ts';
import { conversationNotFound, type BotDeps } from './bot.context.ts';
import { guessLine, learnFromHandoff, rateTurnInTransaction, recordTurn } from './bot.turns.ts';

export const CHANNEL_OF = { widget: 'chat', portal: 'web', email: 'email', chat: 'chat' } as const;
const SUBJECT_CHARS = 60;

export interface TurnView {
  id: string;
  conversationId: string;
  question: string;
  outcome: repo.TurnRecord['outcome'];
  answer: string;
  articleId: string | null;
  intentId: string | null;
  confidence: number;
  suggestions: { id: string; title: string; slug: string }[];
  ticketNumber: string | null;
  createdAt: Date;
}

export const StartBody = z.strictObject({
  locale: z.enum(['zh-CN', 'en']).optional(),
  name: z.string().max(100).optional(),
  email: z.email().max(254).optional(),
});

export function createConversationOps(deps: BotDeps, responder: Responder, matchers: BotMatchers) {
  const { db, clock } = deps;
  const textsFor = (locale: Locale) => ({ t: (key: string, params?: Record<string, unknown>) => translate(locale, key, params) });

  async function workspaceOf(slug: string) {
    const workspace = await deps.workspaces.findWorkspaceBySlug(slug);
    if (!workspace) throw conversationNotFound();
    return workspace;
  }

  async function requireConversation(sql: Sql, workspaceId: string, id: string, token: string, forUpdate = false): Promise<repo.ConversationRecord> {
    const conversation = isUuid(id) ? await repo.selectConversation(sql, workspaceId, id, forUpdate) : undefined;
    if (!conversation || conversation.tokenHash !== hashToken(token)) throw conversationNotFound();
    return conversation;
  }

  /** When a person will answer: now, or the calendar's next opening in the workspace's words. */
  async function openingOf(workspaceId: string, locale: Locale): Promise<string | null> {
    const settings = await repo.selectSettings(db, workspaceId);
    if (!settings.calendarId) return null;
    const calendar = await deps.sla.getCalendar(systemActor(workspaceId), settings.calendarId).catch(() => undefined);
    if (!calendar) return null;
    const now = clock.now();
    if (isBusinessTime(calendar as unknown as BusinessCalendar, now)) return null;
    const at = nextOpening(calendar as unknown as BusinessCalendar, now);
    return new Intl.DateTimeFormat(locale, { timeZone: calendar.timezone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(at);
  }

  function guessText(reply: Extract<Reply, { outcome: 'handoff' }>, locale: Locale): string {
    const t = textsFor(locale).t;
    return `${t(`bot.reason.${reply.reason}`)}\n${guessLine(t, reply.guess)}`;
  }

  /** The ticket for a hand-off: the whole conversation as its description, the bot's guess as an internal note. */
  async function handOff(tx: Sql, workspaceId: string, conversation: repo.ConversationRecord, history: repo.TurnRecord[], question: string, reply: Extract<Reply, { outcome: 'handoff' }>) {
    const workspace = await deps.workspaces.getWorkspace(workspaceId, tx);
    const t = textsFor(workspace.defaultLocale).t;
    const lines = history.flatMap((turn) => [`${t('bot.transcript.customer')}: ${turn.question}`, `${t('bot.transcript.bot')}: ${turn.answer}`]);
    lines.push(`${t('bot.transcript.customer')}: ${question}`);
    const first = history[0]?.question ?? question;
    const system = systemActor(workspaceId);
    const ticket = await deps.tickets.createTicketInTransaction(tx, system, {
      subject: t('bot.ticket_subject', { question: first.length > SUBJECT_CHARS ? `${first.slice(0, SUBJECT_CHARS)}…` : first }).replace(/[\r\n\t]+/g, ' '),
      description: lines.join('\n'),
      customer: { name: conversation.visitorName ?? t('bot.visitor'), ...(conversation.visitorEmail ? { email: conversation.visitorEmail } : {}) },
      channel: CHANNEL_OF[conversation.channel],
      tags: ['bot-handoff'],
    });
    await deps.tickets.addMessageInTransaction(tx, system, ticket.id, { kind: 'note', body: guessText(reply, workspace.defaultLocale), authorType: 'bot' });
    await learnFromHandoff(tx, clock, workspaceId, history.at(-1));
    return ticket;
  }

  async function respond(workspaceId: string, conversation: repo.ConversationRecord, question: string): Promise<TurnView> {
    const reply = await responder.reply(db, { workspaceId, message: question, locale: conversation.locale, pendingIntentId: conversation.pendingIntentId }, textsFor(conversation.locale));
    const opening = reply.outcome === 'handoff' ? await openingOf(workspaceId, conversation.locale) : null;
    // Read before the transaction: the embedded database has one connection, which the transaction holds.
    const earlierTicket = reply.outcome === 'handoff' && conversation.ticketId ? await deps.tickets.getTicket(systemActor(workspaceId), conversation.ticketId).catch(() => undefined) : undefined;
    return db.transaction(async (tx) => {
      const current = (await repo.selectConversation(tx, workspaceId, conversation.id, true))!;
      const history = await repo.selectTurns(tx, workspaceId, conversation.id);
      let answer = reply.outcome === 'handoff' ? '' : reply.answer;
      let ticketNumber: string | null = null;
      if (reply.outcome === 'handoff') {
        // A conversation already handed off keeps its ticket.
        const ticket = current.ticketId && earlierTicket ? earlierTicket : await handOff(tx, workspaceId, current, history, question, reply);
        ticketNumber = ticket.number;
        answer = opening ? translate(conversation.locale, 'bot.handoff_closed', { opening, number: ticket.number }) : translate(conversation.locale, 'bot.handoff_open', { number: ticket.number });
        await repo.updateConversation(tx, workspaceId, conversation.id, { status: 'handed_off', ticketId: ticket.id, pendingIntentId: null }, clock.now());
      } else {
        await repo.updateConversation(tx, workspaceId, conversation.id, { pendingIntentId: reply.outcome === 'lookup' ? reply.pendingIntentId : null }, clock.now());
      }
      const turn = await recordTurn(tx, clock, workspaceId, { conversationId: conversation.id, question, reply, answer, ticketNumber });
      return { ...turn, ticketNumber };
    });
  }

  return {
    async startConversation(workspaceSlug: string, input: z.infer<typeof StartBody> & { channel?: 'widget' | 'portal' }): Promise<{ id: string; token: string; locale: Locale; greeting: string }> {
      const workspace = await workspaceOf(workspaceSlug);
      const locale = input.locale ?? workspace.defaultLocale;
      const token = newSecretToken('kfb');
      const id = newId();
      await repo.insertConversation(db, workspace.id, {
        id, tokenHash: hashToken(token), channel: input.channel ?? 'widget', locale, visitorName: input.name?.trim() || null, visitorEmail: input.email ?? null,
        status: 'open', pendingIntentId: null, ticketId: null, createdAt: clock.now(),
      });
      const settings = await repo.selectSettings(db, workspace.id);
      const greeting = (locale === 'zh-CN' ? settings.greetingZh : settings.greetingEn) || translate(locale, 'bot.greeting');
      return { id, token, locale, greeting };
    },

    async sendMessage(workspaceSlug: string, conversationId: string, input: { token: string; text: string }): Promise<TurnView> {
      const workspace = await workspaceOf(workspaceSlug);
      const conversation = await requireConversation(db, workspace.id, conversationId, input.token);
      return respond(workspace.id, conversation, input.text);
    },

    /** "Was this helpful" on an answer: counted once per answer, and what the bot learns from. */
    async rateTurn(workspaceSlug: string, conversationId: string, turnId: string, input: { token: string; helpful: boolean }): Promise<{ ok: true }> {
      const workspace = await workspaceOf(workspaceSlug);
      await db.transaction(async (tx) => {
        const conversation = await requireConversation(tx, workspace.id, conversationId, input.token);
        await rateTurnInTransaction(tx, clock, workspace.id, conversation.id, turnId, input.helpful);
      });
      return { ok: true };
    },

    /** The bot's conversation behind a ticket it handed off: what was asked and answered. */
    async getConversationOfTicket(actor: Actor, ticketId: string): Promise<{ conversationId: string; turns: TurnView[] } | null> {
      await deps.tickets.getTicket(actor, ticketId);
      const conversation = await repo.selectConversationOfTicket(db, actor.workspaceId, ticketId);
      if (!conversation) return null;
      const turns = await repo.selectTurns(db, actor.workspaceId, conversation.id);
      return { conversationId: conversation.id, turns: turns.map((turn) => ({ ...turn, ticketNumber: null })) };
    },

    /**
     * An agent on a handed-off ticket names the right answer: the customer's questions become phrases that lead to
     * it, and the article the bot wrongly answered with (if any) counts a correction.
     */
    async correctBot(actor: Actor, input: { ticketId: string; articleId?: string; intentId?: string }): Promise<{ learned: number }> {
      assertCan(actor, 'tickets.write');
      await deps.tickets.getTicket(actor, input.ticketId);
      const target = input.articleId ? { type: 'article' as const, id: input.articleId } : input.intentId ? { type: 'intent' as const, id: input.intentId } : undefined;
      if (!target) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'articleId', messageKey: 'validation.required' }] });
      if (target.type === 'article' && !(await deps.kb.getLiveArticle(actor.workspaceId, target.id))) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'articleId', messageKey: 'kb.not_live' }] });
      if (target.type === 'intent' && !(await matchers.intent(db, actor.workspaceId, target.id))) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'intentId', messageKey: 'bot.intent_not_found' }] });
      return db.transaction(async (tx) => {
        const conversation = await repo.selectConversationOfTicket(tx, actor.workspaceId, input.ticketId);
        if (!conversation) throw new AppError('invalid_state', 'bot.no_conversation_for_ticket');
        const turns = await repo.selectTurns(tx, actor.workspaceId, conversation.id);
        const now = clock.now();
        const questions = [...new Set(turns.map((turn) => turn.question.trim()).filter((question) => question.length > 1))];
        for (const question of questions) await repo.insertLearnedPhrase(tx, actor.workspaceId, { id: newId(), targetType: target.type, targetId: target.id, phrase: question.slice(0, 300), createdBy: actor.userId, at: now });
        for (const turn of turns) {
          if (turn.outcome === 'answered' && turn.articleId && turn.articleId !== target.id) await repo.addLearning(tx, actor.workspaceId, { type: 'article', id: turn.articleId }, { corrections: 1 }, now);
        }
        await repo.bumpConfigVersion(tx, actor.workspaceId, now);
        await deps.audit.record(tx, actor, { action: 'bot.corrected', entityType: 'ticket', entityId: input.ticketId, details: { target } });
        return { learned: questions.length };
      });
    },
  };
}
