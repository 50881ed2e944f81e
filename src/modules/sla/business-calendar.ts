/**
 * Business calendars and business-time arithmetic for the SLA engine. Pure: no I/O, no clock, no database.
 *
 * Semantics (the oracle in business-calendar.property.test.ts is the executable definition):
 * - An instant is business time when its local wall-clock time (in `calendar.timezone`) lies inside one of the
 *   ranges of the local date it belongs to. Ranges are half-open: 09:00–18:00 is open at 09:00:00.000 and closed
 *   at 18:00:00.000.
 * - A range with end <= start crosses midnight and belongs to the date it starts on: Fri 22:00–02:00 covers Friday
 *   22:00 to Saturday 02:00. End '24:00' means midnight at the end of the same date.
 * - Each date's ranges come from, in order of precedence: a holiday (no ranges), an extra working day (its own
 *   ranges, or the normal weekday hours when it has none), the weekly hours of its weekday. A holiday therefore
 *   removes the ranges that start on it but not Thursday's overnight range that spills into it.
 * - `alwaysOpen` (24×7) means every instant is business time; weekly hours, holidays and extra days are ignored
 *   (they are kept so that switching 24×7 off restores them).
 * - DST follows from the wall-clock rule: a range boundary inside a spring-forward gap behaves as the first valid
 *   instant after the gap (02:30–05:00 on 2026-03-08 in New York opens at 03:00 EDT); on a fall-back day a
 *   repeated wall-clock time is open in both occurrences, so 00:00–04:00 lasts 5 real hours.
 * - Compiled calendars are cached by object identity: treat a calendar object as immutable once it has been used.
 */
import { textProblem, userLength } from '../../platform/validation/index.ts';

import { WEEKDAYS, type Weekday } from '../../contracts/sla.ts';

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
// Parsing helpers shared by validation and compilation

const MINUTE = 60_000;
const DAY = 86_400_000;
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
function rangeMinutes(range: TimeRange): [number, number] | undefined {
  const start = parseTime(range.start, false);
  const end = parseTime(range.end, true);
  if (start === undefined || end === undefined || start === end) return undefined;
  return [start, end <= start ? end + 1440 : end];
}

/** Weekday index into WEEKDAYS (0 = Monday) of a day number; 1970-01-01 was a Thursday. */
function weekdayOfDay(day: number): number {
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

// ---------------------------------------------------------------------------------------------------------------
// Time zones: offsets per UTC day, with the exact transition instant on DST days

interface ZoneDay {
  /** Offset (local - UTC, ms) before `transition`. */
  before: number;
  /** First instant of the new offset; the next UTC midnight when the day has no transition. */
  transition: number;
  after: number;
}

interface Zone {
  format: Intl.DateTimeFormat;
  days: Map<number, ZoneDay>;
}

const zones = new Map<string, Zone>();
const ZONE_CACHE_DAYS = 20_000;

function zoneFor(timezone: string): Zone {
  let zone = zones.get(timezone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zone = { format, days: new Map() };
    zones.set(timezone, zone);
  }
  return zone;
}

/** local - UTC in ms at an instant, straight from Intl (slow: callers cache). */
function offsetAt(zone: Zone, ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  // formatToParts rather than parsing format(): immune to ICU changing separators or spaces.
  const field = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of zone.format.formatToParts(whole)) {
    if (part.type in field) field[part.type as keyof typeof field] = Number(part.value);
  }
  const local = Date.UTC(field.year, field.month - 1, field.day, field.hour, field.minute, field.second);
  return local - whole;
}

