import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  addBusinessMs,
  businessIntervals,
  businessMinutesBetween,
  businessMsBetween,
  CALENDAR_MESSAGES,
  DEFAULT_CALENDAR_24X7,
  defaultOfficeCalendar,
  isBusinessTime,
  nextOpening,
  validateCalendar,
  type BusinessCalendar,
  type TimeRange,
  type Weekday,
} from './business-calendar.ts';

const r = (start: string, end: string): TimeRange => ({ start, end });

function calendar(timezone: string, weekly: Partial<Record<Weekday, TimeRange[]>>, extra: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return {
    timezone,
    alwaysOpen: false,
    weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...weekly },
    holidays: [],
    extraWorkingDays: [],
    ...extra,
  };
}

const weekdays = (ranges: TimeRange[]): Partial<Record<Weekday, TimeRange[]>> => ({
  mon: ranges,
  tue: ranges,
  wed: ranges,
  thu: ranges,
  fri: ranges,
});

// 2026-01-05 is a Monday.
const shanghai = defaultOfficeCalendar('Asia/Shanghai');
const lunch = calendar('Asia/Shanghai', weekdays([r('09:00', '12:00'), r('13:30', '18:00')]));
const nightUtc = calendar('UTC', { fri: [r('22:00', '02:00')] });
const nightShanghai = calendar('Asia/Shanghai', { fri: [r('22:00', '02:00')] });
const shanghaiHoliday = { ...defaultOfficeCalendar('Asia/Shanghai'), holidays: [{ date: '2026-01-07', name: 'Test holiday' }] };
const saturdayHolidayNight = { ...nightUtc, holidays: [{ date: '2026-01-10' }] };
const fridayHolidayNight = { ...nightUtc, holidays: [{ date: '2026-01-09' }] };
// Chinese New Year 2026 (调休): Sun 02-15 works Monday's hours, 02-16..02-22 off, Sat 02-28 works 10:00–16:00.
const springFestival: BusinessCalendar = {
  ...defaultOfficeCalendar('Asia/Shanghai'),
  holidays: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22'].map((date) => ({
    date,
    name: '春节',
  })),
  extraWorkingDays: [
    { date: '2026-02-15', name: '春节调休' },
    { date: '2026-02-28', name: '春节调休', ranges: [r('10:00', '16:00')] },
  ],
};
const newYork = defaultOfficeCalendar('America/New_York');
const nySunday = (ranges: TimeRange[]): BusinessCalendar => calendar('America/New_York', { sun: ranges });
const utcOffice = defaultOfficeCalendar('UTC');
const leapHoliday = { ...defaultOfficeCalendar('UTC'), holidays: [{ date: '2028-02-29' }] };
const lordHowe = calendar('Australia/Lord_Howe', { sun: [r('00:00', '24:00')] });

