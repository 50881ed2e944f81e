/**
 * The bot answering inside flows other modules own. In the customer portal the bot answers a new request before it
 * becomes a ticket: the customer's "yes, that answered it" settles it without one; a ticket opened after all carries
 * the bot's guess as an internal note. In a live chat the chat keeps the transcript and the queue, and the bot records
 * its turns. Both are conversations of the bot, so its metrics count them beside the widget.
 */
import { systemActor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { translate, type Locale } from '../../platform/i18n.ts';
import { hashToken, isUuid, newId, newSecretToken } from '../../platform/ids.ts';
import type { Reply, Responder } from './bot.answer.ts';
import type { BotMatchers } from './bot-matcher.ts';
import { conversationNotFound, type BotDeps } from './bot.context.ts';
import * as repo from './bot.repository.ts';
import { guessLine, learnFromHandoff, rateTurnInTransaction, recordTurn } from './bot.turns.ts';
import { asksForHuman } from './handoff-words.ts';

export interface PortalBotAnswer {
  conversationId: string;
  /** The customer's proof of the conversation, sent back with the verdict or the ticket. */
  token: string;
  turnId: string;
  outcome: Reply['outcome'];
  answer: string;
  article: { id: string; title: string } | null;
  suggestions: { id: string; title: string; slug: string }[];
}

/** What a ticket opened after the bot's answer gets from the bot, applied inside the ticket's transaction. */
export interface PortalHandoff {
  apply(tx: Sql, ticketId: string): Promise<void>;
}

const textsFor = (locale: Locale) => ({ t: (key: string, params?: Record<string, unknown>) => translate(locale, key, params) });

export function createChannelTurnOps(deps: BotDeps, responder: Responder, matchers: BotMatchers) {
  const { db, clock } = deps;

  async function portalConversation(sql: Sql, workspaceId: string, conversationId: string, token: string, forUpdate = false) {
    const conversation = isUuid(conversationId) ? await repo.selectConversation(sql, workspaceId, conversationId, forUpdate) : undefined;
    if (!conversation || conversation.channel !== 'portal' || conversation.tokenHash !== hashToken(token)) return undefined;
    return conversation;
  }

  /** The internal note for the agent: why the customer still wrote, and what the bot thought it was about. */
  async function handoffNote(workspaceId: string, locale: Locale, last: repo.TurnRecord | undefined): Promise<string> {
    const t = textsFor(locale).t;
    if (!last) return t('bot.guess.none');
    const settings = await repo.selectSettings(db, workspaceId);
    const reason =
      last.outcome === 'answered' || last.outcome === 'lookup'
        ? t('bot.reason.not_helpful')
        : last.outcome === 'suggested'
          ? t('bot.reason.suggestions_declined', { titles: last.suggestions.map((item) => `《${item.title}》`).join(locale === 'zh-CN' ? '、' : ', ') })
          : t(asksForHuman(last.question, settings.handoffWords) ? 'bot.reason.requested' : 'bot.reason.unsure');
    const article = last.articleId ? await deps.kb.getLiveArticle(workspaceId, last.articleId) : undefined;
    const intent = !article && last.intentId ? await matchers.intent(db, workspaceId, last.intentId) : undefined;
    const guess = article ? { kind: 'article' as const, title: article.title } : intent ? { kind: 'intent' as const, title: intent.name } : null;
    return `${reason}\n${guessLine(t, guess && { ...guess, confidence: last.confidence })}`;
  }

  return {
    /** The bot's answer to a new portal request, recorded as a conversation of its own; nothing is handed off yet. */
    async askFromPortal(input: { workspaceId: string; question: string; locale: Locale; name?: string | null; email?: string | null }): Promise<PortalBotAnswer> {
      const reply = await responder.reply(db, { workspaceId: input.workspaceId, message: input.question, locale: input.locale, pendingIntentId: null }, textsFor(input.locale));
      const token = newSecretToken('kfb');
      const conversationId = newId();
      const answer = reply.outcome === 'handoff' ? '' : reply.answer;
      const article = reply.outcome === 'answered' ? await deps.kb.getLiveArticle(input.workspaceId, reply.articleId) : undefined;
      const turn = await db.transaction(async (tx) => {
        await repo.insertConversation(tx, input.workspaceId, {
          id: conversationId, tokenHash: hashToken(token), channel: 'portal', locale: input.locale, visitorName: input.name ?? null, visitorEmail: input.email ?? null,
          status: 'open', pendingIntentId: null, ticketId: null, createdAt: clock.now(),
        });
        return recordTurn(tx, clock, input.workspaceId, { conversationId, question: input.question, reply, answer, ticketNumber: null });
      });
      // A lookup still waiting for its order number cannot ask on a form: the request goes to a person.
      const awaitsSlot = reply.outcome === 'lookup' && reply.pendingIntentId !== null;
      return {
        conversationId, token, turnId: turn.id, outcome: awaitsSlot ? 'handoff' : reply.outcome, answer: awaitsSlot ? '' : answer,
        article: article ? { id: article.id, title: article.title } : null, suggestions: reply.outcome === 'suggested' ? reply.suggestions : [],
      };
    },

    /** The customer's verdict on the portal answer; "yes" ends the request there, as a deflection. */
    async ratePortalAnswer(input: { workspaceId: string; conversationId: string; token: string; turnId: string; helpful: boolean }): Promise<void> {
      await db.transaction(async (tx) => {
        const conversation = await portalConversation(tx, input.workspaceId, input.conversationId, input.token, true);
        if (!conversation) throw conversationNotFound();
        await rateTurnInTransaction(tx, clock, input.workspaceId, conversation.id, input.turnId, input.helpful);
      });
    },

    /**
     * Prepares the hand-off of a portal conversation to the ticket the customer opens after all (read before the
     * ticket's transaction: the embedded database has one connection). Unknown or foreign conversations give none:
     * the ticket is opened all the same.
     */
    async preparePortalHandoff(input: { workspaceId: string; conversationId: string; token: string }): Promise<PortalHandoff | undefined> {
      const conversation = await portalConversation(db, input.workspaceId, input.conversationId, input.token);
      if (!conversation || conversation.status === 'handed_off') return undefined;
      const workspace = await deps.workspaces.getWorkspace(input.workspaceId);
      const last = (await repo.selectTurns(db, input.workspaceId, conversation.id)).at(-1);
      const note = await handoffNote(input.workspaceId, workspace.defaultLocale, last);
      return {
        async apply(tx, ticketId) {
          const current = await portalConversation(tx, input.workspaceId, conversation.id, input.token, true);
          if (!current || current.status === 'handed_off') return;
          const turns = await repo.selectTurns(tx, input.workspaceId, current.id);
          const answered = turns.at(-1);
          // Writing to a person after an answer is a "no" when the customer did not say so themselves.
          if (answered && (answered.outcome === 'answered' || answered.outcome === 'lookup') && answered.feedback === null) {
            await rateTurnInTransaction(tx, clock, input.workspaceId, current.id, answered.id, false);
          }
          await learnFromHandoff(tx, clock, input.workspaceId, answered);
          await deps.tickets.addMessageInTransaction(tx, systemActor(input.workspaceId), ticketId, { kind: 'note', body: note, authorType: 'bot' });
          await repo.updateConversation(tx, input.workspaceId, current.id, { status: 'handed_off', ticketId, pendingIntentId: null }, clock.now());
        },
      };
    },

    /**
     * The bot's turn in a live chat (the chat's conversation id names the bot's record of it): answered, or handed to
     * the chat's queue. The first turn opens the record; a hand-off closes it as handed off.
     */
    async answerChatMessage(input: { workspaceId: string; conversationId: string; text: string; locale: Locale }): Promise<Reply> {
      const { workspaceId, conversationId } = input;
      const known = await repo.selectConversation(db, workspaceId, conversationId);
      const reply = await responder.reply(db, { workspaceId, message: input.text, locale: input.locale, pendingIntentId: known?.pendingIntentId ?? null }, textsFor(input.locale));
      await db.transaction(async (tx) => {
        if (!known) {
          await repo.insertConversationIfAbsent(tx, workspaceId, {
            id: conversationId, tokenHash: hashToken(newSecretToken('kfb')), channel: 'chat', locale: input.locale, visitorName: null, visitorEmail: null,
            status: 'open', pendingIntentId: null, ticketId: null, createdAt: clock.now(),
          });
        }
        const current = (await repo.selectConversation(tx, workspaceId, conversationId, true))!;
        if (reply.outcome === 'handoff') {
          await learnFromHandoff(tx, clock, workspaceId, (await repo.selectTurns(tx, workspaceId, current.id)).at(-1));
          await repo.updateConversation(tx, workspaceId, current.id, { status: 'handed_off', pendingIntentId: null }, clock.now());
        } else {
          await repo.updateConversation(tx, workspaceId, current.id, { pendingIntentId: reply.outcome === 'lookup' ? reply.pendingIntentId : null }, clock.now());
        }
        await recordTurn(tx, clock, workspaceId, { conversationId, question: input.text, reply, answer: reply.outcome === 'handoff' ? '' : reply.answer, ticketNumber: null });
      });
      return reply;
    },
  };
}
