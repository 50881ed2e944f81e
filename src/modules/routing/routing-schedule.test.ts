import { describe, expect, it } from 'vitest';
import { effectiveHours, isOnShift, nextShiftStart, validateWeeklyHours, type WeeklyHours } from './routing-schedule.ts';

const off = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const dayShift: WeeklyHours = { ...off, mon: [{ start: '09:00', end: '18:00' }], tue: [{ start: '09:00', end: '18:00' }] };
const nightShift: WeeklyHours = { ...off, fri: [{ start: '22:00', end: '06:00' }] };
const SHANGHAI = 'Asia/Shanghai';

describe('working schedules', () => {
  it.each([
    // 2026-03-02 is a Monday; Shanghai is UTC+8.
    ['before the Monday shift', dayShift, '2026-03-02T00:59:00Z', false],
    ['at its start', dayShift, '2026-03-02T01:00:00Z', true],
    ['during it', dayShift, '2026-03-02T05:30:00Z', true],
    ['at its end (exclusive)', dayShift, '2026-03-02T10:00:00Z', false],
    ['on a day off (Wednesday)', dayShift, '2026-03-04T03:00:00Z', false],
    ['in a night shift, Friday before midnight', nightShift, '2026-03-06T15:00:00Z', true],
    ['in a night shift, after midnight into Saturday', nightShift, '2026-03-06T21:30:00Z', true],
    ['after the night shift ends', nightShift, '2026-03-06T22:00:00Z', false],
    ['with no hours set (always on shift)', null, '2026-03-04T03:00:00Z', true],
  ] as const)('%s', (_, hours, at, expected) => {
    expect(isOnShift(hours, SHANGHAI, new Date(at))).toBe(expected);
  });

  it('reads the hours in the workspace time zone', () => {
    // 09:00 Monday in Berlin (UTC+1 in March) is 08:00Z: the same hours, another instant.
    expect(isOnShift(dayShift, 'Europe/Berlin', new Date('2026-03-02T08:30:00Z'))).toBe(true);
    expect(isOnShift(dayShift, SHANGHAI, new Date('2026-03-02T08:30:00Z'))).toBe(true);
    expect(isOnShift(dayShift, 'Europe/Berlin', new Date('2026-03-02T07:30:00Z'))).toBe(false);
    expect(isOnShift(dayShift, SHANGHAI, new Date('2026-03-02T10:30:00Z'))).toBe(false);
  });

  it.each([
    ['own hours win over the team’s', dayShift, nightShift, dayShift],
    ['without own hours, the team’s', null, nightShift, nightShift],
    ['with neither, none (always on shift)', null, null, null],
  ] as const)('effective hours: %s', (_, own, team, expected) => {
    expect(effectiveHours(own, team)).toEqual(expected);
  });

  it.each([
    ['from before Monday’s shift: Monday 09:00', '2026-03-02T00:00:00Z', '2026-03-02T01:00:00Z'],
    ['from inside Monday’s shift: Tuesday 09:00', '2026-03-02T03:00:00Z', '2026-03-03T01:00:00Z'],
    ['from the very start of a shift: the next one', '2026-03-02T01:00:00Z', '2026-03-03T01:00:00Z'],
    ['from Wednesday: next Monday', '2026-03-04T03:00:00Z', '2026-03-09T01:00:00Z'],
  ])('next shift start %s', (_, at, expected) => {
    expect(nextShiftStart(dayShift, SHANGHAI, new Date(at))?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it('never opens with no ranges, and says which range is wrong', () => {
    expect(nextShiftStart(off, SHANGHAI, new Date('2026-03-02T00:00:00Z'))).toBeNull();
    const bad = validateWeeklyHours({ ...off, tue: [{ start: '09:00', end: '18:00' }, { start: '25:00', end: '26:00' }] }, 'schedule');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((problem) => problem.field)).toContain('schedule.tue[1].start');
    expect(validateWeeklyHours(dayShift, 'schedule')).toEqual({ ok: true, hours: dayShift });
  });
});
