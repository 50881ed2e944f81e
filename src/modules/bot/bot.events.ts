import { typedOutbox } from '../../platform/outbox.ts';
import type { BotOutcome, Sentiment } from '../../contracts/kb.ts';

/** Events of the bot and triage, written in the same transaction as the change. */
export const BOT_EVENTS = {
  answered: 'bot.answered',
  triagePredicted: 'triage.predicted',
} as const;

export interface BotAnsweredPayload {
  conversationId: string;
  turnId: string;
  outcome: BotOutcome;
  articleId: string | null;
  intentId: string | null;
  confidence: number;
  /** The ticket a hand-off created. */
  ticketNumber: string | null;
}

/**
 * Triage's predictions for a new ticket, for automation conditions (aggregate `ticket`, so rules see it in the
 * ticket's order of events). A field without a trained model is null.
 */
export interface TriagePredictedPayload {
  ticketId: string;
  type: string | null;
  typeConfidence: number | null;
  priority: string | null;
  priorityConfidence: number | null;
  sentiment: Sentiment;
  sentimentConfidence: number;
  modelVersion: number | null;
}

export interface BotEventPayloads {
  'bot.answered': BotAnsweredPayload;
  'triage.predicted': TriagePredictedPayload;
}

export const botOutbox = typedOutbox<BotEventPayloads>();
