/** Business calendars as data: their shape, limits, defaults and the parsing of times and dates. Pure. */
import type { Weekday } from '../../contracts/sla.ts';

export { WEEKDAYS, type Weekday } from '../../contracts/sla.ts';

/** 'HH:MM' local wall-clock times; end <= start crosses midnight; end may be '24:00'. */
export interface TimeRange {
  start: string;
  end: string;
}

export interface CalendarHoliday {
  date: string; // 'YYYY-MM-DD' local
  name?: string;
}

export interface ExtraWorkingDay {
  date: string; // 'YYYY-MM-DD' local
  name?: string;
  /** Omitted or empty: the normal weekday hours (Monday's, or the first of Tue–Fri that has any). */
  ranges?: TimeRange[];
}

export interface BusinessCalendar {
  timezone: string;
  alwaysOpen: boolean;
  weekly: Record<Weekday, TimeRange[]>;
  holidays: CalendarHoliday[];
  extraWorkingDays: ExtraWorkingDay[];
}

export interface CalendarProblem {
  field: string;
  messageKey: string;
  params?: Record<string, unknown>;
}

export type CalendarValidation = { ok: true; calendar: BusinessCalendar } | { ok: false; problems: CalendarProblem[] };

export interface BusinessInterval {
  start: Date;
  end: Date;
}

/** Days without any open time before nextOpening/addBusinessMinutes give up. */
export const LOOKAHEAD_DAYS = 800;
export const MAX_RANGES_PER_DAY = 24;
export const MAX_DATED_ENTRIES = 2000;
export const MAX_NAME_LENGTH = 100;

export const DEFAULT_CALENDAR_24X7: BusinessCalendar = Object.freeze({
  timezone: 'UTC',
  alwaysOpen: true,
  weekly: Object.freeze({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }),
  holidays: [],
  extraWorkingDays: [],
}) as BusinessCalendar;

/** Mon–Fri 09:00–18:00 in the given zone. */
export function defaultOfficeCalendar(timezone: string): BusinessCalendar {
  const office = (): TimeRange[] => [{ start: '09:00', end: '18:00' }];
  return {
    timezone,
    alwaysOpen: false,
    weekly: { mon: office(), tue: office(), wed: office(), thu: office(), fri: office(), sat: [], sun: [] },
    holidays: [],
    extraWorkingDays: [],
  };
}


// ---------------------------------------------------------------------------------------------------------------
// Parsing helpers shared by validation and compilation

export const MINUTE = 60_000;
export const DAY = 86_400_000;
const TIME_PATTERN = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after midnight, or undefined; '24:00' only when `allowEndOfDay`. */
export function parseTime(value: unknown, allowEndOfDay: boolean): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TIME_PATTERN.exec(value);
  if (!match) return undefined;
  if (match[3] !== undefined) return allowEndOfDay ? 1440 : undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Days since 1970-01-01 for a real 'YYYY-MM-DD' date, or undefined. */
export function parseLocalDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || month < 1 || month > 12 || day < 1) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 02-30 over into March; a real date survives the round trip.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms / DAY;
}

/** [start, end) in minutes after the range's own midnight; end > 1440 when it crosses midnight. */
export function rangeMinutes(range: TimeRange): [number, number] | undefined {
  const start = parseTime(range.start, false);
  const end = parseTime(range.end, true);
  if (start === undefined || end === undefined || start === end) return undefined;
  return [start, end <= start ? end + 1440 : end];
}

/** Weekday index into WEEKDAYS (0 = Monday) of a day number; 1970-01-01 was a Thursday. */
export function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function isValidTimezone(timezone: unknown): timezone is string {
  if (typeof timezone !== 'string' || timezone.length === 0 || timezone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