function zoneDay(zone: Zone, utcDay: number): ZoneDay {
  let cached = zone.days.get(utcDay);
  if (cached) return cached;
  const dayStart = utcDay * DAY;
  const before = offsetAt(zone, dayStart);
  const after = offsetAt(zone, dayStart + DAY);
  let transition = dayStart + DAY;
  if (before !== after) {
    // Binary search to the second: offset(lo) = before, offset(hi) = after. Real zones change at most once a day.
    let lo = dayStart;
    let hi = dayStart + DAY;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (offsetAt(zone, mid) === before) lo = mid;
      else hi = mid;
    }
    transition = hi;
  }
  cached = { before, transition, after };
  if (zone.days.size >= ZONE_CACHE_DAYS) zone.days.clear();
  zone.days.set(utcDay, cached);
  return cached;
}

// ---------------------------------------------------------------------------------------------------------------
// Compiled calendars: per weekday / dated overrides as flat [start, end, start, end, ...] ms after local midnight

interface CompiledCalendar {
  alwaysOpen: boolean;
  zone: Zone;
  weekly: number[][]; // index 0 = Monday
  holidays: Set<number>;
  extra: Map<number, number[]>;
  weeklyHasRanges: boolean;
  /** Last day number that can have ranges when the weekly hours are empty. */
  lastExtraDay: number;
  hasAnyRanges: boolean;
}

const compiledCache = new WeakMap<BusinessCalendar, CompiledCalendar>();
const NO_RANGES: number[] = [];

/** Sorted, merged [start, end) pairs in ms after midnight; malformed ranges are skipped (validate first). */
function compileRanges(ranges: readonly TimeRange[]): number[] {
  const pairs = ranges.map(rangeMinutes).filter((pair): pair is [number, number] => pair !== undefined);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [start, end] of pairs) {
    const last = out.length - 1;
    if (last > 0 && start * MINUTE <= out[last]!) out[last] = Math.max(out[last]!, end * MINUTE);
    else out.push(start * MINUTE, end * MINUTE);
  }
  return out;
}

function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  const cached = compiledCache.get(calendar);
  if (cached) return cached;
  const weekly = WEEKDAYS.map((day) => compileRanges(calendar.weekly?.[day] ?? []));
  // An extra working day without ranges works a normal weekday: Monday's hours, else the first of Tue–Fri.
  const normalDay = weekly.slice(0, 5).find((ranges) => ranges.length > 0) ?? NO_RANGES;
  const holidays = new Set<number>();
  for (const holiday of calendar.holidays ?? []) {
    const day = parseLocalDate(holiday.date);
    if (day !== undefined) holidays.add(day);
  }
  const extra = new Map<number, number[]>();
  let lastExtraDay = -Infinity;
  for (const workday of calendar.extraWorkingDays ?? []) {
    const day = parseLocalDate(workday.date);
    if (day === undefined || holidays.has(day)) continue;
    const ranges = workday.ranges && workday.ranges.length > 0 ? compileRanges(workday.ranges) : normalDay;
    extra.set(day, ranges);
    if (ranges.length > 0) lastExtraDay = Math.max(lastExtraDay, day);
  }
  const weeklyHasRanges = weekly.some((ranges) => ranges.length > 0);
  const compiled: CompiledCalendar = {
    alwaysOpen: calendar.alwaysOpen === true,
    zone: zoneFor(calendar.timezone),
    weekly,
    holidays,
    extra,
    weeklyHasRanges,
    lastExtraDay,
    hasAnyRanges: weeklyHasRanges || lastExtraDay > -Infinity,
  };
  compiledCache.set(calendar, compiled);
  return compiled;
}

function rangesOfDay(compiled: CompiledCalendar, day: number): number[] {
  if (compiled.holidays.has(day)) return NO_RANGES;
  return compiled.extra.get(day) ?? compiled.weekly[weekdayOfDay(day)]!;
}

// Scratch buffer for the open pieces of one chunk; the module is synchronous so one buffer is enough.
const pieces: number[] = [];

/**
 * Fills `pieces` with the open UTC pieces inside [from, to), a span with one constant offset, and returns their
 * count. The wall-clock window is from+offset .. to+offset; ranges of the previous local date can spill into it.
 */
