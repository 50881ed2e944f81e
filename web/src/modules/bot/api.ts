import type { z } from 'zod';
import type { IntentBody, IntentSchema, MetricsSchema, PredictionSchema, SettingsBody, SettingsSchema, TrainingSchema, TryResultSchema } from '../../../../src/modules/bot/index.ts';
import { api, type Wire } from '../../shared/index.ts';

export type BotSettings = Wire<z.infer<typeof SettingsSchema>>;
export type BotSettingsUpdate = z.input<typeof SettingsBody>;
export type Intent = Wire<z.infer<typeof IntentSchema>>;
export type IntentInput = z.input<typeof IntentBody>;
export type BotMetrics = Wire<z.infer<typeof MetricsSchema>>;
export type Training = Wire<z.infer<typeof TrainingSchema>>;
export type TriagePrediction = Wire<z.infer<typeof PredictionSchema>>;
export type TryResult = Wire<z.infer<typeof TryResultSchema>>;

export const botApi = {
  settings: () => api.get<BotSettings>('/api/v1/bot/settings'),
  updateSettings: (body: BotSettingsUpdate) => api.patch<BotSettings>('/api/v1/bot/settings', body),
  intents: () => api.get<{ items: Intent[] }>('/api/v1/bot/intents').then((r) => r.items),
  createIntent: (body: IntentInput) => api.post<Intent>('/api/v1/bot/intents', body),
  deleteIntent: (id: string) => api.delete<{ ok: true }>(`/api/v1/bot/intents/${id}`),
  tryBot: (text: string) => api.post<TryResult>('/api/v1/bot/try', { text }),
  metrics: () => api.get<BotMetrics>('/api/v1/bot/metrics'),
  train: () => api.post<Training['run']>('/api/v1/bot/triage/train', {}),
  training: () => api.get<Training>('/api/v1/bot/triage/training'),
  prediction: (ticketId: string) => api.get<{ prediction: TriagePrediction | null }>(`/api/v1/bot/triage/tickets/${ticketId}`).then((r) => r.prediction),
};
