import type { SubtaskStatus } from '../../contracts/collaboration.ts';
import { typedOutbox } from '../../platform/outbox.ts';

/**
 * Events of the collaboration module. Their aggregate is the sub-task's department (`DEPARTMENT_AGGREGATE`, the
 * department's id): the realtime hub delivers them to the department's specialists and to everyone who sees the whole
 * desk (the agent on the parent ticket), and a department's sub-task events are handled in order.
 */
export const SUBTASK_EVENTS = {
  created: 'subtask.created',
  /** Assignee, due time, title or status (started, reopened) changed. */
  updated: 'subtask.updated',
  completed: 'subtask.completed',
  cancelled: 'subtask.cancelled',
  warning: 'subtask.sla_warning',
  breached: 'subtask.sla_breached',
  /** A completed sub-task asks for a progress update to the customer; a customer channel sends it. */
  customerUpdate: 'subtask.customer_update',
} as const;

export const DEPARTMENT_AGGREGATE = 'department';

/** The sub-task as it is after the change, and the parent's progress then ("n of m done"). */
export interface SubtaskEventBase {
  subtaskId: string;
  ticketId: string;
  ticketNumber: string;
  departmentId: string;
  assigneeId: string | null;
  title: string;
  status: SubtaskStatus;
  /** ISO text, as JSON carries it. */
  dueAt: string | null;
  origin: string;
  progress: { done: number; total: number };
}

export interface SubtaskUpdatedPayload extends SubtaskEventBase {
  changes: Record<string, { from: unknown; to: unknown }>;
}

export interface SubtaskCompletedPayload extends SubtaskEventBase {
  resolution: string;
  completedBy: string | null;
  notifyCustomer: boolean;
}

export interface SubtaskCancelledPayload extends SubtaskEventBase {
  reason: string;
}

/** What a customer channel needs to tell the customer how far their request got. */
export interface SubtaskCustomerUpdatePayload {
  subtaskId: string;
  ticketId: string;
  ticketNumber: string;
  customerId: string;
  title: string;
  resolution: string;
  progress: { done: number; total: number };
}

/** Event type → payload: what `collaborationOutbox` emits and what its subscribers receive. */
export interface CollaborationEventPayloads {
  'subtask.created': SubtaskEventBase;
  'subtask.updated': SubtaskUpdatedPayload;
  'subtask.completed': SubtaskCompletedPayload;
  'subtask.cancelled': SubtaskCancelledPayload;
  'subtask.sla_warning': SubtaskEventBase;
  'subtask.sla_breached': SubtaskEventBase;
  'subtask.customer_update': SubtaskCustomerUpdatePayload;
}

/** The outbox typed by this module's events: emit them here, and subscribe to them with `collaborationOutbox.subscriber`. */
export const collaborationOutbox = typedOutbox<CollaborationEventPayloads>();
