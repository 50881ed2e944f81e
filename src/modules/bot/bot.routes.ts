/** The bot's agent and admin API (mounted under /api/v1): settings, intents, try-out, metrics, corrections, triage. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KB_LOCALES } from '../../contracts/kb.ts';
import { requireActor } from '../../platform/actor.ts';
import { IdParams, OkSchema, text } from '../../platform/validation/index.ts';
import { IntentSchema, MetricsSchema, PredictionSchema, RunSchema, SettingsSchema, TrainingSchema, TryResultSchema, TurnSchema } from './bot.schemas.ts';
import type { BotService } from './bot.service.ts';
import { IntentBody, SettingsBody } from './bot.settings.ts';

const tags = ['bot'];
const TicketParams = z.strictObject({ ticketId: z.uuid() });

export const botRoutes: FastifyPluginAsync<{ bot: BotService }> = async (plugin, { bot }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get('/bot/settings', { schema: { tags, summary: 'Bot settings (admin)', response: { 200: SettingsSchema } } }, async (request) => bot.getBotSettings(requireActor(request)));
  app.patch('/bot/settings', { schema: { tags, summary: 'Change the bot settings (admin); the provider key is kept when sent back hidden', body: SettingsBody, response: { 200: SettingsSchema } } }, async (request) =>
    bot.updateBotSettings(requireActor(request), request.body),
  );
  app.get('/bot/intents', { schema: { tags, summary: 'Intents with their example phrases and actions', response: { 200: z.object({ items: z.array(IntentSchema) }) } } }, async (request) => ({
    items: await bot.listIntents(requireActor(request)),
  }));
  app.post('/bot/intents', { schema: { tags, summary: 'Add an intent', body: IntentBody, response: { 201: IntentSchema } } }, async (request, reply) => reply.status(201).send(await bot.saveIntent(requireActor(request), undefined, request.body)));
  app.put('/bot/intents/:id', { schema: { tags, summary: 'Replace an intent', params: IdParams, body: IntentBody, response: { 200: IntentSchema } } }, async (request) => bot.saveIntent(requireActor(request), request.params.id, request.body));
  app.delete('/bot/intents/:id', { schema: { tags, summary: 'Remove an intent', params: IdParams, response: { 200: OkSchema } } }, async (request) => {
    await bot.deleteIntent(requireActor(request), request.params.id);
    return { ok: true as const };
  });
  app.post('/bot/try', { schema: { tags, summary: 'What the bot would answer (nothing is recorded)', body: z.strictObject({ text: text(1000, 1), locale: z.enum(KB_LOCALES).optional() }), response: { 200: TryResultSchema } } }, async (request) =>
    bot.tryBot(requireActor(request), request.body),
  );
  app.get('/bot/metrics', { schema: { tags, summary: 'Deflection, hand-off rate and answer accuracy from feedback', querystring: z.strictObject({ from: z.coerce.date().optional(), to: z.coerce.date().optional() }), response: { 200: MetricsSchema } } }, async (request) =>
    bot.getBotMetrics(requireActor(request), request.query),
  );
  app.get('/bot/conversations/by-ticket/:ticketId', { schema: { tags, summary: 'The bot conversation a ticket came from', params: TicketParams, response: { 200: z.object({ conversation: z.object({ conversationId: z.uuid(), turns: z.array(TurnSchema) }).nullable() }) } } }, async (request) => ({
    conversation: await bot.getConversationOfTicket(requireActor(request), request.params.ticketId),
  }));
  app.post('/bot/corrections', { schema: { tags, summary: 'On a handed-off ticket: the right answer was this article (or intent); the bot learns it', body: z.strictObject({ ticketId: z.uuid(), articleId: z.uuid().optional(), intentId: z.uuid().optional() }), response: { 200: z.object({ learned: z.number().int() }) } } }, async (request) =>
    bot.correctBot(requireActor(request), request.body),
  );

  app.post('/bot/triage/train', { schema: { tags, summary: 'Retrain triage on the workspace’s tickets (a run already under way is returned)', response: { 202: RunSchema } } }, async (request, reply) =>
    reply.status(202).send(await bot.requestTraining(requireActor(request))),
  );
  app.get('/bot/triage/training', { schema: { tags, summary: 'The latest training run (progress) and the current model', response: { 200: TrainingSchema } } }, async (request) => bot.getTraining(requireActor(request)));
  app.get('/bot/triage/tickets/:ticketId', { schema: { tags, summary: 'Triage’s prediction for a ticket', params: TicketParams, response: { 200: z.object({ prediction: PredictionSchema.nullable() }) } } }, async (request) => ({
    prediction: await bot.getPrediction(requireActor(request), request.params.ticketId),
  }));
};
