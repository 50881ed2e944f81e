/** The bot and triage: settings, intents, try-out, metrics, training with progress, a ticket's triage suggestions. */
export { botApi, type BotMetrics, type BotSettings, type Intent, type Training, type TriagePrediction, type TryResult } from './api.ts';
export { botKeys, useBotMetrics, useBotSettings, useCreateIntent, useDeleteIntent, useIntents, usePrediction, useTrainTriage, useTraining, useTryBot, useUpdateBotSettings } from './hooks.ts';
export { TriagePanel } from './components/triage-panel.tsx';
