/** Wall-clock parts of an instant in a time zone, without a time-zone library (Intl knows the rules). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function wallClock(instant: number, timeZone: string): WallClock {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
}

/** The instant a local date begins in the zone (the first instant of that date, also on DST days). */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const target = Date.UTC(year, month - 1, day);
  let guess = target;
  // Two corrections settle the zone offset (it can differ between the guess and the answer around DST).
  for (let i = 0; i < 3; i++) {
    const wall = wallClock(guess, timeZone);
    const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
    guess += target - asUtc;
  }
  return guess;
}

export const isoDate = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export const hhmm = (wall: WallClock) => `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;

/**
 * The open hours of one local date: the parts of the intervals that fall on it, as 'HH:MM–HH:MM'
 * (an interval running to the next midnight ends at 24:00).
 */
export function hoursOnDay(intervals: { start: number; end: number }[], year: number, month: number, day: number, timeZone: string): string[] {
  const dayStart = startOfLocalDay(year, month, day, timeZone);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  const dayEnd = startOfLocalDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
  const ranges: string[] = [];
  for (const interval of intervals) {
    const start = Math.max(interval.start, dayStart);
    const end = Math.min(interval.end, dayEnd);
    if (end <= start) continue;
    ranges.push(`${hhmm(wallClock(start, timeZone))}–${end === dayEnd ? '24:00' : hhmm(wallClock(end, timeZone))}`);
  }
  return ranges;
}
