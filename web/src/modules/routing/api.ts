import type { z } from 'zod';
import type { AgentCapacityBody, AgentRoutingSchema, QueueSchema, QueueSummarySchema, TeamRoutingBody, TeamRoutingSchema, TransferBody, TransferResultSchema } from '../../../../src/modules/routing/index.ts';
import { api, type Wire } from '../../shared/index.ts';

// Response and request shapes are the server's own contracts (type-only: nothing of the server is bundled).
export type TeamRouting = Wire<z.infer<typeof TeamRoutingSchema>>;
export type TeamRoutingInput = z.input<typeof TeamRoutingBody>;
export type AgentRouting = Wire<z.infer<typeof AgentRoutingSchema>>;
export type AgentCapacityInput = z.input<typeof AgentCapacityBody>;
export type QueueSummary = Wire<z.infer<typeof QueueSummarySchema>>;
export type Queue = Wire<z.infer<typeof QueueSchema>>;
export type TransferInput = z.input<typeof TransferBody>;
export type TransferResult = Wire<z.infer<typeof TransferResultSchema>>;
export type Strategy = TeamRouting['strategy'];
export type SkillRule = TeamRouting['skillRules'][number];

export const routingApi = {
  teams: () => api.get<{ items: TeamRouting[] }>('/api/v1/routing/teams'),
  setTeam: (teamId: string, body: TeamRoutingInput) => api.put<TeamRouting>(`/api/v1/routing/teams/${teamId}`, body),
  agents: () => api.get<{ items: AgentRouting[] }>('/api/v1/routing/agents'),
  setAgent: (userId: string, body: AgentCapacityInput) => api.put<AgentRouting>(`/api/v1/routing/agents/${userId}`, body),
  queues: () => api.get<{ items: QueueSummary[] }>('/api/v1/routing/queues'),
  queue: (teamId: string) => api.get<Queue>(`/api/v1/routing/queues/${teamId}`),
  transfer: (ticketId: string, body: TransferInput) => api.post<TransferResult>(`/api/v1/tickets/${ticketId}/transfer`, body),
};
