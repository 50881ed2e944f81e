import { typedOutbox } from '../../platform/outbox.ts';
import type { ComplaintStatus } from './complaint-flow.ts';

/** Complaint events; their aggregate is the complaint's ticket, so the ticket's viewers hear of them in order. */
export const COMPLAINT_EVENTS = {
  created: 'complaint.created',
  statusChanged: 'complaint.status_changed',
  compensationProposed: 'compensation.proposed',
  compensationDecided: 'compensation.decided',
  compensationExecuted: 'compensation.executed',
  followUpCreated: 'follow_up.created',
  followUpEscalated: 'follow_up.escalated',
  followUpCompleted: 'follow_up.completed',
} as const;

export interface ComplaintEventBase {
  complaintId: string;
  ticketId: string;
  ticketNumber: string;
  status: ComplaintStatus;
  isRepeat: boolean;
}

export interface CompensationEventPayload {
  compensationId: string;
  complaintId: string;
  ticketId: string;
  type: string;
  amountMinor: number;
  currency: string;
  status: string;
}

export interface FollowUpEventPayload {
  followUpId: string;
  ticketId: string;
  ticketNumber: string;
  complaintId: string | null;
  reason: string;
  status: string;
  assigneeId: string | null;
}

export interface ComplaintEventPayloads {
  'complaint.created': ComplaintEventBase & { severity: string; rootCause: string };
  'complaint.status_changed': ComplaintEventBase & { from: ComplaintStatus };
  'compensation.proposed': CompensationEventPayload;
  'compensation.decided': CompensationEventPayload;
  'compensation.executed': CompensationEventPayload;
  'follow_up.created': FollowUpEventPayload;
  'follow_up.escalated': FollowUpEventPayload;
  'follow_up.completed': FollowUpEventPayload & { satisfied: boolean | null };
}

export const complaintsOutbox = typedOutbox<ComplaintEventPayloads>();
