import type { z } from 'zod';
import type { CalendarView, PolicyCreateSchema, PolicyPatchSchema, PolicyView, TargetView as ServerTargetView, TaskView, TicketSlaView } from '../../../../src/modules/sla/index.ts';
import { api, type RequestOptions, type Weekday, type Wire } from '../../shared/index.ts';

// Response shapes are the SLA service's views as JSON (type-only: nothing of the server is bundled).
export type Calendar = Wire<CalendarView>;
export type TimeRange = Calendar['weekly'][Weekday][number];
export type Policy = Wire<PolicyView>;
export type PolicyTarget = Policy['targets'][number];
export type EscalationStep = Policy['escalation'][number];
export type TargetView = Wire<ServerTargetView>;
export type TicketSla = Wire<TicketSlaView>;
export type SlaTask = Wire<TaskView>;

/** Weekly hours may leave days out (closed); the service validates the rest (`weekly.mon[0]`…). */
export type CalendarInput = Omit<Calendar, 'id' | 'teamIds' | 'version' | 'createdAt' | 'updatedAt' | 'weekly'> & { weekly: Partial<Record<Weekday, TimeRange[]>> };
export type PolicyInput = z.input<typeof PolicyCreateSchema>;
export type PolicyPatch = z.input<typeof PolicyPatchSchema>;

const ifMatch = (version: number): RequestOptions => ({ headers: { 'if-match': `"${version}"` } });

export const slaApi = {
  calendars: () => api.get<{ items: Calendar[] }>('/api/v1/business-calendars'),
  createCalendar: (body: CalendarInput) => api.post<Calendar>('/api/v1/business-calendars', body),
  updateCalendar: (id: string, version: number, body: Partial<CalendarInput>) => api.patch<Calendar>(`/api/v1/business-calendars/${id}`, body, ifMatch(version)),
  deleteCalendar: (id: string) => api.delete<{ ok: true }>(`/api/v1/business-calendars/${id}`),
  calendarHours: (id: string, from: string, to: string) =>
    api.get<{ timezone: string; businessMinutes: number; intervals: { start: string; end: string }[] }>(`/api/v1/business-calendars/${id}/hours`, { query: { from, to } }),
  setTeamCalendar: (teamId: string, calendarId: string | null) => api.put<{ teamId: string; calendarId: string | null }>(`/api/v1/teams/${teamId}/calendar`, { calendarId }),
  policies: () => api.get<{ items: Policy[] }>('/api/v1/sla-policies'),
  createPolicy: (body: PolicyInput) => api.post<Policy>('/api/v1/sla-policies', body),
  updatePolicy: (id: string, version: number, body: PolicyPatch) => api.patch<Policy>(`/api/v1/sla-policies/${id}`, body, ifMatch(version)),
  deletePolicy: (id: string) => api.delete<{ ok: true }>(`/api/v1/sla-policies/${id}`),
  reorderPolicies: (ids: string[]) => api.put<{ items: Policy[] }>('/api/v1/sla-policies/order', { ids }),
  ticketSla: (ticketId: string) => api.get<TicketSla>(`/api/v1/tickets/${ticketId}/sla`),
  tasks: (query: { mine?: boolean; status?: 'open' | 'done'; ticketId?: string; limit?: number }) =>
    api.get<{ items: SlaTask[] }>('/api/v1/sla-tasks', { query: { ...query, mine: query.mine === undefined ? undefined : String(query.mine) } }),
  completeTask: (id: string) => api.post<SlaTask>(`/api/v1/sla-tasks/${id}/complete`, {}),
};