function collectPieces(compiled: CompiledCalendar, from: number, to: number, offset: number): number {
  const localFrom = from + offset;
  const localTo = to + offset;
  const firstDay = Math.floor(localFrom / DAY) - 1;
  const lastDay = Math.floor((localTo - 1) / DAY);
  let count = 0;
  let openStart = NaN;
  let openEnd = NaN;
  for (let day = firstDay; day <= lastDay; day++) {
    const ranges = rangesOfDay(compiled, day);
    const base = day * DAY;
    for (let i = 0; i < ranges.length; i += 2) {
      const start = base + ranges[i]!;
      const end = base + ranges[i + 1]!;
      // Ranges of one date start on that date, so walking dates in order keeps starts sorted.
      if (start <= openEnd) openEnd = Math.max(openEnd, end);
      else {
        count = pushPiece(count, openStart, openEnd, localFrom, localTo, offset);
        openStart = start;
        openEnd = end;
      }
    }
  }
  return pushPiece(count, openStart, openEnd, localFrom, localTo, offset);
}

/** Clips a merged local interval to the window and stores it as UTC; NaN bounds (nothing yet) store nothing. */
function pushPiece(count: number, localStart: number, localEnd: number, localFrom: number, localTo: number, offset: number): number {
  const start = Math.max(localStart, localFrom);
  const end = Math.min(localEnd, localTo);
  if (!(start < end)) return count;
  pieces[count * 2] = start - offset;
  pieces[count * 2 + 1] = end - offset;
  return count + 1;
}

/** The constant-offset span of the UTC day that contains `at`: [at, end) with `offset`. */
let chunkEnd = 0;
let chunkOffset = 0;
function locateChunk(zone: Zone, at: number): void {
  const utcDay = Math.floor(at / DAY);
  const info = zoneDay(zone, utcDay);
  if (at < info.transition) {
    chunkEnd = info.transition;
    chunkOffset = info.before;
  } else {
    chunkEnd = (utcDay + 1) * DAY;
    chunkOffset = info.after;
  }
}

function neverOpens(from: number): Error {
  return new Error(`Business calendar has no open time within ${LOOKAHEAD_DAYS} days after ${new Date(from).toISOString()}`);
}

