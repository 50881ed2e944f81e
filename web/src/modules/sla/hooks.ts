import { useQuery } from '@tanstack/react-query';
import { useApiMutation, useLocale, type MutationFeedback } from '../../shared/index.ts';
import { slaApi, type Calendar, type CalendarInput, type Policy, type PolicyInput, type PolicyPatch, type SlaTask } from './api.ts';

export const slaKeys = {
  calendars: ['sla', 'calendars'] as const,
  policies: ['sla', 'policies'] as const,
  hours: (id: string, from: string, to: string) => ['sla', 'hours', id, from, to] as const,
  ticket: (ticketId: string) => ['sla', 'ticket', ticketId] as const,
  tasks: (filter: object) => ['sla', 'tasks', filter] as const,
};

export function useCalendars() {
  return useQuery({ queryKey: slaKeys.calendars, queryFn: () => slaApi.calendars().then((r) => r.items) });
}

export function usePolicies() {
  return useQuery({ queryKey: slaKeys.policies, queryFn: () => slaApi.policies().then((r) => r.items) });
}

export interface TaskFilter {
  mine: boolean;
  status: 'open' | 'done';
}

/** Follow-up tasks escalation created ("contact the customer proactively"), titled in the UI's language. */
export function useSlaTasks(filter: TaskFilter) {
  const locale = useLocale();
  return useQuery({ queryKey: slaKeys.tasks({ ...filter, locale }), queryFn: () => slaApi.tasks({ ...filter, limit: 200 }).then((r) => r.items) });
}

/** A ticket's targets; absent (not an error screen) when the SLA module cannot say. */
export function useTicketSla(ticketId: string) {
  return useQuery({ queryKey: slaKeys.ticket(ticketId), queryFn: () => slaApi.ticketSla(ticketId), retry: false });
}

// ---- changes ----

/**
 * Creates a calendar, or updates `calendar` at the version shown, then points the teams that should use it at
 * it and the teams taken off it back at the workspace default.
 */
export function useSaveCalendar(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: async ({ calendar, input, teamIds }: { calendar?: Calendar; input: CalendarInput; teamIds: string[] }) => {
        const saved = calendar ? await slaApi.updateCalendar(calendar.id, calendar.version, input) : await slaApi.createCalendar(input);
        const before = new Set(calendar?.teamIds ?? []);
        const after = new Set(teamIds);
        for (const teamId of after) if (!before.has(teamId)) await slaApi.setTeamCalendar(teamId, saved.id);
        for (const teamId of before) if (!after.has(teamId)) await slaApi.setTeamCalendar(teamId, null);
        return saved;
      },
      invalidates: [slaKeys.calendars],
    },
    { success: 'common.saved', ...feedback },
  );
}

export function useDeleteCalendar(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => slaApi.deleteCalendar(id), invalidates: [slaKeys.calendars] }, { success: 'common.deleted', ...feedback });
}

/** Creates a policy, or changes `policy` at the version shown (the whole form, or one switch). */
export function useSavePolicy(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: (change: { policy?: undefined; input: PolicyInput } | { policy: Policy; input: PolicyPatch }) =>
        change.policy ? slaApi.updatePolicy(change.policy.id, change.policy.version, change.input) : slaApi.createPolicy(change.input),
      invalidates: [slaKeys.policies],
    },
    { success: 'common.saved', ...feedback },
  );
}

export function useDeletePolicy(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => slaApi.deletePolicy(id), invalidates: [slaKeys.policies] }, { success: 'common.deleted', ...feedback });
}

/** The first matching policy applies: the order is the whole list of ids. */
export function useReorderPolicies(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (ids: string[]) => slaApi.reorderPolicies(ids), invalidates: [slaKeys.policies] }, feedback);
}

export function useCompleteTask(feedback?: MutationFeedback) {
  return useApiMutation<SlaTask, string>({ mutationFn: (id) => slaApi.completeTask(id), invalidates: [['sla', 'tasks']] }, { success: 'tasks.completed', ...feedback });
}
