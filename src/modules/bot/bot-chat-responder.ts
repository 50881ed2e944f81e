/**
 * The bot behind the chat's responder seam: it answers from articles and intents as in its own widget, and a
 * request for a person (or an unsure answer) hands the chat to the queue. The chat keeps the transcript and the
 * ticket; the bot records its turns under the chat's id, so its metrics count chats too.
 */
import type { ChatResponder } from '../chat/index.ts';
import type { BotService } from './bot.service.ts';

export function botChatResponder(bot: Pick<BotService, 'answerChatMessage'>): ChatResponder {
  return {
    async respond({ workspaceId, conversationId, text, locale }) {
      const reply = await bot.answerChatMessage({ workspaceId, conversationId, text, locale });
      if (reply.outcome === 'handoff') return { kind: 'handoff' };
      if (reply.outcome === 'suggested') return { kind: 'reply', text: [reply.answer, ...reply.suggestions.map((item) => `• ${item.title}`)].join('\n') };
      return { kind: 'reply', text: reply.answer };
    },
  };
}
