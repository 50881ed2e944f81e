import { describe, expect, it } from 'vitest';
import { countExtraFilters, filtersFromSearch, searchFromFilters } from './filters.ts';
import { neighbourOf } from './inbox-order.ts';

describe('inbox filters in the URL', () => {
  it('round-trips every filter', () => {
    const filters = { view: 'all', q: '退款 refund', status: ['open' as const, 'pending' as const], priority: ['P1' as const], assignee: 'me', team: ['t1'], type: ['complaint'], channel: ['email' as const], tag: ['vip'], sort: 'priority' as const };
    expect(filtersFromSearch(searchFromFilters(filters), 'mine')).toEqual(filters);
  });

  it('drops unknown values and falls back to the default view', () => {
    const filters = filtersFromSearch(new URLSearchParams('view=nope&status=open,bogus&priority=P9&sort=random'), 'mine');
    expect(filters).toMatchObject({ view: 'mine', status: ['open'], priority: undefined, sort: undefined });
  });

  it('counts the filters hidden behind "More filters"', () => {
    expect(countExtraFilters({ view: 'all', q: 'x', status: ['open'] })).toBe(0);
    expect(countExtraFilters({ assignee: 'none', type: ['a'], tag: [] })).toBe(2);
  });
});

describe('next and previous ticket', () => {
  const order = { ids: ['a', 'b', 'c'], from: '/inbox' };
  it('follows the inbox order and stops at its ends', () => {
    expect(neighbourOf(order, 'b', 1)).toBe('c');
    expect(neighbourOf(order, 'b', -1)).toBe('a');
    expect(neighbourOf(order, 'c', 1)).toBeUndefined();
    expect(neighbourOf(undefined, 'a', 1)).toBeUndefined();
  });
});
