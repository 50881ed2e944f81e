import type { z } from 'zod';
import type { DeadLettersSchema, RequeuedSchema, RetryDeliveryBody, RetryTimerBody } from '../../../../src/modules/operations/index.ts';
import { api, type Wire } from '../../shared/index.ts';

// The server's route schemas as JSON (type-only: nothing of the server is bundled).
export type DeadLetters = Wire<z.infer<typeof DeadLettersSchema>>;
export type DeadDelivery = DeadLetters['deliveries'][number];
export type DeadTimer = DeadLetters['timers'][number];
export type Requeued = z.infer<typeof RequeuedSchema>;

export const operationsApi = {
  deadLetters: () => api.get<DeadLetters>('/api/v1/operations/dead-letters'),
  retryDelivery: (body: z.input<typeof RetryDeliveryBody>) => api.post<Requeued>('/api/v1/operations/dead-letters/deliveries/retry', body),
  retryTimer: (body: z.input<typeof RetryTimerBody>) => api.post<Requeued>('/api/v1/operations/dead-letters/timers/retry', body),
  retryAll: () => api.post<Requeued>('/api/v1/operations/dead-letters/retry-all', {}),
};