describe('addBusinessMinutes', () => {
  it.each([
    // plain weekday
    ['weekday within the day', shanghai, '2026-01-05T10:00:00+08:00', 60, '2026-01-05T11:00:00+08:00'],
    ['weekday into the next morning', shanghai, '2026-01-05T17:00:00+08:00', 120, '2026-01-06T10:00:00+08:00'],
    ['whole working day', shanghai, '2026-01-05T09:00:00+08:00', 540, '2026-01-05T18:00:00+08:00'],
    ['Friday over the weekend', shanghai, '2026-01-09T17:00:00+08:00', 120, '2026-01-12T10:00:00+08:00'],
    ['10,000 minutes (18 days 280 min)', shanghai, '2026-01-05T09:00:00+08:00', 10_000, '2026-01-29T13:40:00+08:00'],
    // due exactly on a range end stays on the end
    ['due on closing time', shanghai, '2026-01-05T17:00:00+08:00', 60, '2026-01-05T18:00:00+08:00'],
    ['due on lunch start', lunch, '2026-01-05T11:00:00+08:00', 60, '2026-01-05T12:00:00+08:00'],
    ['start exactly at closing time', shanghai, '2026-01-05T18:00:00+08:00', 1, '2026-01-06T09:01:00+08:00'],
    // start outside hours
    ['start before opening', shanghai, '2026-01-05T07:00:00+08:00', 30, '2026-01-05T09:30:00+08:00'],
    ['start on Saturday', shanghai, '2026-01-10T12:00:00+08:00', 30, '2026-01-12T09:30:00+08:00'],
    ['start in the evening', shanghai, '2026-01-05T20:00:00+08:00', 30, '2026-01-06T09:30:00+08:00'],
    // across lunch
    ['across lunch', lunch, '2026-01-05T11:30:00+08:00', 60, '2026-01-05T14:00:00+08:00'],
    ['start during lunch', lunch, '2026-01-05T12:15:00+08:00', 30, '2026-01-05T14:00:00+08:00'],
    ['a full lunch-day from 17:00', lunch, '2026-01-05T17:00:00+08:00', 450, '2026-01-06T17:00:00+08:00'],
    // range crossing midnight (attributed to Friday)
    ['night shift into the next week', nightUtc, '2026-01-09T23:00:00Z', 240, '2026-01-16T23:00:00Z'],
    ['night shift due at 02:00 Saturday', nightUtc, '2026-01-09T23:00:00Z', 180, '2026-01-10T02:00:00Z'],
    ['night shift from Saturday 01:00', nightUtc, '2026-01-10T01:00:00Z', 30, '2026-01-10T01:30:00Z'],
    ['night shift in Shanghai', nightShanghai, '2026-01-09T22:00:00+08:00', 240, '2026-01-10T02:00:00+08:00'],
    ['holiday on Saturday keeps Friday night', saturdayHolidayNight, '2026-01-10T01:00:00Z', 30, '2026-01-10T01:30:00Z'],
    ['holiday on Friday removes the whole shift', fridayHolidayNight, '2026-01-09T23:00:00Z', 30, '2026-01-16T22:30:00Z'],
    // holidays
    ['over a holiday', shanghaiHoliday, '2026-01-06T17:00:00+08:00', 120, '2026-01-08T10:00:00+08:00'],
    ['start inside a holiday', shanghaiHoliday, '2026-01-07T10:00:00+08:00', 30, '2026-01-08T09:30:00+08:00'],
    // 调休
    ['Friday into the working Sunday', springFestival, '2026-02-13T17:00:00+08:00', 120, '2026-02-15T10:00:00+08:00'],
    ['working Sunday over the Spring Festival', springFestival, '2026-02-15T17:00:00+08:00', 120, '2026-02-23T10:00:00+08:00'],
    ['start inside the Spring Festival', springFestival, '2026-02-18T10:00:00+08:00', 15, '2026-02-23T09:15:00+08:00'],
    ['working Saturday with its own hours', springFestival, '2026-02-27T17:30:00+08:00', 60, '2026-02-28T10:30:00+08:00'],
    ['working Saturday ends at 16:00', springFestival, '2026-02-28T15:00:00+08:00', 120, '2026-03-02T10:00:00+08:00'],
    // America/New_York around DST
    ['Friday EST to Monday EDT', newYork, '2026-03-06T17:00:00-05:00', 120, '2026-03-09T10:00:00-04:00'],
    ['Friday EDT to Monday EST', newYork, '2026-10-30T17:00:00-04:00', 120, '2026-11-02T10:00:00-05:00'],
    ['spring forward: range start in the gap opens at 03:00 EDT', nySunday([r('02:30', '05:00')]), '2026-03-08T05:00:00Z', 120, '2026-03-08T09:00:00Z'],
    ['spring forward: range end in the gap closes at 03:00 EDT', nySunday([r('01:00', '02:30')]), '2026-03-08T06:00:00Z', 60, '2026-03-08T07:00:00Z'],
    ['spring forward: 00:00–04:00 is 3 real hours', nySunday([r('00:00', '04:00')]), '2026-03-08T00:00:00-05:00', 180, '2026-03-08T04:00:00-04:00'],
    ['fall back: 00:00–04:00 local, 240 min ends 03:00 EST', nySunday([r('00:00', '04:00')]), '2026-11-01T00:00:00-04:00', 240, '2026-11-01T03:00:00-05:00'],
    ['fall back: 00:00–04:00 is 5 real hours', nySunday([r('00:00', '04:00')]), '2026-11-01T00:00:00-04:00', 300, '2026-11-01T04:00:00-05:00'],
    ['fall back: repeated 01:00–01:30 is open twice', nySunday([r('01:00', '01:30')]), '2026-11-01T01:00:00-04:00', 45, '2026-11-01T01:15:00-05:00'],
    // Lord Howe moves its clocks by 30 minutes (02:00 → 01:30 on 2026-04-05)
    ['Lord Howe fall back: Sunday lasts 24.5 hours', lordHowe, '2026-04-05T00:00:00+11:00', 1470, '2026-04-06T00:00:00+10:30'],
    // leap day
    ['into the leap day', utcOffice, '2028-02-28T17:00:00Z', 120, '2028-02-29T10:00:00Z'],
    ['over the leap day as a holiday', leapHoliday, '2028-02-28T17:00:00Z', 120, '2028-03-01T10:00:00Z'],
    // 24×7
    ['24×7', DEFAULT_CALENDAR_24X7, '2026-01-10T23:59:00Z', 90, '2026-01-11T01:29:00Z'],
    ['24×7 zero minutes', DEFAULT_CALENDAR_24X7, '2026-01-10T23:59:13.500Z', 0, '2026-01-10T23:59:13.500Z'],
    // fractional starts and minutes
    ['start with seconds', shanghai, '2026-01-05T10:00:30+08:00', 15, '2026-01-05T10:15:30+08:00'],
    ['seconds carried over to the next day', shanghai, '2026-01-05T17:59:30+08:00', 1, '2026-01-06T09:00:30+08:00'],
    ['half a minute', shanghai, '2026-01-05T10:00:00+08:00', 0.5, '2026-01-05T10:00:30+08:00'],
    ['milliseconds before opening', shanghai, '2026-01-05T08:59:59.999+08:00', 1, '2026-01-05T09:01:00+08:00'],
    // zero minutes
    ['0 minutes inside hours returns start', shanghai, '2026-01-05T10:00:00+08:00', 0, '2026-01-05T10:00:00+08:00'],
    ['0 minutes at opening returns opening', shanghai, '2026-01-05T09:00:00+08:00', 0, '2026-01-05T09:00:00+08:00'],
    ['0 minutes at closing returns next opening', shanghai, '2026-01-05T18:00:00+08:00', 0, '2026-01-06T09:00:00+08:00'],
    ['0 minutes on a weekend', shanghai, '2026-01-10T12:00:00+08:00', 0, '2026-01-12T09:00:00+08:00'],
    ['0 minutes during lunch', lunch, '2026-01-05T12:15:00+08:00', 0, '2026-01-05T13:30:00+08:00'],
  ] as const)('%s', (_name, cal, start, minutes, expected) => {
    expect(addBusinessMinutes(cal, new Date(start), minutes).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('finds an extra working day far ahead when the week has no hours', () => {
    const cal = calendar('Asia/Shanghai', {}, { extraWorkingDays: [{ date: '2027-12-04', ranges: [r('09:00', '12:00')] }] });
    expect(addBusinessMinutes(cal, new Date('2026-01-05T00:00:00Z'), 60).toISOString()).toBe('2027-12-04T02:00:00.000Z');
  });

  it('throws a clear error when the calendar never opens', () => {
    const past = calendar('Asia/Shanghai', {}, { extraWorkingDays: [{ date: '2020-01-04', ranges: [r('09:00', '12:00')] }] });
    expect(() => addBusinessMinutes(past, new Date('2026-01-05T00:00:00Z'), 15)).toThrow(/no open time within 800 days/);
    const empty = calendar('UTC', {});
    expect(() => nextOpening(empty, new Date('2026-01-05T00:00:00Z'))).toThrow(/no open time/);
    const holidays = Array.from({ length: 900 }, (_, i) => ({ date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10) }));
    const allHolidays = { ...defaultOfficeCalendar('UTC'), holidays };
    expect(() => addBusinessMinutes(allHolidays, new Date('2026-01-01T00:00:00Z'), 1)).toThrow(/no open time within 800 days/);
  });

  it('rejects negative or non-finite minutes and invalid dates', () => {
    expect(() => addBusinessMinutes(shanghai, new Date('2026-01-05T00:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(shanghai, new Date('2026-01-05T00:00:00Z'), Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessMinutes(shanghai, new Date('nope'), 1)).toThrow(RangeError);
  });

  it('addBusinessMs works to the millisecond', () => {
    expect(addBusinessMs(shanghai, new Date('2026-01-05T17:59:59+08:00'), 1500).toISOString()).toBe('2026-01-06T01:00:00.500Z');
  });
});

describe('businessMinutesBetween', () => {
  it.each([
    ['overnight', shanghai, '2026-01-05T08:00:00+08:00', '2026-01-06T10:00:00+08:00', 600],
    ['a full week', shanghai, '2026-01-05T00:00:00+08:00', '2026-01-12T00:00:00+08:00', 2700],
    ['lunch excluded', lunch, '2026-01-05T11:00:00+08:00', '2026-01-05T14:00:00+08:00', 90],
    ['empty window', shanghai, '2026-01-05T10:00:00+08:00', '2026-01-05T10:00:00+08:00', 0],
    ['weekend only', shanghai, '2026-01-10T00:00:00+08:00', '2026-01-12T00:00:00+08:00', 0],
    ['reversed is negative', shanghai, '2026-01-06T10:00:00+08:00', '2026-01-05T08:00:00+08:00', -600],
    ['half a minute', shanghai, '2026-01-05T10:00:30+08:00', '2026-01-05T10:01:00+08:00', 0.5],
    ['night shift across midnight', nightUtc, '2026-01-09T00:00:00Z', '2026-01-11T00:00:00Z', 240],
    ['Spring Festival fortnight', springFestival, '2026-02-09T00:00:00+08:00', '2026-03-02T00:00:00+08:00', 10 * 540 + 540 + 360],
    ['spring-forward Sunday lasts 23 hours', nySunday([r('00:00', '24:00')]), '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', 23 * 60],
    ['fall-back Sunday lasts 25 hours', nySunday([r('00:00', '24:00')]), '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z', 25 * 60],
    ['fall back: 00:00–04:00 is 5 real hours', nySunday([r('00:00', '04:00')]), '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 300],
    ['spring forward: 00:00–04:00 is 3 real hours', nySunday([r('00:00', '04:00')]), '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z', 180],
    ['spring forward: 02:30–05:00 is 2 real hours', nySunday([r('02:30', '05:00')]), '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z', 120],
    ['fall back: 01:00–01:30 occurs twice', nySunday([r('01:00', '01:30')]), '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 60],
    ['Shanghai has no DST', calendar('Asia/Shanghai', { sun: [r('00:00', '24:00')] }), '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z', 1440],
    ['leap day counts', utcOffice, '2028-02-28T00:00:00Z', '2028-03-01T00:00:00Z', 1080],
    ['24×7', DEFAULT_CALENDAR_24X7, '2026-01-05T00:00:00Z', '2026-01-05T01:30:15Z', 90.25],
  ] as const)('%s', (_name, cal, from, to, expected) => {
    expect(businessMinutesBetween(cal, new Date(from), new Date(to))).toBe(expected);
  });

  it('businessMsBetween keeps milliseconds', () => {
    expect(businessMsBetween(shanghai, new Date('2026-01-05T17:59:59.250+08:00'), new Date('2026-01-06T09:00:00.001+08:00'))).toBe(751);
  });
});

describe('isBusinessTime and nextOpening', () => {
  it.each([
    ['opening instant', shanghai, '2026-01-05T09:00:00+08:00', true],
    ['closing instant', shanghai, '2026-01-05T18:00:00+08:00', false],
    ['last millisecond', shanghai, '2026-01-05T17:59:59.999+08:00', true],
    ['lunch', lunch, '2026-01-05T12:00:00+08:00', false],
    ['Saturday 01:00 after Friday night', nightUtc, '2026-01-10T01:00:00Z', true],
    ['Saturday 02:00 after Friday night', nightUtc, '2026-01-10T02:00:00Z', false],
    ['working Sunday (调休)', springFestival, '2026-02-15T12:00:00+08:00', true],
    ['Spring Festival Monday', springFestival, '2026-02-16T12:00:00+08:00', false],
    ['repeated 01:10 EST', nySunday([r('01:00', '01:30')]), '2026-11-01T01:10:00-05:00', true],
    ['24×7', DEFAULT_CALENDAR_24X7, '2026-01-10T03:00:00Z', true],
  ] as const)('isBusinessTime: %s', (_name, cal, at, expected) => {
    expect(isBusinessTime(cal, new Date(at))).toBe(expected);
  });

  it.each([
    ['inside hours returns the instant', shanghai, '2026-01-05T10:00:00.123+08:00', '2026-01-05T10:00:00.123+08:00'],
    ['closing time', shanghai, '2026-01-05T18:00:00+08:00', '2026-01-06T09:00:00+08:00'],
    ['Spring Festival', springFestival, '2026-02-16T00:00:00+08:00', '2026-02-23T09:00:00+08:00'],
    ['Saturday before a working Sunday', springFestival, '2026-02-14T12:00:00+08:00', '2026-02-15T09:00:00+08:00'],
    ['range start in the spring-forward gap', nySunday([r('02:30', '05:00')]), '2026-03-08T00:00:00-05:00', '2026-03-08T03:00:00-04:00'],
  ] as const)('nextOpening: %s', (_name, cal, at, expected) => {
    expect(nextOpening(cal, new Date(at)).toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('businessIntervals', () => {
  const iso = (intervals: { start: Date; end: Date }[]): string[][] =>
    intervals.map(({ start, end }) => [start.toISOString(), end.toISOString()]);

  it('lists both ranges of a lunch day', () => {
    expect(iso(businessIntervals(lunch, new Date('2026-01-05T00:00:00+08:00'), new Date('2026-01-06T00:00:00+08:00')))).toEqual([
      ['2026-01-05T01:00:00.000Z', '2026-01-05T04:00:00.000Z'],
      ['2026-01-05T05:30:00.000Z', '2026-01-05T10:00:00.000Z'],
    ]);
  });

  it('clips to the window and merges a range cut by UTC midnight', () => {
    const early = calendar('Asia/Shanghai', { mon: [r('06:00', '10:00')] });
    expect(iso(businessIntervals(early, new Date('2026-01-04T21:00:00Z'), new Date('2026-01-05T01:00:00Z')))).toEqual([
      ['2026-01-04T22:00:00.000Z', '2026-01-05T01:00:00.000Z'],
    ]);
  });

  it('splits a repeated fall-back hour into two intervals', () => {
    expect(iso(businessIntervals(nySunday([r('01:00', '01:30')]), new Date('2026-11-01T00:00:00Z'), new Date('2026-11-02T00:00:00Z')))).toEqual([
      ['2026-11-01T05:00:00.000Z', '2026-11-01T05:30:00.000Z'],
      ['2026-11-01T06:00:00.000Z', '2026-11-01T06:30:00.000Z'],
    ]);
  });

  it('merges adjacent ranges across midnight and returns nothing for an empty window', () => {
    const joined = calendar('UTC', { mon: [r('20:00', '24:00')], tue: [r('00:00', '04:00')] });
    expect(iso(businessIntervals(joined, new Date('2026-01-05T00:00:00Z'), new Date('2026-01-07T00:00:00Z')))).toEqual([
      ['2026-01-05T20:00:00.000Z', '2026-01-06T04:00:00.000Z'],
    ]);
    expect(businessIntervals(joined, new Date('2026-01-06T00:00:00Z'), new Date('2026-01-05T00:00:00Z'))).toEqual([]);
    expect(iso(businessIntervals(DEFAULT_CALENDAR_24X7, new Date('2026-01-05T00:00:00Z'), new Date('2026-01-06T00:00:00Z')))).toEqual([
      ['2026-01-05T00:00:00.000Z', '2026-01-06T00:00:00.000Z'],
    ]);
  });
});

describe('validateCalendar', () => {
  const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(defaultOfficeCalendar('Asia/Shanghai'))) as Record<string, unknown>;
  const withWeekly = (weekly: Partial<Record<Weekday, unknown>>): Record<string, unknown> => ({ ...valid(), weekly: { ...weekly } });
  const problemsOf = (input: unknown) => {
    const result = validateCalendar(input);
    return result.ok ? [] : result.problems.map(({ field, messageKey, params }) => ({ field, messageKey, ...(params ? { params } : {}) }));
  };

  it('accepts the defaults and the Spring Festival calendar', () => {
    expect(validateCalendar(defaultOfficeCalendar('America/New_York')).ok).toBe(true);
    expect(validateCalendar(DEFAULT_CALENDAR_24X7).ok).toBe(true);
    expect(validateCalendar(springFestival)).toEqual({ ok: true, calendar: springFestival });
  });

  it('normalises: missing weekdays and lists, canonical time zone, JSON round trip', () => {
    const result = validateCalendar({ timezone: 'asia/shanghai', weekly: { wed: [{ start: '09:00', end: '24:00' }] } });
    expect(result).toEqual({
      ok: true,
      calendar: calendar('Asia/Shanghai', { wed: [r('09:00', '24:00')] }),
    });
    if (result.ok) expect(JSON.parse(JSON.stringify(result.calendar))).toEqual(result.calendar);
  });

  it('accepts adjacent ranges and a night shift ending where Saturday starts', () => {
    expect(problemsOf(withWeekly({ mon: [r('09:00', '12:00'), r('12:00', '18:00')], fri: [r('22:00', '02:00')], sat: [r('02:00', '05:00')] }))).toEqual([]);
  });

  it.each([
    ['invalid_timezone', { ...valid(), timezone: 'Mars/Olympus_Mons' }, [{ field: 'timezone', messageKey: 'sla.calendar.invalid_timezone', params: { timezone: 'Mars/Olympus_Mons' } }]],
    ['invalid_time (hour 25)', withWeekly({ mon: [r('25:00', '26:00')] }), [
      { field: 'weekly.mon[0].start', messageKey: 'sla.calendar.invalid_time', params: { value: '25:00' } },
      { field: 'weekly.mon[0].end', messageKey: 'sla.calendar.invalid_time', params: { value: '26:00' } },
    ]],
    ['invalid_time (one digit hour)', withWeekly({ tue: [r('9:00', '18:00')] }), [{ field: 'weekly.tue[0].start', messageKey: 'sla.calendar.invalid_time', params: { value: '9:00' } }]],
    ['invalid_time (24:00 start)', withWeekly({ tue: [r('24:00', '02:00')] }), [{ field: 'weekly.tue[0].start', messageKey: 'sla.calendar.invalid_time', params: { value: '24:00' } }]],
    ['zero_length_range', withWeekly({ wed: [r('09:00', '09:00')] }), [{ field: 'weekly.wed[0]', messageKey: 'sla.calendar.zero_length_range' }]],
    ['overlapping_ranges (same day)', withWeekly({ mon: [r('09:00', '12:00'), r('11:00', '13:00')] }), [
      { field: 'weekly.mon[1]', messageKey: 'sla.calendar.overlapping_ranges', params: { other: 'weekly.mon[0]' } },
    ]],
    ['overlapping_ranges (night shift into Saturday)', withWeekly({ fri: [r('22:00', '02:00')], sat: [r('01:00', '05:00')] }), [
      { field: 'weekly.sat[0]', messageKey: 'sla.calendar.overlapping_ranges', params: { other: 'weekly.fri[0]' } },
    ]],
    ['overlapping_ranges (Sunday night into Monday)', withWeekly({ mon: [r('00:30', '08:00')], sun: [r('23:00', '01:00')] }), [
      { field: 'weekly.sun[0]', messageKey: 'sla.calendar.overlapping_ranges', params: { other: 'weekly.mon[0]' } },
    ]],
    ['overlapping_ranges (extra day against Friday night)', { ...withWeekly({ fri: [r('22:00', '02:00')] }), extraWorkingDays: [{ date: '2026-02-28', ranges: [r('01:00', '05:00')] }] }, [
      { field: 'extraWorkingDays[0].ranges[0]', messageKey: 'sla.calendar.overlapping_ranges', params: { other: '2026-02-27' } },
    ]],
    ['overlapping_ranges (extra day night into Monday)', { ...withWeekly({ mon: [r('09:00', '18:00')] }), extraWorkingDays: [{ date: '2026-03-01', ranges: [r('20:00', '10:00')] }] }, [
      { field: 'extraWorkingDays[0].ranges[0]', messageKey: 'sla.calendar.overlapping_ranges', params: { other: '2026-03-02' } },
    ]],
    ['empty_week', withWeekly({}), [{ field: 'weekly', messageKey: 'sla.calendar.empty_week' }]],
    ['invalid_date (30 February)', { ...valid(), holidays: [{ date: '2026-02-30' }] }, [{ field: 'holidays[0].date', messageKey: 'sla.calendar.invalid_date', params: { value: '2026-02-30' } }]],
    ['invalid_date (not a leap year)', { ...valid(), holidays: [{ date: '2026-02-29' }] }, [{ field: 'holidays[0].date', messageKey: 'sla.calendar.invalid_date', params: { value: '2026-02-29' } }]],
    ['invalid_date (slashes)', { ...valid(), extraWorkingDays: [{ date: '2026/02/15' }] }, [{ field: 'extraWorkingDays[0].date', messageKey: 'sla.calendar.invalid_date', params: { value: '2026/02/15' } }]],
    ['duplicate_date', { ...valid(), holidays: [{ date: '2026-02-17' }, { date: '2026-02-18' }, { date: '2026-02-17' }] }, [
      { field: 'holidays[2].date', messageKey: 'sla.calendar.duplicate_date', params: { date: '2026-02-17', other: 'holidays[0]' } },
    ]],
    ['conflicting_date', { ...valid(), holidays: [{ date: '2026-02-15' }], extraWorkingDays: [{ date: '2026-02-15' }] }, [
      { field: 'extraWorkingDays[0].date', messageKey: 'sla.calendar.conflicting_date', params: { date: '2026-02-15', other: 'holidays[0]' } },
    ]],
    ['missing_ranges', { ...withWeekly({ sat: [r('10:00', '12:00')] }), extraWorkingDays: [{ date: '2026-02-15' }] }, [
      { field: 'extraWorkingDays[0].ranges', messageKey: 'sla.calendar.missing_ranges' },
    ]],
    ['missing timezone and weekly', {}, [
      { field: 'timezone', messageKey: 'validation.required' },
      { field: 'weekly', messageKey: 'validation.required' },
    ]],
    ['unknown fields', { ...valid(), colour: 'red', weekly: { ...(valid().weekly as object), caturday: [] } }, [
      { field: 'colour', messageKey: 'validation.unknown_field' },
      { field: 'weekly.caturday', messageKey: 'validation.unknown_field' },
    ]],
    ['wrong types', { ...valid(), alwaysOpen: 'yes', holidays: {}, weekly: { mon: 'all day' } }, [
      { field: 'alwaysOpen', messageKey: 'validation.invalid_type', params: { expected: 'boolean' } },
      { field: 'weekly.mon', messageKey: 'validation.invalid_type', params: { expected: 'array' } },
      { field: 'holidays', messageKey: 'validation.invalid_type', params: { expected: 'array' } },
    ]],
    ['not an object', 'Asia/Shanghai', [{ field: '', messageKey: 'validation.invalid_type', params: { expected: 'object' } }]],
  ] as const)('%s', (_name, input, expected) => {
    expect(problemsOf(input)).toEqual(expected);
  });

  it('allows an empty week when 24×7 or when extra working days carry hours', () => {
    expect(validateCalendar({ ...withWeekly({}), alwaysOpen: true }).ok).toBe(true);
    expect(validateCalendar({ ...withWeekly({}), extraWorkingDays: [{ date: '2026-02-15', ranges: [r('09:00', '12:00')] }] }).ok).toBe(true);
  });

  it('has an English and a Chinese message for every calendar problem key', () => {
    const keys = [
      'invalid_timezone',
      'invalid_time',
      'invalid_date',
      'zero_length_range',
      'overlapping_ranges',
      'empty_week',
      'duplicate_date',
      'conflicting_date',
      'missing_ranges',
    ].map((key) => `sla.calendar.${key}`);
    expect(Object.keys(CALENDAR_MESSAGES.en).sort()).toEqual([...keys].sort());
    expect(Object.keys(CALENDAR_MESSAGES['zh-CN']).sort()).toEqual([...keys].sort());
  });
});
