import { describe, expect, it } from 'vitest';
import { needsApproval, nextComplaintStatus, priorityForSeverity, secondComplaintRate, type ComplaintAction, type ComplaintStatus } from './complaint-flow.ts';

describe('the complaint loop', () => {
  const cases: [ComplaintStatus, ComplaintAction, { needsApproval?: boolean; openProposals?: number }, ComplaintStatus | null][] = [
    ['received', 'record', {}, 'recorded'],
    ['recorded', 'record', {}, 'recorded'],
    ['received', 'confirm', {}, null],
    ['recorded', 'confirm', {}, 'confirmed'],
    ['confirmed', 'respond', {}, 'responded'],
    ['recorded', 'respond', {}, null],
    ['responded', 'propose', { needsApproval: true }, 'proposed'],
    ['responded', 'propose', { needsApproval: false }, 'executing'],
    ['executing', 'propose', { needsApproval: false }, 'executing'],
    ['executing', 'propose', { needsApproval: true }, 'proposed'],
    ['proposed', 'propose', { needsApproval: false }, 'proposed'],
    ['confirmed', 'propose', {}, null],
    ['proposed', 'approve', {}, 'executing'],
    ['proposed', 'approve', { openProposals: 1 }, 'proposed'],
    ['proposed', 'reject', {}, 'responded'],
    ['proposed', 'reject', { openProposals: 1 }, 'proposed'],
    ['responded', 'approve', {}, null],
    ['executing', 'executed', {}, 'follow_up'],
    ['proposed', 'executed', {}, null],
    ['follow_up', 'satisfied', {}, 'closed'],
    ['follow_up', 'unsatisfied', {}, 'responded'],
    ['closed', 'satisfied', {}, null],
    ['closed', 'record', {}, null],
  ];
  it.each(cases)('%s --%s %o--> %s', (from, action, context, to) => {
    expect(nextComplaintStatus(from, action, context)).toBe(to);
  });
});

describe('complaint rules', () => {
  it.each([
    [20000, 20000, false],
    [20001, 20000, true],
    [0, 0, false],
  ])('amount %i over threshold %i needs approval: %s', (amount, threshold, expected) => {
    expect(needsApproval(amount, threshold)).toBe(expected);
  });
  it.each([
    ['critical', 'P1'],
    ['major', 'P2'],
    ['minor', 'P3'],
  ] as const)('severity %s → priority %s', (severity, priority) => {
    expect(priorityForSeverity(severity)).toBe(priority);
  });
  it.each([
    [0, 0, null],
    [20, 1, 5],
    [3, 1, 33.3],
  ])('%i complaints with %i repeats → %s %', (total, repeats, rate) => {
    expect(secondComplaintRate(total, repeats)).toBe(rate);
  });
});
