import './bot.messages.ts';

import { PollingLoop } from '../../platform/background.ts';
import type { KefuModule } from '../../platform/module.ts';
import { ticketsOutbox } from '../tickets/index.ts';
import { botWidgetRoutes } from './bot-widget.routes.ts';
import type { BotDeps } from './bot.context.ts';
import { botRoutes } from './bot.routes.ts';
import { createBotService, type BotService } from './bot.service.ts';

export { createBotService, type BotService, type BotMetrics } from './bot.service.ts';
export type { BotDeps } from './bot.context.ts';
export { BOT_EVENTS, botOutbox, type BotEventPayloads, type BotAnsweredPayload, type TriagePredictedPayload } from './bot.events.ts';
export { MAX_TRAINING_TICKETS } from './triage.service.ts';
export { trainTriage, loadTriage, guess as guessTriageLabel, type TriageSample } from './triage-model.ts';
export type { Reply } from './bot.answer.ts';
export { HIDDEN_KEY } from './bot.settings.ts';
export { botChatResponder } from './bot-chat-responder.ts';
export { botPortalAssistant } from './bot-portal-assistant.ts';
// The contracts, type-only: the web app derives its types from them.
export type { SettingsSchema, IntentSchema, TurnSchema, TryResultSchema, MetricsSchema, TrainingSchema, PredictionSchema } from './bot.schemas.ts';
export type { IntentBody, SettingsBody } from './bot.settings.ts';

/** How often a node looks for a queued triage training run when no request woke it. */
const TRAINING_IDLE_MS = 5_000;
/** How often a node looks for new e-mail tickets the bot should answer. */
const EMAIL_ANSWER_IDLE_MS = 2_000;

/**
 * The bot and triage. Its widget routes live outside /api/v1 (under /api/widget/bot); the `ticket.created`
 * subscribers predict each new ticket and queue new e-mail tickets for an automatic answer; background loops run
 * queued training runs and answer the queued e-mails.
 */
export function createBotModule(deps: BotDeps) {
  const bot = createBotService(deps);
  const trainingLoop = new PollingLoop('triage-training', () => bot.runPendingTraining(), TRAINING_IDLE_MS, deps.logger);
  const emailAnswerLoop = new PollingLoop('bot-email-answers', () => bot.answerPendingEmails(), EMAIL_ANSWER_IDLE_MS, deps.logger);
  deps.tickets.registerDetailExtension('triage', (workspaceId, ticketId) => bot.readPrediction(workspaceId, ticketId));
  // A training request wakes this node's loop at once instead of at its next look.
  const service: BotService = {
    ...bot,
    async requestTraining(...args) {
      const run = await bot.requestTraining(...args);
      trainingLoop.kick();
      return run;
    },
  };
  const module: KefuModule<BotService> = {
    service,
    routes: (app) => botRoutes(app, { bot: service }),
    publicRoutes: (app) => botWidgetRoutes(app, { bot: service }),
    subscribers: [ticketsOutbox.subscriber({ name: 'bot.triage', types: ['ticket.created'], handle: (event, tx) => bot.predictInTransaction(event, tx) }), bot.emailAnswerSubscriber],
    timers: [],
  };
  return { ...module, loops: [trainingLoop, emailAnswerLoop] as readonly PollingLoop[] };
}

export type BotModule = ReturnType<typeof createBotModule>;
