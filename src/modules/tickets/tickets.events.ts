import { typedOutbox } from '../../platform/outbox.ts';
import type { Priority } from './ticket-fields.ts';
import type { TicketRecord } from './tickets.repository.ts';
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

/**
 * The ticket as it is after the change, carried by every ticket event, so that subscribers (SLA, routing, rules,
 * channels, analytics) need not read it back. Custom fields are the stored values, hidden fields included:
 * subscribers run on the server, and what a viewer may see is decided when something is shown.
 */
export type TicketEventBase = Pick<
  TicketRecord,
  'number' | 'subject' | 'status' | 'priority' | 'urgency' | 'type' | 'channel' | 'tags' | 'customFields' | 'teamId' | 'departmentId' | 'assigneeId' | 'customerId'
> & {
  ticketId: string;
  /** ISO text, as JSON carries it. */
  createdAt: string;
};

export interface FieldChange {
  from: unknown;
  to: unknown;
}

export interface TicketCreatedPayload extends TicketEventBase {
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
  from: Priority;
  to: Priority;
}
export interface MessageAddedPayload extends TicketEventBase {
  messageId: string;
  kind: 'reply' | 'note';
  body: string;
  authorType: 'agent' | 'customer' | 'system' | 'bot';
  authorId: string | null;
  isAutoReply: boolean;
  attachmentIds: string[];
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

/** Event type → payload: what `ticketsOutbox` emits and what its subscribers receive. */
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

/** The outbox typed by this module's events: emit them here, and subscribe to them with `ticketsOutbox.subscriber`. */
export const ticketsOutbox = typedOutbox<TicketEventPayloads>();
