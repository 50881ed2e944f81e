import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessIntervals,
  businessMinutesBetween,
  businessMsBetween,
  isBusinessTime,
  validateCalendar,
  WEEKDAYS,
  type BusinessCalendar,
  type TimeRange,
  type Weekday,
} from './business-calendar.ts';

// ---------------------------------------------------------------------------------------------------------------
// The slow oracle: one Intl call per minute, deciding "open" from the local wall clock and nothing else.

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Beyond this many minutes the oracle gives up; sparse calendars would otherwise take seconds per case. */
const ORACLE_STEP_LIMIT = 60_000;

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** Local 'YYYY-MM-DD' and minute of the day at an instant. */
function wallClock(timezone: string, ms: number): { date: string; minute: number } {
  let format = wallClockFormats.get(timezone);
  if (!format) {
    // sv-SE prints 'YYYY-MM-DD HH:MM'.
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    wallClockFormats.set(timezone, format);
  }
  const text = format.format(ms);
  return { date: text.slice(0, 10), minute: Number(text.slice(11, 13)) * 60 + Number(text.slice(14, 16)) };
}

function toMinute(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  // getUTCDay: 0 = Sunday.
  return (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

function rangesOn(calendar: BusinessCalendar, date: string): TimeRange[] {
  if (calendar.holidays.some((holiday) => holiday.date === date)) return [];
  const extra = calendar.extraWorkingDays.find((day) => day.date === date);
  if (extra) {
    if (extra.ranges && extra.ranges.length > 0) return extra.ranges;
    const normal = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).find((day) => calendar.weekly[day].length > 0);
    return normal ? calendar.weekly[normal] : [];
  }
  return calendar.weekly[weekdayOf(date)];
}

// Memo of the date rules only (no time-zone logic), so an oracle step costs little more than its Intl call.
const rulesMemo = new WeakMap<BusinessCalendar, Map<string, { today: TimeRange[]; yesterday: TimeRange[] }>>();

function rulesFor(calendar: BusinessCalendar, date: string): { today: TimeRange[]; yesterday: TimeRange[] } {
  let memo = rulesMemo.get(calendar);
  if (!memo) rulesMemo.set(calendar, (memo = new Map()));
  let rules = memo.get(date);
  if (!rules) memo.set(date, (rules = { today: rangesOn(calendar, date), yesterday: rangesOn(calendar, shiftDate(date, -1)) }));
  return rules;
}

function oracleIsOpen(calendar: BusinessCalendar, ms: number): boolean {
  if (calendar.alwaysOpen) return true;
  const { date, minute } = wallClock(calendar.timezone, ms);
  const { today, yesterday } = rulesFor(calendar, date);
  for (const range of today) {
    const start = toMinute(range.start);
    const end = toMinute(range.end);
    const crossesMidnight = end <= start;
    if (minute >= start && (crossesMidnight || minute < end)) return true;
  }
  for (const range of yesterday) {
    const start = toMinute(range.start);
    const end = toMinute(range.end);
    if (end <= start && minute < end) return true;
  }
  return false;
}

/** The due instant, or undefined when it lies beyond the oracle's step limit. */
function oracleAdd(calendar: BusinessCalendar, start: number, minutes: number): number | undefined {
  let counted = 0;
  for (let step = 0; step < ORACLE_STEP_LIMIT; step++) {
    const at = start + step * MINUTE;
    if (!oracleIsOpen(calendar, at)) continue;
    if (minutes === 0) return at;
    counted++;
    if (counted === minutes) return at + MINUTE;
  }
  return undefined;
}

function oracleBetween(calendar: BusinessCalendar, from: number, to: number): number {
  let open = 0;
  for (let at = from; at < to; at += MINUTE) if (oracleIsOpen(calendar, at)) open++;
  return open;
}

// ---------------------------------------------------------------------------------------------------------------
// Generators

const TIMEZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Asia/Shanghai',
  'Australia/Lord_Howe', // 30-minute DST shift
  'America/Santiago', // falls back from 00:00 to 23:00 of the previous date
  'Asia/Kathmandu', // +05:45
] as const;

