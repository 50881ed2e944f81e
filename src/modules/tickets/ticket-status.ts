/**
 * The ticket status machine: the statuses and the moves between them are declared once in src/contracts
 * (the web app offers the same moves); what follows is the server's side of the rules.
 */
import type { TicketStatus } from '../../contracts/tickets.ts';

export { TICKET_STATUSES, ACTIVE_STATUSES, NEXT_STATUSES, isTicketStatus, canTransition, type TicketStatus } from '../../contracts/tickets.ts';

/** Assigning someone to a ticket nobody has started yet starts it. */
export function statusAfterAssignment(current: TicketStatus, assigneeId: string | null): TicketStatus {
  return current === 'new' && assigneeId ? 'open' : current;
}

/** A customer writing back ends the wait, and a reply to a solved ticket reopens it. */
export function statusAfterCustomerReply(current: TicketStatus): TicketStatus {
  return current === 'pending' || current === 'solved' ? 'open' : current;
}

export type TimelineStage = 'intake' | 'assignment' | 'handling' | 'waiting' | 'resolution' | 'closure';

/** The process stage a ticket is in while it has this status (for stage-duration analysis). */
export function stageOfStatus(status: TicketStatus): TimelineStage {
  switch (status) {
    case 'new':
      return 'intake';
    case 'open':
      return 'handling';
    case 'pending':
    case 'on_hold':
      return 'waiting';
    case 'solved':
      return 'resolution';
    case 'closed':
      return 'closure';
  }
}

export type TimelineAction = 'created' | 'assigned' | 'transferred' | 'status_changed' | 'updated' | 'message' | 'merged' | 'linked' | 'unlinked';

/**
 * The stage a timeline step belongs to: routing steps are "assignment", a status change belongs to
 * the stage it enters, anything else to the stage the ticket is in afterwards.
 */
export function stageOfAction(action: TimelineAction, statusAfter: TicketStatus): TimelineStage {
  if (action === 'created') return 'intake';
  if (action === 'assigned' || action === 'transferred') return 'assignment';
  return stageOfStatus(statusAfter);
}
