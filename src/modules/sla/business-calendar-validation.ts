/**
 * Validation of a business calendar as an admin sends it: every problem with its field path and message key,
 * in the form the admin screens show (`weekly.mon[0].start`). Pure.
 */
import { textProblem, userLength } from '../../platform/validation/index.ts';
import { WEEKDAYS, type Weekday } from '../../contracts/sla.ts';
import { DAY, isValidTimezone, MAX_DATED_ENTRIES, MAX_NAME_LENGTH, MAX_RANGES_PER_DAY, MINUTE, parseLocalDate, parseTime, rangeMinutes, type BusinessCalendar, type CalendarHoliday, type CalendarProblem, type CalendarValidation, type ExtraWorkingDay, type TimeRange } from './business-calendar-model.ts';
import { compileCalendar, rangesOfDay } from './business-calendar-time.ts';

/** Messages for the problem keys; the module index registers them with the platform i18n. */
export const CALENDAR_MESSAGES = {
  en: {
    'sla.calendar.invalid_timezone': 'Unknown time zone "{timezone}". Use an IANA name such as Asia/Shanghai.',
    'sla.calendar.invalid_time': 'Use a time from 00:00 to 23:59 (HH:MM); 24:00 is allowed as an end time.',
    'sla.calendar.invalid_date': 'Use a real date in the form YYYY-MM-DD.',
    'sla.calendar.zero_length_range': 'The start and end time are the same. For a whole day use 00:00–24:00.',
    'sla.calendar.overlapping_ranges': 'This time range overlaps another one ({other}).',
    'sla.calendar.empty_week': 'Add at least one opening time, or choose 24×7.',
    'sla.calendar.duplicate_date': 'The date {date} is listed more than once.',
    'sla.calendar.conflicting_date': '{date} cannot be both a holiday and an extra working day.',
    'sla.calendar.missing_ranges': 'Give opening times for this day; there are no weekday hours to copy.',
  },
  'zh-CN': {
    'sla.calendar.invalid_timezone': '未知时区“{timezone}”。请使用 IANA 名称，例如 Asia/Shanghai。',
    'sla.calendar.invalid_time': '请使用 00:00 到 23:59 之间的时间（HH:MM）；结束时间可以是 24:00。',
    'sla.calendar.invalid_date': '请使用有效日期，格式为 YYYY-MM-DD。',
    'sla.calendar.zero_length_range': '开始时间与结束时间相同。全天请使用 00:00–24:00。',
    'sla.calendar.overlapping_ranges': '该时间段与另一个时间段（{other}）重叠。',
    'sla.calendar.empty_week': '请至少添加一个工作时间段，或选择 7×24 小时。',
    'sla.calendar.duplicate_date': '日期 {date} 重复出现。',
    'sla.calendar.conflicting_date': '{date} 不能既是节假日又是调休工作日。',
    'sla.calendar.missing_ranges': '请为这一天设置工作时间：没有可沿用的工作日时间。',
  },
} as const;


// ---------------------------------------------------------------------------------------------------------------
// Validation

