import { describe, expect, it } from 'vitest';
import { hoursOnDay, startOfLocalDay, wallClock } from './zoned-time.ts';

describe('wall-clock helpers', () => {
  it('finds local midnight in Shanghai and across a DST change in New York', () => {
    expect(new Date(startOfLocalDay(2026, 10, 11, 'Asia/Shanghai')).toISOString()).toBe('2026-10-10T16:00:00.000Z');
    expect(new Date(startOfLocalDay(2026, 3, 8, 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(startOfLocalDay(2026, 3, 9, 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('reads the wall clock of an instant', () => {
    expect(wallClock(Date.parse('2026-10-11T01:15:00Z'), 'Asia/Shanghai')).toEqual({ year: 2026, month: 10, day: 11, hour: 9, minute: 15 });
  });

  it('cuts intervals into the hours of each day', () => {
    const at = (iso: string) => Date.parse(iso);
    const intervals = [
      { start: at('2026-10-11T01:00:00Z'), end: at('2026-10-11T10:00:00Z') },
      { start: at('2026-10-12T14:00:00Z'), end: at('2026-10-12T18:00:00Z') },
    ];
    expect(hoursOnDay(intervals, 2026, 10, 11, 'Asia/Shanghai')).toEqual(['09:00–18:00']);
    expect(hoursOnDay(intervals, 2026, 10, 12, 'Asia/Shanghai')).toEqual(['22:00–24:00']);
    expect(hoursOnDay(intervals, 2026, 10, 13, 'Asia/Shanghai')).toEqual(['00:00–02:00']);
    expect(hoursOnDay(intervals, 2026, 10, 14, 'Asia/Shanghai')).toEqual([]);
  });
});
