import { describe, expect, it } from 'vitest';
import { canTransition, stageOfAction, stageOfStatus, statusAfterAssignment, statusAfterCustomerReply, TICKET_STATUSES, type TicketStatus } from './ticket-status.ts';

// Rows: from; columns: to, in TICKET_STATUSES order (new, open, pending, on_hold, solved, closed).
const EXPECTED: Record<TicketStatus, string> = {
  new: '. Y Y Y Y .',
  open: '. . Y Y Y .',
  pending: '. Y . Y Y .',
  on_hold: '. Y Y . Y .',
  solved: '. Y . . . Y',
  closed: '. . . . . .',
};

const pairs = TICKET_STATUSES.flatMap((from) =>
  TICKET_STATUSES.map((to, index) => ({ from, to, allowed: EXPECTED[from].split(' ')[index] === 'Y' })),
);

describe('canTransition', () => {
  it('covers all 36 pairs', () => {
    expect(pairs).toHaveLength(36);
  });

  it.each(pairs)('$from → $to: $allowed', ({ from, to, allowed }) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('never leads back to new, never leaves closed, and never skips solved on the way to closed', () => {
    for (const from of TICKET_STATUSES) {
      expect(canTransition(from, 'new')).toBe(false);
      expect(canTransition('closed', from)).toBe(false);
      if (from !== 'solved') expect(canTransition(from, 'closed')).toBe(false);
    }
  });
});

describe('automatic moves', () => {
  it.each([
    ['new', 'u1', 'open'],
    ['new', null, 'new'],
    ['pending', 'u1', 'pending'],
    ['open', 'u1', 'open'],
  ] as const)('assignment on %s with %s → %s', (status, assignee, expected) => {
    expect(statusAfterAssignment(status, assignee)).toBe(expected);
  });

  it.each([
    ['new', 'new'],
    ['open', 'open'],
    ['pending', 'open'],
    ['on_hold', 'on_hold'],
    ['solved', 'open'],
    ['closed', 'closed'],
  ] as const)('customer reply on %s → %s', (status, expected) => {
    expect(statusAfterCustomerReply(status)).toBe(expected);
  });

  it('maps each status to a process stage', () => {
    expect(TICKET_STATUSES.map(stageOfStatus)).toEqual(['intake', 'handling', 'waiting', 'waiting', 'resolution', 'closure']);
  });
});

describe('stageOfAction', () => {
  it.each([
    ['created', 'new', 'intake'],
    ['assigned', 'open', 'assignment'],
    ['transferred', 'on_hold', 'assignment'],
    ['status_changed', 'pending', 'waiting'],
    ['status_changed', 'solved', 'resolution'],
    ['status_changed', 'closed', 'closure'],
    ['message', 'open', 'handling'],
    ['message', 'new', 'intake'],
    ['updated', 'on_hold', 'waiting'],
    ['merged', 'closed', 'closure'],
  ] as const)('%s leaving the ticket %s → %s', (action, status, expected) => {
    expect(stageOfAction(action, status)).toBe(expected);
  });
});