const TOP_LEVEL_KEYS = new Set(['timezone', 'alwaysOpen', 'weekly', 'holidays', 'extraWorkingDays']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks untrusted input (API body, jsonb row) and returns a normalised copy: every weekday present, optional
 * lists defaulted to [], the time zone in its canonical spelling, unknown fields reported.
 */
export function validateCalendar(input: unknown): CalendarValidation {
  const problems: CalendarProblem[] = [];
  const add = (field: string, messageKey: string, params?: Record<string, unknown>): void => {
    problems.push(params ? { field, messageKey, params } : { field, messageKey });
  };
  if (!isRecord(input)) {
    add('', 'validation.invalid_type', { expected: 'object' });
    return { ok: false, problems };
  }
  for (const key of Object.keys(input)) if (!TOP_LEVEL_KEYS.has(key)) add(key, 'validation.unknown_field');

  let timezone = '';
  if (input.timezone === undefined) add('timezone', 'validation.required');
  else if (!isValidTimezone(input.timezone)) add('timezone', 'sla.calendar.invalid_timezone', { timezone: String(input.timezone) });
  else timezone = new Intl.DateTimeFormat('en-US', { timeZone: input.timezone }).resolvedOptions().timeZone;

  let alwaysOpen = false;
  if (input.alwaysOpen !== undefined) {
    if (typeof input.alwaysOpen === 'boolean') alwaysOpen = input.alwaysOpen;
    else add('alwaysOpen', 'validation.invalid_type', { expected: 'boolean' });
  }

  const readRanges = (value: unknown, field: string): TimeRange[] => {
    if (!Array.isArray(value)) {
      add(field, 'validation.invalid_type', { expected: 'array' });
      return [];
    }
    if (value.length > MAX_RANGES_PER_DAY) add(field, 'validation.too_big', { maximum: MAX_RANGES_PER_DAY });
    const ranges: TimeRange[] = [];
    value.forEach((raw: unknown, index) => {
      const at = `${field}[${index}]`;
      if (!isRecord(raw)) {
        add(at, 'validation.invalid_type', { expected: 'object' });
        return;
      }
      for (const key of Object.keys(raw)) if (key !== 'start' && key !== 'end') add(`${at}.${key}`, 'validation.unknown_field');
      const start = parseTime(raw.start, false);
      const end = parseTime(raw.end, true);
      if (start === undefined) add(`${at}.start`, 'sla.calendar.invalid_time', { value: raw.start });
      if (end === undefined) add(`${at}.end`, 'sla.calendar.invalid_time', { value: raw.end });
      if (start !== undefined && end !== undefined && start === end) add(at, 'sla.calendar.zero_length_range');
      ranges.push({ start: String(raw.start), end: String(raw.end) });
    });
    return ranges;
  };

  const weekly = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } as Record<Weekday, TimeRange[]>;
  if (input.weekly === undefined) add('weekly', 'validation.required');
  else if (!isRecord(input.weekly)) add('weekly', 'validation.invalid_type', { expected: 'object' });
  else {
    for (const key of Object.keys(input.weekly)) {
      if (!(WEEKDAYS as readonly string[]).includes(key)) add(`weekly.${key}`, 'validation.unknown_field');
    }
    for (const day of WEEKDAYS) {
      const value = input.weekly[day];
      if (value !== undefined) weekly[day] = readRanges(value, `weekly.${day}`);
    }
  }

  const readDated = (
    value: unknown,
    field: string,
    extraKeys: string[],
    seen: Map<number, string>,
  ): { entry: Record<string, unknown>; date: string; at: string }[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      add(field, 'validation.invalid_type', { expected: 'array' });
      return [];
    }
    if (value.length > MAX_DATED_ENTRIES) add(field, 'validation.too_big', { maximum: MAX_DATED_ENTRIES });
    const out: { entry: Record<string, unknown>; date: string; at: string }[] = [];
    value.forEach((raw: unknown, index) => {
      const at = `${field}[${index}]`;
      if (!isRecord(raw)) {
        add(at, 'validation.invalid_type', { expected: 'object' });
        return;
      }
      for (const key of Object.keys(raw)) {
        if (key !== 'date' && key !== 'name' && !extraKeys.includes(key)) add(`${at}.${key}`, 'validation.unknown_field');
      }
      if (raw.name !== undefined) {
        if (typeof raw.name !== 'string') add(`${at}.name`, 'validation.invalid_type', { expected: 'string' });
        else if (textProblem(raw.name)) add(`${at}.name`, textProblem(raw.name)!);
        else if (userLength(raw.name) > MAX_NAME_LENGTH) add(`${at}.name`, 'validation.too_long', { maximum: MAX_NAME_LENGTH });
      }
      const day = parseLocalDate(raw.date);
      if (day === undefined) add(`${at}.date`, 'sla.calendar.invalid_date', { value: raw.date });
      else {
        const other = seen.get(day);
        if (other !== undefined) {
          const conflicting = !other.startsWith(field);
          add(`${at}.date`, conflicting ? 'sla.calendar.conflicting_date' : 'sla.calendar.duplicate_date', { date: raw.date, other });
        } else seen.set(day, at);
      }
      out.push({ entry: raw, date: String(raw.date), at });
    });
    return out;
  };

  const seenDates = new Map<number, string>();
  const holidays: CalendarHoliday[] = readDated(input.holidays, 'holidays', [], seenDates).map(({ entry, date }) =>
    typeof entry.name === 'string' ? { date, name: entry.name } : { date },
  );
  const extraWorkingDays: ExtraWorkingDay[] = readDated(input.extraWorkingDays, 'extraWorkingDays', ['ranges'], seenDates).map(
    ({ entry, date, at }) => {
      const day: ExtraWorkingDay = { date };
      if (typeof entry.name === 'string') day.name = entry.name;
      if (entry.ranges !== undefined) day.ranges = readRanges(entry.ranges, `${at}.ranges`);
      return day;
    },
  );

  const weeklyHasRanges = WEEKDAYS.some((day) => weekly[day].length > 0);
  const weeklyReadable = isRecord(input.weekly) && !problems.some((problem) => problem.field.startsWith('weekly'));
  if (!alwaysOpen && !weeklyHasRanges && extraWorkingDays.length === 0 && weeklyReadable) add('weekly', 'sla.calendar.empty_week');

  const calendar: BusinessCalendar = { timezone, alwaysOpen, weekly, holidays, extraWorkingDays };
  // Overlap checks need well-formed times; report them only once the shape is right.
  if (problems.length === 0) checkOverlaps(calendar, add);
  return problems.length === 0 ? { ok: true, calendar } : { ok: false, problems };
}

