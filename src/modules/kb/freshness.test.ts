import { describe, expect, it } from 'vitest';
import { lastMonths, monthIn, monthlyFreshness } from './freshness.ts';

describe('freshness', () => {
  it('counts back across a year', () => {
    expect(lastMonths('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('fills empty months and compares with the target', () => {
    expect(monthlyFreshness(['2026-01', '2026-02'], [{ month: '2026-02', created: 7, revised: 3 }])).toEqual([
      { month: '2026-01', created: 0, revised: 0, total: 0, target: 10, met: false },
      { month: '2026-02', created: 7, revised: 3, total: 10, target: 10, met: true },
    ]);
  });

  it.each([
    ['2026-01-31T16:30:00Z', 'Asia/Shanghai', '2026-02'],
    ['2026-01-31T16:30:00Z', 'UTC', '2026-01'],
  ])('%s in %s is %s', (at, zone, month) => {
    expect(monthIn(new Date(at), zone)).toBe(month);
  });
});
