import { describe, expect, it } from 'vitest';
import { canMoveSubtask, type SubtaskStatus } from '../../contracts/collaboration.ts';
import { canManageRequest, canSeeSubtask, dueTimesOf, progressOf, subtaskSlaState, warnAtFor } from './subtask-rules.ts';

const at = (time: string) => new Date(`2026-03-02T${time}:00Z`);

describe('canSeeSubtask', () => {
  const task = { departmentId: 'logistics', assigneeId: 'sam' };
  it.each([
    ['an agent sees every sub-task', { role: 'agent', userId: 'ann', teamIds: [] }, true],
    ['a supervisor sees every sub-task', { role: 'supervisor', userId: 'sue', teamIds: ['frontline'] }, true],
    ['a specialist of the department sees it', { role: 'specialist', userId: 'lee', teamIds: ['logistics'] }, true],
    ['its assignee sees it', { role: 'specialist', userId: 'sam', teamIds: ['finance'] }, true],
    ['a specialist of another department does not', { role: 'specialist', userId: 'fay', teamIds: ['finance'] }, false],
    ['a specialist without departments does not', { role: 'specialist', userId: 'nil', teamIds: [] }, false],
  ])('%s', (_name, viewer, visible) => {
    expect(canSeeSubtask(viewer, task)).toBe(visible);
  });
});

describe('canMoveSubtask', () => {
  it.each([
    ['open', 'in_progress', true],
    ['open', 'done', true],
    ['in_progress', 'open', true],
    ['in_progress', 'cancelled', true],
    ['done', 'open', true],
    ['done', 'cancelled', false],
    ['cancelled', 'open', false],
    ['open', 'open', false],
  ] as [SubtaskStatus, SubtaskStatus, boolean][])('%s → %s: %s', (from, to, allowed) => {
    expect(canMoveSubtask(from, to)).toBe(allowed);
  });
});

describe('progressOf', () => {
  it.each([
    [[], { done: 0, total: 0 }],
    [['open', 'done'], { done: 1, total: 2 }],
    [['done', 'done', 'cancelled'], { done: 2, total: 2 }],
    [['cancelled'], { done: 0, total: 0 }],
    [['in_progress', 'open', 'done'], { done: 1, total: 3 }],
  ] as [SubtaskStatus[], { done: number; total: number }][])('%j → %j', (statuses, expected) => {
    expect(progressOf(statuses.map((status) => ({ status })))).toEqual(expected);
  });
});

describe('subtaskSlaState', () => {
  const base = { status: 'open' as SubtaskStatus, dueAt: at('10:00'), warnAt: at('09:00'), completedAt: null as Date | null };
  it.each([
    ['no due time', { ...base, dueAt: null }, '08:00', 'none'],
    ['before the warning', base, '08:59', 'active'],
    ['at the warning', base, '09:00', 'warning'],
    ['at the due time', base, '10:00', 'breached'],
    ['in progress and late', { ...base, status: 'in_progress' as SubtaskStatus }, '11:00', 'breached'],
    ['done in time', { ...base, status: 'done' as SubtaskStatus, completedAt: at('09:30') }, '12:00', 'met'],
    ['done late', { ...base, status: 'done' as SubtaskStatus, completedAt: at('10:01') }, '12:00', 'missed'],
    ['cancelled', { ...base, status: 'cancelled' as SubtaskStatus }, '12:00', 'none'],
  ])('%s', (_name, subtask, now, state) => {
    expect(subtaskSlaState(subtask, at(now))).toBe(state);
  });
});

describe('dueTimesOf', () => {
  // A stand-in business calendar: only minutes from 09:00 count, so every business minute lands after 09:00.
  const fromNine = (start: Date, minutes: number) => new Date(Math.max(start.getTime(), at('09:00').getTime()) + minutes * 60_000);

  it('counts business minutes on the calendar for a business-time target', () => {
    expect(dueTimesOf({ minutes: 120, businessTime: true, warnPercent: 75 }, at('08:00'), fromNine)).toEqual({ dueAt: at('11:00'), warnAt: at('10:30') });
  });

  it('counts plain minutes otherwise', () => {
    expect(dueTimesOf({ minutes: 120, businessTime: false, warnPercent: 50 }, at('08:00'), fromNine)).toEqual({ dueAt: at('10:00'), warnAt: at('09:00') });
  });
});

describe('warnAtFor', () => {
  it.each([
    ['at the share of the span', at('08:00'), at('10:00'), 80, at('09:36')],
    ['none when due is not after creation', at('10:00'), at('10:00'), 80, null],
  ])('%s', (_name, start, due, percent, expected) => {
    expect(warnAtFor(start, due, percent)).toEqual(expected);
  });
});

describe('canManageRequest', () => {
  it.each([
    ['an agent', { role: 'agent', userId: 'ann', teamIds: [] }, 'zoe', true],
    ['a specialist of the department', { role: 'specialist', userId: 'lee', teamIds: ['logistics'] }, 'zoe', false],
    ['the specialist who asked', { role: 'specialist', userId: 'lee', teamIds: ['logistics'] }, 'lee', true],
  ])('%s', (_name, viewer, createdBy, allowed) => {
    expect(canManageRequest(viewer, { createdBy })).toBe(allowed);
  });
});
