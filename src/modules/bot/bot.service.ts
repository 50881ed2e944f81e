/**
 * The bot: answers customers from published articles and intents (widget, portal), hands off to people with the
 * conversation and its guess, learns from feedback and corrections, reports its metrics; and triage.
 */
import type { Actor } from '../../platform/actor.ts';
import { translate } from '../../platform/i18n.ts';
import { assertCan } from '../identity/index.ts';
import type { KbLocale } from '../../contracts/kb.ts';
import { createResponder, type Reply } from './bot.answer.ts';
import { BotMatchers } from './bot-matcher.ts';
import type { BotDeps } from './bot.context.ts';
import { createChannelTurnOps } from './bot.channel-turns.ts';
import { createConversationOps } from './bot.conversations.ts';
import { createEmailAnswers } from './email-answers.ts';
import * as repo from './bot.repository.ts';
import { createBotSettingsOps } from './bot.settings.ts';
import { createTriageOps } from './triage.service.ts';

export interface BotMetrics {
  from: Date;
  to: Date;
  conversations: number;
  handedOff: number;
  deflected: number;
  /** Conversations the bot settled without a person (an answer or a lookup, no hand-off), of all. */
  deflectionRate: number | null;
  handoffRate: number | null;
  /** Helpful answers of all answers rated. */
  accuracy: number | null;
  helpful: number;
  notHelpful: number;
  outcomes: Record<string, number>;
  /** The same counts per channel: the widget, the portal, live chats and e-mail answers. */
  byChannel: Record<repo.MetricsChannel, { conversations: number; handedOff: number; deflected: number }>;
}

const METRICS_CHANNELS: readonly repo.MetricsChannel[] = ['widget', 'portal', 'chat', 'email'];

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

export function createBotService(deps: BotDeps) {
  const matchers = new BotMatchers();
  const responder = createResponder(deps, matchers);
  const emailAnswers = createEmailAnswers(deps, responder);
  return {
    emailAnswerSubscriber: emailAnswers.subscriber,
    answerPendingEmails: emailAnswers.answerPendingEmails,
    emailAnswerOf: emailAnswers.emailAnswerOf,
    ...createBotSettingsOps(deps),
    ...createConversationOps(deps, responder, matchers),
    ...createChannelTurnOps(deps, responder, matchers),
    ...createTriageOps(deps),

    /** What the bot would answer, without a conversation, a ticket or any record (the admin's try-out box). */
    async tryBot(actor: Actor, input: { text: string; locale?: KbLocale }): Promise<Reply> {
      assertCan(actor, 'bot.manage');
      const locale = input.locale ?? actor.locale;
      return responder.reply(deps.db, { workspaceId: actor.workspaceId, message: input.text, locale, pendingIntentId: null }, { t: (key, params) => translate(locale, key, params) });
    },

    async getBotMetrics(actor: Actor, range: { from?: Date; to?: Date } = {}): Promise<BotMetrics> {
      assertCan(actor, 'kb.read');
      const to = range.to ?? deps.clock.now();
      const from = range.from ?? new Date(to.getTime() - 30 * 86_400_000);
      const { channels, outcomes, feedback } = await repo.selectMetrics(deps.db, actor.workspaceId, from, to);
      const byChannel = Object.fromEntries(METRICS_CHANNELS.map((channel) => [channel, { conversations: 0, handedOff: 0, deflected: 0 }])) as BotMetrics['byChannel'];
      for (const row of channels) {
        const counts = byChannel[row.channel];
        byChannel[row.channel] = { conversations: counts.conversations + row.total, handedOff: counts.handedOff + row.handedOff, deflected: counts.deflected + row.deflected };
      }
      const sum = (field: 'conversations' | 'handedOff' | 'deflected') => METRICS_CHANNELS.reduce((total, channel) => total + byChannel[channel][field], 0);
      const conversations = { total: sum('conversations'), handedOff: sum('handedOff'), deflected: sum('deflected') };
      return {
        from, to, conversations: conversations.total, handedOff: conversations.handedOff, deflected: conversations.deflected,
        deflectionRate: rate(conversations.deflected, conversations.total), handoffRate: rate(conversations.handedOff, conversations.total),
        accuracy: rate(feedback.helpful, feedback.helpful + feedback.notHelpful), helpful: feedback.helpful, notHelpful: feedback.notHelpful, byChannel,
        outcomes: Object.fromEntries(outcomes.map((row) => [row.outcome, row.n])),
      };
    },
  };
}

export type BotService = ReturnType<typeof createBotService>;
