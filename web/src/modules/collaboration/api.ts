import type { z } from 'zod';
import type { CancelSubtaskBody, CompleteSubtaskBody, CreateSubtaskBody, SubtaskDetailSchema, SubtaskSchema, TargetBody, UpdateSubtaskBody } from '../../../../src/modules/collaboration/index.ts';
import { api, type Wire } from '../../shared/index.ts';

// Response and request shapes are the server's own contracts (type-only: nothing of the server is bundled).
export type Subtask = Wire<z.infer<typeof SubtaskSchema>>;
export type SubtaskDetail = Wire<z.infer<typeof SubtaskDetailSchema>>;
export type NewSubtask = z.input<typeof CreateSubtaskBody>;
export type SubtaskUpdate = z.input<typeof UpdateSubtaskBody>;
export type SubtaskCompletion = z.input<typeof CompleteSubtaskBody>;
export type SubtaskCancellation = z.input<typeof CancelSubtaskBody>;
export type TargetInput = z.input<typeof TargetBody>;
export interface SubtaskTarget {
  departmentId: string;
  minutes: number;
  businessTime: boolean;
  warnPercent: number;
}
export interface SubtaskQuery {
  scope?: 'mine' | 'departments' | 'all';
  state?: 'active' | 'done' | 'cancelled' | 'all';
  departmentId?: string;
}

export const collaborationApi = {
  ofTicket: (ticketId: string) => api.get<{ items: Subtask[]; progress: { done: number; total: number } }>(`/api/v1/tickets/${ticketId}/subtasks`),
  create: (ticketId: string, body: NewSubtask) => api.post<Subtask>(`/api/v1/tickets/${ticketId}/subtasks`, body),
  list: (query: SubtaskQuery) => api.get<{ items: Subtask[]; nextCursor: string | null }>('/api/v1/subtasks', { query: { ...query, limit: 200 } }),
  get: (id: string) => api.get<SubtaskDetail>(`/api/v1/subtasks/${id}`),
  update: (id: string, body: SubtaskUpdate) => api.patch<Subtask>(`/api/v1/subtasks/${id}`, body),
  complete: (id: string, body: SubtaskCompletion) => api.post<Subtask>(`/api/v1/subtasks/${id}/complete`, body),
  cancel: (id: string, body: SubtaskCancellation) => api.post<Subtask>(`/api/v1/subtasks/${id}/cancel`, body),
  targets: () => api.get<{ items: SubtaskTarget[] }>('/api/v1/subtask-targets'),
  setTarget: (departmentId: string, body: TargetInput) => api.put<SubtaskTarget>(`/api/v1/subtask-targets/${departmentId}`, body),
  removeTarget: (departmentId: string) => api.delete<{ ok: true }>(`/api/v1/subtask-targets/${departmentId}`),
};
