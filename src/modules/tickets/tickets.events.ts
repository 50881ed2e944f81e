import type { TicketStatus } from './ticket-status.ts';

/** Events the tickets module writes to the outbox, in the same transaction as the change. */
export const TICKET_EVENTS = {
  created: 'ticket.created',
  updated: 'ticket.updated',
  statusChanged: 'ticket.status_changed',
  assigned: 'ticket.assigned',
  priorityChanged: 'ticket.priority_changed',
  messageAdded: 'message.added',
  merged: 'ticket.merged',
  linked: 'ticket.linked',
  unlinked: 'ticket.unlinked',
} as const;
export type TicketEventType = (typeof TICKET_EVENTS)[keyof typeof TICKET_EVENTS];

/** Carried by every ticket event, so subscribers (SLA, routing, automation, analytics) rarely need to read back. */
export interface TicketEventBase {
  ticketId: string;
  number: string;
  status: TicketStatus;
  priority: string;
  urgency: string;
  type: string;
  channel: string;
  teamId: string | null;
  departmentId: string | null;
  assigneeId: string | null;
  customerId: string;
  createdAt: string;
}

export interface FieldChange {
  from: unknown;
  to: unknown;
}

export interface TicketCreatedPayload extends TicketEventBase {
  tags: string[];
  /** The customer's description, stored as the first message (no separate message.added is written). */
  firstMessageId: string | null;
}
export interface TicketUpdatedPayload extends TicketEventBase {
  changes: Record<string, FieldChange>;
}
export interface TicketStatusChangedPayload extends TicketEventBase {
  from: TicketStatus;
  to: TicketStatus;
}
export interface TicketAssignedPayload extends TicketEventBase {
  from: string | null;
  to: string | null;
}
export interface TicketPriorityChangedPayload extends TicketEventBase {
  from: string;
  to: string;
}
export interface MessageAddedPayload extends TicketEventBase {
  messageId: string;
  kind: 'reply' | 'note';
  authorType: 'agent' | 'customer' | 'system' | 'bot';
  authorId: string | null;
  isAutoReply: boolean;
}
export interface TicketMergedPayload extends TicketEventBase {
  /** The event's ticket is the source; it is now closed and points at the target. */
  targetId: string;
  targetNumber: string;
  copiedMessages: number;
}
export interface TicketLinkedPayload extends TicketEventBase {
  linkedTicketId: string;
  linkedNumber: string;
}

export interface TicketEventPayloads {
  'ticket.created': TicketCreatedPayload;
  'ticket.updated': TicketUpdatedPayload;
  'ticket.status_changed': TicketStatusChangedPayload;
  'ticket.assigned': TicketAssignedPayload;
  'ticket.priority_changed': TicketPriorityChangedPayload;
  'message.added': MessageAddedPayload;
  'ticket.merged': TicketMergedPayload;
  'ticket.linked': TicketLinkedPayload;
  'ticket.unlinked': TicketLinkedPayload;
}
