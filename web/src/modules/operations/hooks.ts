import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type MutationFeedback } from '../../shared/index.ts';
import { operationsApi, type DeadDelivery, type DeadTimer } from './api.ts';

export const operationsKeys = {
  deadLetters: ['operations', 'dead-letters'] as const,
};

/** Refreshed while the screen is open: a retried delivery that fails again comes back after its attempts. */
export function useDeadLetters() {
  return useQuery({ queryKey: operationsKeys.deadLetters, queryFn: operationsApi.deadLetters, refetchInterval: 15_000 });
}

// ---- changes ----

export function useRetryDelivery(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: (delivery: Pick<DeadDelivery, 'eventId' | 'subscriber'>) => operationsApi.retryDelivery({ eventId: delivery.eventId, subscriber: delivery.subscriber }), invalidates: [operationsKeys.deadLetters], refetchOnError: true },
    { success: 'operations.requeued', ...feedback },
  );
}

export function useRetryTimer(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: (timer: Pick<DeadTimer, 'key'>) => operationsApi.retryTimer({ key: timer.key }), invalidates: [operationsKeys.deadLetters], refetchOnError: true },
    { success: 'operations.requeued', ...feedback },
  );
}

export function useRetryAll(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: () => operationsApi.retryAll(), invalidates: [operationsKeys.deadLetters] }, { success: 'operations.requeuedAll', ...feedback });
}