function toMs(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

/** Walks forward from `from` until `remainingMs` of business time has elapsed; 0 means "first open instant". */
function advance(compiled: CompiledCalendar, from: number, durationMs: number): number {
  if (compiled.alwaysOpen) return from + durationMs;
  if (!compiled.hasAnyRanges) throw neverOpens(from);
  let remaining = durationMs;
  let at = from;
  let lastOpen = from;
  for (;;) {
    locateChunk(compiled.zone, at);
    const end = chunkEnd;
    const count = collectPieces(compiled, at, end, chunkOffset);
    for (let i = 0; i < count; i++) {
      const start = pieces[i * 2]!;
      const length = pieces[i * 2 + 1]! - start;
      // `length >= remaining` (not >) so a due time exactly on a range end returns that end.
      if (remaining === 0) return start;
      if (length >= remaining) return start + remaining;
      remaining -= length;
    }
    if (count > 0) lastOpen = end;
    else if (end - lastOpen > LOOKAHEAD_DAYS * DAY) throw neverOpens(from);
    else if (!compiled.weeklyHasRanges && (end + chunkOffset) / DAY > compiled.lastExtraDay + 2) throw neverOpens(from);
    at = end;
  }
}

/** Sum of business ms in [from, to); from <= to. */
function measure(compiled: CompiledCalendar, from: number, to: number): number {
  if (compiled.alwaysOpen) return to - from;
  if (!compiled.hasAnyRanges) return 0;
  let total = 0;
  let at = from;
  while (at < to) {
    locateChunk(compiled.zone, at);
    const end = Math.min(chunkEnd, to);
    const count = collectPieces(compiled, at, end, chunkOffset);
    for (let i = 0; i < count; i++) total += pieces[i * 2 + 1]! - pieces[i * 2]!;
    at = end;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

/**
 * The instant at which `minutes` business minutes have elapsed, counting from `start`.
 * - minutes = 0: `start` when it is business time, else the next opening.
 * - minutes > 0: the due time never lands on a closed instant's "next opening": when the last minute ends exactly
 *   at a range end (18:00), 18:00 is returned, not 09:00 the next morning.
 * - Fractional minutes are allowed (rounded to the ms). Throws RangeError for negative or non-finite minutes and
 *   Error when the calendar has no open time for LOOKAHEAD_DAYS days.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  return new Date(advance(compileCalendar(calendar), toMs(start, 'start'), Math.round(minutes * MINUTE)));
}

/** Like addBusinessMinutes with an exact ms duration. */
export function addBusinessMs(calendar: BusinessCalendar, start: Date, durationMs: number): Date {
  if (!Number.isFinite(durationMs) || durationMs < 0) throw new RangeError(`durationMs must be a finite number >= 0, got ${durationMs}`);
  return new Date(advance(compileCalendar(calendar), toMs(start, 'start'), Math.round(durationMs)));
}

/**
 * Business ms in [from, to). Antisymmetric: when to < from the result is minus the business ms in [to, from), so
 * "business time left until the due time" goes negative once a ticket is overdue.
 */
export function businessMsBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const a = toMs(from, 'from');
  const b = toMs(to, 'to');
  const compiled = compileCalendar(calendar);
  // `0 -` rather than unary minus: no -0 for an empty reversed window.
  return a <= b ? measure(compiled, a, b) : 0 - measure(compiled, b, a);
}

/** businessMsBetween in minutes; fractional when the instants are not on minute boundaries. */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  return businessMsBetween(calendar, from, to) / MINUTE;
}

export function isBusinessTime(calendar: BusinessCalendar, at: Date): boolean {
  const compiled = compileCalendar(calendar);
  const ms = toMs(at, 'at');
  if (compiled.alwaysOpen) return true;
  if (!compiled.hasAnyRanges) return false;
  locateChunk(compiled.zone, ms);
  const local = ms + chunkOffset;
  const today = Math.floor(local / DAY);
  for (let day = today - 1; day <= today; day++) {
    const ranges = rangesOfDay(compiled, day);
    const sinceMidnight = local - day * DAY;
    for (let i = 0; i < ranges.length; i += 2) {
      if (sinceMidnight >= ranges[i]! && sinceMidnight < ranges[i + 1]!) return true;
    }
  }
  return false;
}

/** `at` itself when it is business time, else the start of the next open range. Throws like addBusinessMinutes. */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date {
  return new Date(advance(compileCalendar(calendar), toMs(at, 'at'), 0));
}

/** Open intervals clipped to [from, to), merged, in order; empty when to <= from. */
export function businessIntervals(calendar: BusinessCalendar, from: Date, to: Date): BusinessInterval[] {
  const compiled = compileCalendar(calendar);
  const a = toMs(from, 'from');
  const b = toMs(to, 'to');
  const out: { start: number; end: number }[] = [];
  const push = (start: number, end: number): void => {
    const last = out[out.length - 1];
    // Pieces are cut at UTC midnights and DST transitions; glue them back together.
    if (last && last.end === start) last.end = end;
    else out.push({ start, end });
  };
  if (a < b) {
    if (compiled.alwaysOpen) push(a, b);
    else if (compiled.hasAnyRanges) {
      let at = a;
      while (at < b) {
        locateChunk(compiled.zone, at);
        const end = Math.min(chunkEnd, b);
        const count = collectPieces(compiled, at, end, chunkOffset);
        for (let i = 0; i < count; i++) push(pieces[i * 2]!, pieces[i * 2 + 1]!);
        at = end;
      }
    }
  }
  return out.map(({ start, end }) => ({ start: new Date(start), end: new Date(end) }));
}
