/** One recorded bot turn: the row and its `bot.answered` event, in the caller's transaction. */
import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import type { Reply } from './bot.answer.ts';
import { BOT_EVENTS, botOutbox } from './bot.events.ts';
import * as repo from './bot.repository.ts';

export async function recordTurn(tx: Sql, clock: Clock, workspaceId: string, input: { conversationId: string; question: string; reply: Reply; answer: string; ticketNumber: string | null }): Promise<repo.TurnRecord> {
  const { reply } = input;
  const turn = await repo.insertTurn(tx, workspaceId, {
    id: newId(), conversationId: input.conversationId, question: input.question, outcome: reply.outcome, answer: input.answer, articleId: reply.articleId, intentId: reply.intentId,
    confidence: reply.confidence, suggestions: reply.outcome === 'suggested' ? reply.suggestions : [], createdAt: clock.now(),
  });
  await botOutbox.emit(tx, clock, {
    workspaceId, type: BOT_EVENTS.answered, aggregateType: 'bot_conversation', aggregateId: input.conversationId,
    payload: { conversationId: input.conversationId, turnId: turn.id, outcome: reply.outcome, articleId: reply.articleId, intentId: reply.intentId, confidence: reply.confidence, ticketNumber: input.ticketNumber },
  });
  return turn;
}

/** "Was this helpful" on a turn of the conversation: counted once per answer, and what the bot learns from. */
export async function rateTurnInTransaction(tx: Sql, clock: Clock, workspaceId: string, conversationId: string, turnId: string, helpful: boolean): Promise<void> {
  const turn = isUuid(turnId) ? await repo.selectTurn(tx, workspaceId, conversationId, turnId, true) : undefined;
  if (!turn) throw new AppError('not_found', 'bot.turn_not_found');
  if (turn.feedback !== null) return;
  await repo.setTurnFeedback(tx, workspaceId, turn.id, helpful ? 'helpful' : 'not_helpful');
  const delta = helpful ? { helpful: 1 } : { notHelpful: 1 };
  if (turn.articleId) await repo.addLearning(tx, workspaceId, { type: 'article', id: turn.articleId }, delta, clock.now());
  if (turn.intentId) await repo.addLearning(tx, workspaceId, { type: 'intent', id: turn.intentId }, delta, clock.now());
}

/** The customer wanted a person right after an answer: that answer did not help. */
export async function learnFromHandoff(tx: Sql, clock: Clock, workspaceId: string, last: repo.TurnRecord | undefined): Promise<void> {
  if (last?.outcome === 'answered' && last.articleId) await repo.addLearning(tx, workspaceId, { type: 'article', id: last.articleId }, { handoffs: 1 }, clock.now());
  if (last?.outcome === 'lookup' && last.intentId) await repo.addLearning(tx, workspaceId, { type: 'intent', id: last.intentId }, { handoffs: 1 }, clock.now());
}

/** The line of a hand-off note that says what the bot thought the request was about, for the agent. */
export function guessLine(t: (key: string, params?: Record<string, unknown>) => string, guess: { kind: 'article' | 'intent'; title: string; confidence: number } | null | undefined): string {
  if (!guess) return t('bot.guess.none');
  const confidence = Math.round(guess.confidence * 100);
  return guess.kind === 'article' ? t('bot.guess.article', { title: guess.title, confidence }) : t('bot.guess.intent', { name: guess.title, confidence });
}
