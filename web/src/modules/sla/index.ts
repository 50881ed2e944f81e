/** SLA: calendars, policies, a ticket's targets and their live badges. */
export { slaApi, type Calendar, type Policy, type SlaTask } from './api.ts';
export { CalendarEditor } from './components/calendar-editor.tsx';
export { CalendarMonth } from './components/calendar-month.tsx';
export { describeMinutes, PolicyEditor } from './components/policy-editor.tsx';
export { SlaBadge } from './components/sla-badge.tsx';
export { SlaPanel } from './components/sla-panel.tsx';
export { slaKeys, useCalendars, useCompleteTask, useDeleteCalendar, useDeletePolicy, usePolicies, useReorderPolicies, useSavePolicy, useSlaTasks, type TaskFilter } from './hooks.ts';
export { RangesEditor } from './components/ranges-editor.tsx';
