/** The freshness target of the playbooks: at least 10 new or revised articles a month. Pure month arithmetic. */

export const MONTHLY_TARGET = 10;

export interface MonthActivity {
  month: string;
  created: number;
  revised: number;
  total: number;
  target: number;
  met: boolean;
}

/** `YYYY-MM` of the months ending with `current`, oldest first. */
export function lastMonths(current: string, count: number): string[] {
  const [year, month] = current.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const index = year * 12 + (month - 1) - back;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/** Every month of the window, with zeros where nothing happened, against the target. */
export function monthlyFreshness(months: readonly string[], counted: readonly { month: string; created: number; revised: number }[], target = MONTHLY_TARGET): MonthActivity[] {
  const byMonth = new Map(counted.map((row) => [row.month, row]));
  return months.map((month) => {
    const row = byMonth.get(month);
    const created = row?.created ?? 0;
    const revised = row?.revised ?? 0;
    return { month, created, revised, total: created + revised, target, met: created + revised >= target };
  });
}

/** The month (YYYY-MM) an instant falls in, in a time zone. */
export function monthIn(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((part) => part.type === 'year')!.value}-${parts.find((part) => part.type === 'month')!.value}`;
}
