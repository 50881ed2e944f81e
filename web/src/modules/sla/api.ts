import { api, type RequestOptions } from '../../api/client.ts';

export const METRICS = ['first_response', 'next_response', 'progress_update', 'resolution'] as const;
export type Metric = (typeof METRICS)[number];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const ESCALATION_TRIGGERS = ['applied', 'warning', 'breached'] as const;
export const ESCALATION_ACTIONS = ['notify_supervisor', 'assign_to', 'create_task'] as const;

export interface TimeRange {
  start: string;
  end: string;
}

export interface DatedEntry {
  date: string;
  name?: string;
}

export interface Calendar {
  id: string;
  name: string;
  timezone: string;
  alwaysOpen: boolean;
  weekly: Partial<Record<Weekday, TimeRange[]>>;
  holidays: DatedEntry[];
  extraWorkingDays: (DatedEntry & { ranges?: TimeRange[] })[];
  teamIds: string[];
  version: number;
}

export type CalendarInput = Omit<Calendar, 'id' | 'teamIds' | 'version'>;

export interface PolicyTarget {
  metric: Metric;
  minutes: number;
  businessTime: boolean;
  warn?: { percentUsed?: number; minutesBefore?: number };
}

export interface EscalationStep {
  trigger: (typeof ESCALATION_TRIGGERS)[number];
  metric?: Metric;
  action: (typeof ESCALATION_ACTIONS)[number];
  userId?: string;
  teamId?: string;
  note?: string;
}

export interface Policy {
  id: string;
  name: string;
  description: string;
  position: number;
  isActive: boolean;
  conditions: Partial<Record<'priorities' | 'types' | 'channels' | 'teamIds' | 'customerTags' | 'customerOrganizations', string[]>>;
  targets: PolicyTarget[];
  calendarId: string | null;
  countBotReplies: boolean;
  reopenRestartsResolution: boolean;
  escalation: EscalationStep[];
  version: number;
}

export type PolicyInput = Omit<Policy, 'id' | 'position' | 'version'> & { position?: number };

export type TargetStatus = 'active' | 'paused' | 'met' | 'breached' | 'cancelled';

export interface TargetView {
  metric: Metric;
  cycle: number;
  status: TargetStatus;
  targetMinutes: number;
  businessTime: boolean;
  calendarId: string | null;
  startedAt: string;
  dueAt: string | null;
  warnAt: string | null;
  pausedAt: string | null;
  warnedAt: string | null;
  breachedAt: string | null;
  metAt: string | null;
  elapsedMs: number;
  remainingMs: number;
}

export interface TicketSla {
  ticketId: string;
  policy: { id: string; name: string } | null;
  state: 'none' | 'active' | 'warning' | 'breached' | 'paused' | 'met';
  nextDueAt: string | null;
  targets: TargetView[];
  history: TargetView[];
}

export interface SlaTask {
  id: string;
  ticketId: string;
  ticketNumber: string;
  kind: string;
  title: string;
  metric: string | null;
  note: string;
  assigneeId: string | null;
  teamId: string | null;
  status: 'open' | 'done';
  createdAt: string;
}

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
  updatePolicy: (id: string, version: number, body: Partial<PolicyInput>) => api.patch<Policy>(`/api/v1/sla-policies/${id}`, body, ifMatch(version)),
  deletePolicy: (id: string) => api.delete<{ ok: true }>(`/api/v1/sla-policies/${id}`),
  reorderPolicies: (ids: string[]) => api.put<{ items: Policy[] }>('/api/v1/sla-policies/order', { ids }),
  ticketSla: (ticketId: string) => api.get<TicketSla>(`/api/v1/tickets/${ticketId}/sla`),
  tasks: (query: { mine?: boolean; status?: 'open' | 'done'; ticketId?: string; limit?: number }) =>
    api.get<{ items: SlaTask[] }>('/api/v1/sla-tasks', { query: { ...query, mine: query.mine === undefined ? undefined : String(query.mine) } }),
  completeTask: (id: string) => api.post<SlaTask>(`/api/v1/sla-tasks/${id}/complete`, {}),
};

export const slaKeys = {
  calendars: ['sla', 'calendars'] as const,
  policies: ['sla', 'policies'] as const,
  hours: (id: string, from: string, to: string) => ['sla', 'hours', id, from, to] as const,
  ticket: (ticketId: string) => ['sla', 'ticket', ticketId] as const,
  tasks: (filter: object) => ['sla', 'tasks', filter] as const,
};
