/**
 * The bot answers new e-mail tickets when the workspace turned e-mail auto-replies on. The `ticket.created`
 * subscriber only queues the question (inside the delivery transaction nothing may call out); a loop answers
 * outside any transaction — the answer may call the provider — and, when the bot is sure enough, writes its answer
 * as a bot reply on the ticket, which the e-mail channel sends with its template. An auto-reply or a ticket a
 * person already answered is never answered by the bot.
 */
import { systemActor } from '../../platform/actor.ts';
import { translate } from '../../platform/i18n.ts';
import type { KbLocale } from '../../contracts/kb.ts';
import { ticketsOutbox } from '../tickets/index.ts';
import type { Responder } from './bot.answer.ts';
import type { BotDeps } from './bot.context.ts';
import * as repo from './bot.repository.ts';
import * as answers from './email-answers.repository.ts';

const QUESTION_CHARS = 2000;
const LEASE_MS = 120_000;
const MAX_TRIES = 5;
const BATCH = 10;

/** Mail in Chinese gets the Chinese articles first; anything else the English ones. */
export const questionLocale = (text: string): KbLocale => (/[\u3400-\u9fff]/.test(text) ? 'zh-CN' : 'en');

export function createEmailAnswers(deps: BotDeps, responder: Responder) {
  const subscriber = ticketsOutbox.subscriber({
    name: 'bot.email-answer',
    types: ['ticket.created'],
    async handle(event, tx) {
      const ticket = event.payload;
      if (ticket.channel !== 'email' || !ticket.firstMessageId) return;
      const settings = await repo.selectSettings(tx, event.workspaceId);
      if (!settings.isEnabled || !settings.emailAutoReply) return;
      const { items } = await deps.tickets.listMessagesInTransaction(tx, systemActor(event.workspaceId), ticket.ticketId, { limit: 1 });
      const first = items[0];
      if (!first || first.authorType !== 'customer' || first.isAutoReply) return;
      const question = `${ticket.subject}\n${first.body}`.slice(0, QUESTION_CHARS);
      await answers.insertEmailAnswer(tx, event.workspaceId, { ticketId: ticket.ticketId, question, at: deps.clock.now() });
    },
  });

  async function answerOne(queued: answers.QueuedEmailAnswer): Promise<void> {
    const { workspaceId, ticketId, question } = queued;
    const locale = questionLocale(question);
    const reply = await responder.reply(deps.db, { workspaceId, message: question, locale, pendingIntentId: null }, { t: (key, params) => translate(locale, key, params) });
    await deps.db.transaction(async (tx) => {
      const system = systemActor(workspaceId);
      const { items } = await deps.tickets.listMessagesInTransaction(tx, system, ticketId, { kind: 'reply', limit: 50 });
      const personAnswered = items.some((message) => message.authorType === 'agent' || message.authorType === 'bot');
      if (reply.outcome !== 'answered' || personAnswered) {
        await answers.finishEmailAnswer(tx, workspaceId, ticketId, { status: 'not_answered', articleId: reply.articleId, confidence: reply.confidence }, deps.clock.now());
        return;
      }
      await deps.tickets.addMessageInTransaction(tx, system, ticketId, { kind: 'reply', body: reply.answer, authorType: 'bot', deliveryStatus: 'pending' });
      await answers.finishEmailAnswer(tx, workspaceId, ticketId, { status: 'answered', articleId: reply.articleId, confidence: reply.confidence }, deps.clock.now());
    });
  }

  return {
    subscriber,

    /** Answers the queued questions that are due; returns how many it took. */
    async answerPendingEmails(): Promise<number> {
      const claimed = await answers.claimEmailAnswers(deps.db, deps.clock.now(), LEASE_MS, BATCH);
      for (const queued of claimed) {
        try {
          await answerOne(queued);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          deps.logger?.warn({ err: error, ticketId: queued.ticketId, attempts: queued.attempts }, 'the bot could not answer an e-mail ticket');
          if (queued.attempts >= MAX_TRIES) await answers.finishEmailAnswer(deps.db, queued.workspaceId, queued.ticketId, { status: 'failed', error: message }, deps.clock.now());
          else await answers.releaseEmailAnswer(deps.db, queued.workspaceId, queued.ticketId, message, new Date(deps.clock.now().getTime() + 30_000 * queued.attempts));
        }
      }
      return claimed.length;
    },

    /** What became of a ticket's question: for the ticket's bot panel and for tests. */
    emailAnswerOf: (workspaceId: string, ticketId: string) => answers.selectEmailAnswer(deps.db, workspaceId, ticketId),
  };
}
