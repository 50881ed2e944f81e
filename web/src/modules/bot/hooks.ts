import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type MutationFeedback } from '../../shared/index.ts';
import { botApi, type BotSettingsUpdate, type IntentInput } from './api.ts';

export const botKeys = {
  all: ['bot'] as const,
  settings: ['bot', 'settings'] as const,
  intents: ['bot', 'intents'] as const,
  metrics: ['bot', 'metrics'] as const,
  training: ['bot', 'training'] as const,
  prediction: (ticketId: string) => ['bot', 'prediction', ticketId] as const,
};

export const useBotSettings = () => useQuery({ queryKey: botKeys.settings, queryFn: botApi.settings });
export const useIntents = () => useQuery({ queryKey: botKeys.intents, queryFn: botApi.intents });
export const useBotMetrics = () => useQuery({ queryKey: botKeys.metrics, queryFn: botApi.metrics });
/** The training run's progress, polled every second while it runs. */
export const useTraining = () =>
  useQuery({ queryKey: botKeys.training, queryFn: botApi.training, refetchInterval: (query) => (query.state.data?.run && (query.state.data.run.status === 'queued' || query.state.data.run.status === 'running') ? 1000 : false) });
export const usePrediction = (ticketId: string) => useQuery({ queryKey: botKeys.prediction(ticketId), queryFn: () => botApi.prediction(ticketId) });

export function useUpdateBotSettings(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (body: BotSettingsUpdate) => botApi.updateSettings(body), update: (client, settings) => client.setQueryData(botKeys.settings, settings) }, { success: 'common.saved', ...feedback });
}

export function useCreateIntent(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (body: IntentInput) => botApi.createIntent(body), invalidates: [botKeys.intents] }, { success: 'common.saved', ...feedback });
}

export function useDeleteIntent(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => botApi.deleteIntent(id), invalidates: [botKeys.intents] }, { success: 'common.deleted', ...feedback });
}

export function useTrainTriage(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: () => botApi.train(), invalidates: [botKeys.training] }, feedback);
}

export function useTryBot(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (text: string) => botApi.tryBot(text) }, { inline: true, ...feedback });
}
