import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type MutationFeedback } from '../../shared/index.ts';
import { collaborationApi, type NewSubtask, type SubtaskCancellation, type SubtaskCompletion, type SubtaskQuery, type SubtaskUpdate, type TargetInput } from './api.ts';

// Sub-task events (aggregate `department`) invalidate every `collaboration` query and the tickets' (the timeline).
export const collaborationKeys = {
  all: ['collaboration'] as const,
  ofTicket: (ticketId: string) => ['collaboration', 'ticket', ticketId] as const,
  list: (query: SubtaskQuery) => ['collaboration', 'list', query] as const,
  detail: (id: string) => ['collaboration', 'detail', id] as const,
  targets: ['collaboration', 'targets'] as const,
};

export function useTicketSubtasks(ticketId: string) {
  return useQuery({ queryKey: collaborationKeys.ofTicket(ticketId), queryFn: () => collaborationApi.ofTicket(ticketId) });
}

export function useSubtasks(query: SubtaskQuery) {
  return useQuery({ queryKey: collaborationKeys.list(query), queryFn: () => collaborationApi.list(query).then((page) => page.items) });
}

export function useSubtask(id: string | undefined) {
  return useQuery({ queryKey: collaborationKeys.detail(id ?? ''), queryFn: () => collaborationApi.get(id!), enabled: Boolean(id) });
}

export function useSubtaskTargets() {
  return useQuery({ queryKey: collaborationKeys.targets, queryFn: () => collaborationApi.targets().then((r) => r.items) });
}

// ---- changes ----

export function useCreateSubtask(ticketId: string, feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (body: NewSubtask) => collaborationApi.create(ticketId, body), invalidates: [collaborationKeys.all, ['tickets']] }, { success: 'collaboration.created', ...feedback });
}

export function useUpdateSubtask(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: ({ id, ...body }: SubtaskUpdate & { id: string }) => collaborationApi.update(id, body), invalidates: [collaborationKeys.all, ['tickets']] }, { success: 'common.saved', ...feedback });
}

export function useCompleteSubtask(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: ({ id, ...body }: SubtaskCompletion & { id: string }) => collaborationApi.complete(id, body), invalidates: [collaborationKeys.all, ['tickets']] }, { success: 'collaboration.completed', ...feedback });
}

export function useCancelSubtask(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: ({ id, ...body }: SubtaskCancellation & { id: string }) => collaborationApi.cancel(id, body), invalidates: [collaborationKeys.all, ['tickets']] }, { success: 'collaboration.withdrawn', ...feedback });
}

/** Sets a department's target, or removes it when `target` is null. */
export function useSaveSubtaskTarget(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: async ({ departmentId, target }: { departmentId: string; target: TargetInput | null }): Promise<void> => {
        if (target) await collaborationApi.setTarget(departmentId, target);
        else await collaborationApi.removeTarget(departmentId);
      },
      invalidates: [collaborationKeys.targets],
    },
    { success: 'common.saved', ...feedback },
  );
}
