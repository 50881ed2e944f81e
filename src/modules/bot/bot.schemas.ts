/** Response contracts of the bot's API. */
import { z } from 'zod';
import { BOT_OUTCOMES, SENTIMENTS, TRAINING_STATES } from '../../contracts/kb.ts';

export const SettingsSchema = z.object({
  isEnabled: z.boolean(),
  answerThreshold: z.number(),
  suggestThreshold: z.number(),
  calendarId: z.uuid().nullable(),
  greetingEn: z.string(),
  greetingZh: z.string(),
  handoffWords: z.array(z.string()),
  emailAutoReply: z.boolean(),
  providerUrl: z.string().nullable(),
  providerKey: z.string().nullable().describe('Hidden: "••••••••" when one is stored'),
  providerModel: z.string().nullable(),
  embeddingModel: z.string().nullable(),
  useEmbeddings: z.boolean(),
  useDrafts: z.boolean(),
  updatedAt: z.date().nullable(),
});

const LookupSchema = z.object({ url: z.string(), method: z.enum(['GET', 'POST']), headers: z.record(z.string(), z.string()), slotName: z.string(), slotPattern: z.string(), answerEn: z.string(), answerZh: z.string(), askEn: z.string(), askZh: z.string() });
export const IntentSchema = z.object({ id: z.uuid(), name: z.string(), examples: z.array(z.string()), action: z.enum(['reply', 'lookup', 'handoff']), replyEn: z.string(), replyZh: z.string(), lookup: LookupSchema.nullable(), isActive: z.boolean(), createdAt: z.date(), updatedAt: z.date() });

const SuggestionSchema = z.object({ id: z.uuid(), title: z.string(), slug: z.string() });
export const TurnSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  question: z.string(),
  outcome: z.enum(BOT_OUTCOMES),
  answer: z.string(),
  articleId: z.uuid().nullable(),
  intentId: z.uuid().nullable(),
  confidence: z.number(),
  suggestions: z.array(SuggestionSchema),
  ticketNumber: z.string().nullable().describe('The ticket a hand-off created'),
  createdAt: z.date(),
});
export const TryResultSchema = z.object({
  outcome: z.enum(BOT_OUTCOMES),
  answer: z.string().optional(),
  reason: z.string().optional(),
  confidence: z.number(),
  articleId: z.uuid().nullable(),
  intentId: z.uuid().nullable(),
  suggestions: z.array(SuggestionSchema).optional(),
  guess: z.object({ kind: z.enum(['article', 'intent']), id: z.uuid(), title: z.string(), confidence: z.number() }).nullable().optional(),
});
export const MetricsSchema = z.object({
  from: z.date(),
  to: z.date(),
  conversations: z.number().int(),
  handedOff: z.number().int(),
  deflected: z.number().int(),
  deflectionRate: z.number().nullable(),
  handoffRate: z.number().nullable(),
  accuracy: z.number().nullable(),
  helpful: z.number().int(),
  notHelpful: z.number().int(),
  outcomes: z.record(z.string(), z.number()),
  byChannel: z.record(z.enum(['widget', 'portal', 'chat', 'email']), z.object({ conversations: z.number().int(), handedOff: z.number().int(), deflected: z.number().int() })),
});
const RunSchema = z.object({ id: z.uuid(), status: z.enum(TRAINING_STATES), progress: z.number().int(), total: z.number().int(), requestedBy: z.uuid().nullable(), requestedAt: z.date(), startedAt: z.date().nullable(), finishedAt: z.date().nullable(), error: z.string().nullable(), metrics: z.record(z.string(), z.unknown()) });
export const TrainingSchema = z.object({
  run: RunSchema.nullable(),
  model: z.object({ version: z.number().int(), sampleCount: z.number().int(), trainedAt: z.date(), metrics: z.record(z.string(), z.unknown()) }).nullable(),
});
export { RunSchema };
export const PredictionSchema = z.object({
  ticketId: z.uuid(),
  type: z.string().nullable(),
  typeConfidence: z.number().nullable(),
  priority: z.string().nullable(),
  priorityConfidence: z.number().nullable(),
  sentiment: z.enum(SENTIMENTS),
  sentimentConfidence: z.number(),
  modelVersion: z.number().int().nullable(),
  predictedAt: z.date(),
});
