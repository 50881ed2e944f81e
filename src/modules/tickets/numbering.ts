/** Ticket numbers: prefix + local date + daily sequence, e.g. `CS20240501001`. */

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
// Every create asks for its day; formatting is slow, and days only change on minute boundaries
// (all time-zone offsets are whole minutes).
const lastDay = new Map<string, { minute: number; day: string }>();

/** The calendar day ('YYYY-MM-DD') of an instant in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  const minute = Math.floor(at.getTime() / 60_000);
  const cached = lastDay.get(timeZone);
  if (cached?.minute === minute) return cached.day;
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, part.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  lastDay.set(timeZone, { minute, day });
  return day;
}

/** At least three digits; the sequence simply grows past 999 (`CS202405011000`). */
export function formatTicketNumber(prefix: string, day: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`bad ticket sequence ${sequence}`);
  return `${prefix}${day.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
}

/** What a user may type to find a ticket by number: trimmed, upper-cased. */
export function normalizeTicketNumber(input: string): string {
  return input.trim().toUpperCase();
}

/** The instant a local calendar day ('YYYY-MM-DD') starts in a time zone. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(year, month - 1, date);
  // Offsets can differ on either side of a DST change, so the guess is corrected twice.
  let instant = guess - offsetMs(new Date(guess), timeZone);
  instant = guess - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Local time minus UTC at an instant, in milliseconds. */
function offsetMs(at: Date, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return local - Math.floor(at.getTime() / 1000) * 1000;
}
