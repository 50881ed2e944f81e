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
import { WEEKDAYS } from '../../contracts/sla.ts';
import { DAY, LOOKAHEAD_DAYS, MINUTE, parseLocalDate, rangeMinutes, weekdayOfDay, type BusinessCalendar, type BusinessInterval, type TimeRange } from './business-calendar-model.ts';

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

export function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
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

export function rangesOfDay(compiled: CompiledCalendar, day: number): number[] {
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
