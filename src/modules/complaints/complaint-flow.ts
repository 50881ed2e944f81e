/**
 * The complaint's closed loop as a pure state machine: received → recorded → confirmed → responded → proposed →
 * executing → follow_up → closed. A proposal that needs no approval goes straight to execution; a rejected one and
 * an unsatisfied follow-up go back to responded (propose again). A closed complaint reopened is a second complaint.
 */
import type { ComplaintStatus, Severity } from '../../contracts/complaints.ts';

export { COMPLAINT_STATUSES, SEVERITIES, ROOT_CAUSES, COMPENSATION_TYPES, SECOND_COMPLAINT_TARGET_PERCENT } from '../../contracts/complaints.ts';
export type { ComplaintStatus, Severity, RootCause, CompensationType } from '../../contracts/complaints.ts';

export const COMPLAINT_ACTIONS = ['record', 'confirm', 'respond', 'propose', 'approve', 'reject', 'executed', 'satisfied', 'unsatisfied'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

const MOVES: Record<ComplaintAction, { from: readonly ComplaintStatus[]; to: ComplaintStatus }> = {
  record: { from: ['received', 'recorded'], to: 'recorded' },
  confirm: { from: ['recorded'], to: 'confirmed' },
  respond: { from: ['confirmed'], to: 'responded' },
  propose: { from: ['responded', 'proposed', 'executing'], to: 'proposed' },
  approve: { from: ['proposed'], to: 'executing' },
  reject: { from: ['proposed'], to: 'responded' },
  executed: { from: ['executing'], to: 'follow_up' },
  satisfied: { from: ['follow_up'], to: 'closed' },
  unsatisfied: { from: ['follow_up'], to: 'responded' },
};

/**
 * The status after an action, or null when the action does not apply. `needsApproval` says whether a proposal
 * waits for a supervisor (otherwise it is executing at once); `openProposals` whether other proposals still wait
 * (a complaint executes once none does).
 */
export function nextComplaintStatus(status: ComplaintStatus, action: ComplaintAction, context: { needsApproval?: boolean; openProposals?: number } = {}): ComplaintStatus | null {
  const move = MOVES[action];
  if (!move.from.includes(status)) return null;
  if (action === 'propose') return context.needsApproval || status === 'proposed' ? 'proposed' : 'executing';
  if ((action === 'approve' || action === 'reject') && (context.openProposals ?? 0) > 0) return 'proposed';
  if (action === 'reject' && status === 'proposed') return 'responded';
  return move.to;
}

/** Over the threshold, a supervisor approves; at or under it the agent's proposal stands. */
export const needsApproval = (amountMinor: number, thresholdMinor: number): boolean => amountMinor > thresholdMinor;

/** The ticket priority a complaint's severity asks for: the SLA policies match on it (and on the type `complaint`). */
export const priorityForSeverity = (severity: Severity): 'P1' | 'P2' | 'P3' => (severity === 'critical' ? 'P1' : severity === 'major' ? 'P2' : 'P3');

/** Repeats over all complaints, in percent (one decimal); null with no complaints. */
export function secondComplaintRate(total: number, repeats: number): number | null {
  return total === 0 ? null : Math.round((repeats / total) * 1000) / 10;
}

/** Whether a supervisor may approve: supervisors and administrators. */
export const isSupervisorRole = (role: string): boolean => role === 'supervisor' || role === 'admin';
