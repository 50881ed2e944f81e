import { describe, expect, it } from 'vitest';
import { builtInViewFilters, canSeeTicket, decodeCursor, encodeCursor, mergeViewFilters } from './ticket-list-query.ts';

const ID = '0b9f2d4e-8c1a-4f3b-9a57-2d1c3e4f5a6b';
const AT = '2026-03-02T01:00:00.000Z';

describe('cursors', () => {
  it.each([
    ['created_at', true, [AT, ID]],
    ['updated_at', false, [AT, ID]],
    ['priority', false, ['P1', AT, ID]],
    ['next_sla_due', false, ['infinity', ID]],
    ['next_sla_due', false, [AT, ID]],
  ] as const)('round-trips a %s cursor', (sort, descending, values) => {
    expect(decodeCursor(encodeCursor(sort, descending, values), sort, descending)).toEqual(values);
  });

  it('rejects cursors of another sort or direction, tampered values and garbage', () => {
    const cursor = encodeCursor('created_at', true, [AT, ID]);
    expect(decodeCursor(cursor, 'updated_at', true)).toBeNull();
    expect(decodeCursor(cursor, 'created_at', false)).toBeNull();
    expect(decodeCursor(encodeCursor('created_at', true, ["'; DROP TABLE tickets; --", ID]), 'created_at', true)).toBeNull();
    expect(decodeCursor(encodeCursor('priority', false, ['P9', AT, ID]), 'priority', false)).toBeNull();
    expect(decodeCursor(encodeCursor('created_at', true, [AT]), 'created_at', true)).toBeNull();
    expect(decodeCursor('not-a-cursor', 'created_at', true)).toBeNull();
    expect(decodeCursor('x'.repeat(600), 'created_at', true)).toBeNull();
  });
});

describe('views', () => {
  it('builds the built-in views for the viewer', () => {
    expect(builtInViewFilters('mine', { teamIds: [] })).toEqual({ assignee: 'me', status: ['new', 'open', 'pending', 'on_hold'] });
    expect(builtInViewFilters('team', { teamIds: ['t1'] }).team).toEqual(['t1']);
    expect(builtInViewFilters('sla_at_risk', { teamIds: [] })).toMatchObject({ slaAtRisk: true, sort: 'next_sla_due' });
    expect(builtInViewFilters('all', { teamIds: [] })).toEqual({});
  });

  it('lets explicit filters win key by key', () => {
    expect(mergeViewFilters({ assignee: 'me', status: ['open'] }, { status: ['solved'], priority: ['P1'] })).toEqual({
      assignee: 'me',
      status: ['solved'],
      priority: ['P1'],
    });
  });
});

describe('canSeeTicket', () => {
  const specialist = { role: 'specialist', userId: 'u1', teamIds: ['dep-tech'] };
  it.each([
    [{ departmentId: 'dep-tech', assigneeId: null }, true],
    [{ departmentId: 'dep-finance', assigneeId: 'u1' }, true],
    [{ departmentId: 'dep-finance', assigneeId: 'u2' }, false],
    [{ departmentId: null, assigneeId: null }, false],
  ])('specialist and %j → %s', (ticket, expected) => {
    expect(canSeeTicket(specialist, ticket)).toBe(expected);
  });

  it('lets other roles see every ticket of the workspace', () => {
    for (const role of ['admin', 'supervisor', 'agent', 'analyst']) {
      expect(canSeeTicket({ role, userId: 'u1', teamIds: [] }, { departmentId: null, assigneeId: null })).toBe(true);
    }
  });
});
