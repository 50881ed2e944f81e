import { describe, expect, it } from 'vitest';
import { formatTicketNumber, localDay, normalizeTicketNumber, startOfLocalDay } from './numbering.ts';

describe('formatTicketNumber', () => {
  it.each([
    ['CS', '2024-05-01', 1, 'CS20240501001'],
    ['CS', '2024-05-01', 42, 'CS20240501042'],
    ['CS', '2024-05-01', 999, 'CS20240501999'],
    ['CS', '2024-05-01', 1000, 'CS202405011000'],
    ['KF', '2026-12-31', 12345, 'KF2026123112345'],
  ])('%s %s #%i → %s', (prefix, day, sequence, expected) => {
    expect(formatTicketNumber(prefix, day, sequence)).toBe(expected);
  });

  it('refuses sequences that cannot come from the counter', () => {
    expect(() => formatTicketNumber('CS', '2024-05-01', 0)).toThrow(RangeError);
    expect(() => formatTicketNumber('CS', '2024-05-01', 1.5)).toThrow(RangeError);
  });
});

describe('localDay', () => {
  it.each([
    ['2026-03-01T16:30:00Z', 'Asia/Shanghai', '2026-03-02'],
    ['2026-03-01T15:59:59Z', 'Asia/Shanghai', '2026-03-01'],
    ['2026-03-01T16:00:00Z', 'Asia/Shanghai', '2026-03-02'],
    ['2026-03-01T16:30:00Z', 'UTC', '2026-03-01'],
    ['2026-03-02T03:00:00Z', 'America/New_York', '2026-03-01'],
    ['2024-12-31T23:30:00Z', 'Asia/Shanghai', '2025-01-01'],
    ['2024-02-29T12:00:00Z', 'Pacific/Kiritimati', '2024-03-01'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(localDay(new Date(instant), zone)).toBe(expected);
  });

  it('gives the number date in the workspace time zone across UTC midnight', () => {
    expect(formatTicketNumber('CS', localDay(new Date('2026-03-01T16:30:00Z'), 'Asia/Shanghai'), 7)).toBe('CS20260302007');
  });
});

describe('normalizeTicketNumber', () => {
  it('trims and upper-cases', () => {
    expect(normalizeTicketNumber('  cs20240501001 ')).toBe('CS20240501001');
  });
});

describe('startOfLocalDay', () => {
  it.each([
    ['2026-03-02', 'Asia/Shanghai', '2026-03-01T16:00:00.000Z'],
    ['2026-03-02', 'UTC', '2026-03-02T00:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'],
    ['2026-06-15', 'Asia/Kolkata', '2026-06-14T18:30:00.000Z'],
  ])('%s in %s starts at %s', (day, zone, expected) => {
    expect(startOfLocalDay(day, zone).toISOString()).toBe(expected);
    expect(localDay(startOfLocalDay(day, zone), zone)).toBe(day);
  });
});
