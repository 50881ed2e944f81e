import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type MutationFeedback } from '../../shared/index.ts';
import { routingApi, type AgentCapacityInput, type TeamRoutingInput, type TransferInput } from './api.ts';

// Ticket events invalidate every `routing` query (see shared/realtime.tsx): queues and loads follow assignments live.
export const routingKeys = {
  all: ['routing'] as const,
  teams: ['routing', 'teams'] as const,
  agents: ['routing', 'agents'] as const,
  queues: ['routing', 'queues'] as const,
  queue: (teamId: string) => ['routing', 'queue', teamId] as const,
};

export function useTeamRouting() {
  return useQuery({ queryKey: routingKeys.teams, queryFn: () => routingApi.teams().then((r) => r.items) });
}

export function useRoutingAgents() {
  return useQuery({ queryKey: routingKeys.agents, queryFn: () => routingApi.agents().then((r) => r.items) });
}

export function useQueues() {
  return useQuery({ queryKey: routingKeys.queues, queryFn: () => routingApi.queues().then((r) => r.items) });
}

export function useQueue(teamId: string | undefined) {
  return useQuery({ queryKey: routingKeys.queue(teamId ?? ''), queryFn: () => routingApi.queue(teamId!), enabled: Boolean(teamId) });
}

export function useSaveTeamRouting(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: ({ teamId, ...body }: TeamRoutingInput & { teamId: string }) => routingApi.setTeam(teamId, body), invalidates: [routingKeys.all, ['tickets']] },
    { success: 'common.saved', ...feedback },
  );
}

export function useSaveAgentCapacity(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: ({ userId, ...body }: AgentCapacityInput & { userId: string }) => routingApi.setAgent(userId, body), invalidates: [routingKeys.all, ['identity']] },
    { success: 'routing.capacitySaved', ...feedback },
  );
}

export function useTransferTicket(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: ({ ticketId, ...body }: TransferInput & { ticketId: string }) => routingApi.transfer(ticketId, body), invalidates: [routingKeys.all, ['tickets']] },
    { success: 'common.saved', ...feedback },
  );
}
