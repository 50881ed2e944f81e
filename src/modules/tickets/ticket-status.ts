/**
 * The ticket status machine. `new` = pending assignment, `open` = in progress, `pending` = waiting on
 * the customer, `on_hold` = waiting on someone else (another department, a supplier), `solved` =
 * completed, `closed` = final. A solved ticket can be reopened; a closed one cannot (a new contact
 * becomes a follow-up ticket instead).
 */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which a ticket still needs work from the service side or the customer. */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];

const ALLOWED: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'on_hold', 'solved'],
  open: ['pending', 'on_hold', 'solved'],
  pending: ['open', 'on_hold', 'solved'],
  on_hold: ['open', 'pending', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

export function isTicketStatus(value: string): value is TicketStatus {
  return (TICKET_STATUSES as readonly string[]).includes(value);
}

/** Whether a ticket may move from one status to another by an explicit change (same status is no move). */
export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return ALLOWED[from].includes(to);
}

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
