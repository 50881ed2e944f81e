/**
 * Working schedules, without I/O: weekly hours in the workspace's time zone, per team with a per-agent override.
 * An agent with no schedule of their own works their team's; with neither, they are always on shift. The hours
 * are a business calendar of the SLA module's (same ranges, same midnight-crossing rule), read through its door.
 */
import { businessIntervals, isBusinessTime, validateCalendar, WEEKDAYS, type BusinessCalendar, type TimeRange, type Weekday } from '../sla/index.ts';

/** 'HH:MM' ranges per weekday; a day without ranges is off. */
export type WeeklyHours = Record<Weekday, TimeRange[]>;

export interface ScheduleProblem {
  field: string;
  messageKey: string;
  params?: Record<string, unknown>;
}

const calendarOf = (hours: WeeklyHours, timezone: string): BusinessCalendar => ({ timezone, alwaysOpen: false, weekly: hours, holidays: [], extraWorkingDays: [] });

/** The hours that apply to an agent in a team: their own when set, else the team's; null means always on shift. */
export const effectiveHours = (own: WeeklyHours | null, team: WeeklyHours | null): WeeklyHours | null => own ?? team;

/** Whether the hours (null: none set) have the agent on shift at `at`, in the workspace's time zone. */
export function isOnShift(hours: WeeklyHours | null, timezone: string, at: Date): boolean {
  return hours === null || isBusinessTime(calendarOf(hours, timezone), at);
}

/** When the next shift starts strictly after `at` (within a week and a day), or null when the hours never open. */
export function nextShiftStart(hours: WeeklyHours, timezone: string, at: Date): Date | null {
  const until = new Date(at.getTime() + 8 * 86_400_000);
  // Intervals are clipped to `at`: one starting exactly then is the shift in progress, not the next one.
  const next = businessIntervals(calendarOf(hours, timezone), at, until).find((interval) => interval.start.getTime() > at.getTime());
  return next?.start ?? null;
}

/** Checks weekly hours as the SLA calendars are checked; the problems' fields are under `field`. */
export function validateWeeklyHours(input: WeeklyHours, field: string): { ok: true; hours: WeeklyHours } | { ok: false; problems: ScheduleProblem[] } {
  const weekly = Object.fromEntries(WEEKDAYS.map((day) => [day, input[day] ?? []])) as WeeklyHours;
  const result = validateCalendar({ timezone: 'UTC', alwaysOpen: false, weekly, holidays: [], extraWorkingDays: [] });
  if (result.ok) return { ok: true, hours: result.calendar.weekly };
  return {
    ok: false,
    problems: result.problems.map((problem) => {
      const rest = problem.field.replace(/^weekly\.?/, '');
      return { ...problem, field: rest ? `${field}.${rest}` : field };
    }),
  };
}