// DST transitions (and a few plain dates) to start near, so boundaries are hit often.
const ANCHORS = [
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-04-04T15:00:00Z',
  '2026-10-03T15:30:00Z',
  '2026-04-05T03:00:00Z',
  '2026-09-06T04:00:00Z',
  '2026-02-15T00:00:00Z',
  '2028-02-29T00:00:00Z',
  '2026-07-01T00:00:00Z',
].map((iso) => Date.parse(iso));

const timeOfDay = fc.oneof(
  fc.integer({ min: 0, max: 95 }).map((quarter) => quarter * 15),
  fc.integer({ min: 0, max: 1439 }),
);
const hhmm = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const rangeArb: fc.Arbitrary<TimeRange> = fc
  .record({ start: timeOfDay, end: timeOfDay, endOfDay: fc.boolean() })
  .filter(({ start, end }) => start !== end)
  .map(({ start, end, endOfDay }) => ({ start: hhmm(start), end: endOfDay && start > 0 && end < start ? '24:00' : hhmm(end) }));

const dayRangesArb = fc.oneof({ weight: 1, arbitrary: fc.constant([] as TimeRange[]) }, { weight: 3, arbitrary: fc.array(rangeArb, { minLength: 1, maxLength: 3 }) });

/** A start instant on a whole minute near an anchor, plus a calendar whose dated entries sit near it. */
const scenarioArb = fc
  .record({
    anchor: fc.constantFrom(...ANCHORS),
    shiftMinutes: fc.integer({ min: -5 * 1440, max: 5 * 1440 }),
    timezone: fc.constantFrom(...TIMEZONES),
    alwaysOpen: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    weekly: fc.record(Object.fromEntries(WEEKDAYS.map((day) => [day, dayRangesArb])) as Record<Weekday, fc.Arbitrary<TimeRange[]>>),
    datedOffsets: fc.uniqueArray(fc.integer({ min: -3, max: 14 }), { maxLength: 6 }),
    holidayShare: fc.integer({ min: 0, max: 6 }),
    extraRanges: fc.array(fc.option(fc.array(rangeArb, { minLength: 1, maxLength: 2 }), { nil: undefined }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ anchor, shiftMinutes, timezone, alwaysOpen, weekly, datedOffsets, holidayShare, extraRanges }) => {
    const start = anchor + shiftMinutes * MINUTE;
    const startDate = new Date(start).toISOString().slice(0, 10);
    const dates = datedOffsets.map((offset) => shiftDate(startDate, offset));
    const calendar: BusinessCalendar = {
      timezone,
      alwaysOpen,
      weekly,
      holidays: dates.slice(0, holidayShare).map((date) => ({ date })),
      extraWorkingDays: dates.slice(holidayShare).map((date, index) => {
        const ranges = extraRanges[index];
        return ranges ? { date, ranges } : { date };
      }),
    };
    return { calendar, start };
  });

/** Business minutes from `start` to the end of one of the next open intervals (the oracle then checks the due). */
function minutesToSomeRangeEnd(calendar: BusinessCalendar, start: number, pick: number): number | undefined {
  const intervals = businessIntervals(calendar, new Date(start), new Date(start + 7 * DAY));
  const target = intervals[pick % Math.max(intervals.length, 1)];
  if (!target) return undefined;
  const minutes = businessMsBetween(calendar, new Date(start), target.end) / MINUTE;
  return minutes <= 3000 ? minutes : undefined;
}

// ---------------------------------------------------------------------------------------------------------------

describe('business calendar against the minute-by-minute oracle', () => {
  it('addBusinessMinutes matches the oracle', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 3000 }), fc.option(fc.nat(), { freq: 2 }), ({ calendar, start }, randomMinutes, pick) => {
        // A third of the runs aim exactly at a range end, where "due at closing time, not next opening" matters.
        const minutes = pick === null ? randomMinutes : minutesToSomeRangeEnd(calendar, start, pick) ?? randomMinutes;
        const expected = oracleAdd(calendar, start, minutes);
        let actual: number;
        try {
          actual = addBusinessMinutes(calendar, new Date(start), minutes).getTime();
        } catch (error) {
          // Only a calendar that is closed for the whole oracle window may report "never opens".
          expect(expected).toBeUndefined();
          expect(String(error)).toMatch(/no open time/);
          return;
        }
        if (expected === undefined) expect(actual).toBeGreaterThanOrEqual(start + ORACLE_STEP_LIMIT * MINUTE);
        else expect(new Date(actual).toISOString()).toBe(new Date(expected).toISOString());
      }),
      { numRuns: 400 },
    );
  });

  it('businessMinutesBetween matches the oracle', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 3 * 1440 }), ({ calendar, start }, span) => {
        const end = start + span * MINUTE;
        expect(businessMinutesBetween(calendar, new Date(start), new Date(end))).toBe(oracleBetween(calendar, start, end));
      }),
      { numRuns: 250 },
    );
  });

  it('isBusinessTime matches the oracle, also between whole minutes', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 2 * 1440 }), fc.integer({ min: 0, max: MINUTE - 1 }), ({ calendar, start }, step, ms) => {
        const at = start + step * MINUTE;
        expect(isBusinessTime(calendar, new Date(at + ms))).toBe(oracleIsOpen(calendar, at));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('business calendar self-consistency', () => {
  it('counts back exactly the minutes added, from any millisecond', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: MINUTE - 1 }), fc.integer({ min: 1, max: 20_000 }), ({ calendar, start }, ms, minutes) => {
        const from = new Date(start + ms);
        let due: Date;
        try {
          due = addBusinessMinutes(calendar, from, minutes);
        } catch {
          return; // a calendar that never opens is covered by the oracle test
        }
        expect(businessMinutesBetween(calendar, from, due)).toBeCloseTo(minutes, 9);
        // The due instant is the earliest one: a millisecond earlier the minutes have not yet elapsed.
        expect(businessMsBetween(calendar, from, new Date(due.getTime() - 1))).toBe(minutes * MINUTE - 1);
      }),
      { numRuns: 1000 },
    );
  });

  it('businessIntervals are ordered, disjoint, open and sum to businessMsBetween', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 10 * 1440 }), ({ calendar, start }, span) => {
        const from = new Date(start);
        const to = new Date(start + span * MINUTE);
        const intervals = businessIntervals(calendar, from, to);
        let total = 0;
        let previousEnd = -Infinity;
        for (const { start: s, end: e } of intervals) {
          expect(s.getTime()).toBeGreaterThan(previousEnd); // merged: no touching neighbours
          expect(e.getTime()).toBeGreaterThan(s.getTime());
          expect(isBusinessTime(calendar, s)).toBe(true);
          expect(isBusinessTime(calendar, new Date(e.getTime() - 1))).toBe(true);
          if (e.getTime() < to.getTime()) expect(isBusinessTime(calendar, e)).toBe(false);
          total += e.getTime() - s.getTime();
          previousEnd = e.getTime();
        }
        expect(total).toBe(businessMsBetween(calendar, from, to));
        expect(businessMsBetween(calendar, to, from)).toBe(0 - total);
      }),
      { numRuns: 500 },
    );
  });

  it('validation reports weekly overlaps exactly when some minute of the week is covered twice', () => {
    fc.assert(
      fc.property(scenarioArb, ({ calendar }) => {
        const weeklyOnly = { ...calendar, alwaysOpen: false, holidays: [], extraWorkingDays: [] };
        const coverage = new Uint8Array(7 * 1440);
        WEEKDAYS.forEach((day, index) => {
          for (const range of calendar.weekly[day]) {
            const start = toMinute(range.start);
            const end = range.end === '24:00' ? 1440 : toMinute(range.end);
            const length = end > start ? end - start : end + 1440 - start;
            for (let m = 0; m < length; m++) coverage[(index * 1440 + start + m) % coverage.length]!++;
          }
        });
        const doubled = coverage.some((count) => count > 1);
        const result = validateCalendar(weeklyOnly);
        const overlapping = !result.ok && result.problems.some((problem) => problem.messageKey === 'sla.calendar.overlapping_ranges');
        expect(overlapping).toBe(doubled);
        if (!doubled) expect(result.ok || result.problems.every((problem) => problem.messageKey === 'sla.calendar.empty_week')).toBe(true);
      }),
      { numRuns: 600 },
    );
  });
});