type Span = { start: number; end: number; field: string; order: number };

/** Reports each range overlapping an earlier-declared one, once; `spans` are absolute minutes. */
function reportOverlaps(spans: Span[], report: (field: string, other: string) => void, reportable: (span: Span) => boolean): void {
  const reported = new Set<string>();
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i]!;
      const b = spans[j]!;
      if (a.start >= b.end || b.start >= a.end) continue;
      const [later, earlier] = a.order > b.order ? [a, b] : [b, a];
      const target = reportable(later) ? later : earlier;
      const other = target === later ? earlier : later;
      if (!reportable(target) || reported.has(target.field)) continue;
      reported.add(target.field);
      report(target.field, other.field);
    }
  }
}

function checkOverlaps(calendar: BusinessCalendar, add: (field: string, key: string, params?: Record<string, unknown>) => void): void {
  const report = (field: string, other: string): void => add(field, 'sla.calendar.overlapping_ranges', { other });
  // Weekly: a circular week of 10080 minutes; Sunday night spills into Monday morning.
  const week: Span[] = [];
  let order = 0;
  WEEKDAYS.forEach((day, dayIndex) => {
    calendar.weekly[day].forEach((range, index) => {
      const [start, end] = rangeMinutes(range)!;
      const field = `weekly.${day}[${index}]`;
      const base = dayIndex * 1440;
      week.push({ start: base + start, end: base + end, field, order });
      // The copy one week earlier catches Sunday's spill overlapping Monday.
      week.push({ start: base + start - 10080, end: base + end - 10080, field, order });
      order++;
    });
  });
  reportOverlaps(week, report, () => true);

  // Extra working days: their own ranges, and against the neighbouring dates' effective ranges.
  const compiled = compileCalendar(calendar);
  calendar.extraWorkingDays.forEach((extra, index) => {
    const day = parseLocalDate(extra.date)!;
    const own = extra.ranges && extra.ranges.length > 0 ? extra.ranges : undefined;
    const spans: Span[] = [];
    (own ?? []).forEach((range, j) => {
      const [start, end] = rangeMinutes(range)!;
      spans.push({ start: 1440 + start, end: 1440 + end, field: `extraWorkingDays[${index}].ranges[${j}]`, order: 10 + j });
    });
    if (!own) {
      const relative = compiled.extra.get(day)!;
      if (relative.length === 0) add(`extraWorkingDays[${index}].ranges`, 'sla.calendar.missing_ranges');
      for (let k = 0; k < relative.length; k += 2) {
        spans.push({ start: 1440 + relative[k]! / MINUTE, end: 1440 + relative[k + 1]! / MINUTE, field: `extraWorkingDays[${index}]`, order: 10 });
      }
    }
    const neighbour = (offset: number, label: string, orderBase: number): void => {
      const relative = rangesOfDay(compiled, day + offset);
      for (let k = 0; k < relative.length; k += 2) {
        const base = (1 + offset) * 1440;
        spans.push({ start: base + relative[k]! / MINUTE, end: base + relative[k + 1]! / MINUTE, field: label, order: orderBase });
      }
    };
    neighbour(-1, formatDay(day - 1), 0);
    neighbour(1, formatDay(day + 1), 1);
    reportOverlaps(spans, report, (span) => span.field.startsWith(`extraWorkingDays[${index}]`));
  });
}

function formatDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}
