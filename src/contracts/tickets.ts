/**
 * The closed vocabularies of a ticket and its status machine, shared by the server (its Zod enums are built
 * from these arrays) and the web app. Pure constants and functions: no imports.
 */

/**
 * `new` = pending assignment, `open` = in progress, `pending` = waiting on the customer, `on_hold` = waiting
 * on someone else (another department, a supplier), `solved` = completed, `closed` = final.
 */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which a ticket still needs work from the service side or the customer. */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];

/**
 * Which status an explicit change may move a ticket to. A solved ticket can be reopened; a closed one
 * cannot (a new contact becomes a follow-up ticket instead).
 */
export const NEXT_STATUSES: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
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
  return NEXT_STATUSES[from].includes(to);
}

/** P1 = most severe. */
export const PRIORITIES = ['P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** How soon the customer needs it, apart from how severe it is (priority). */
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

// 'webhook' (channels module, messaging): conversations of a messaging app connected by a signed webhook.
export const CHANNELS = ['email', 'web', 'chat', 'phone', 'wechat', 'api', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The views every user has in the inbox; saved views are added by id. */
export const BUILT_IN_VIEWS = ['mine', 'unassigned', 'team', 'sla_at_risk', 'all'] as const;
export type BuiltInView = (typeof BUILT_IN_VIEWS)[number];

export const SORT_KEYS = ['created_at', 'updated_at', 'priority', 'next_sla_due'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const MESSAGE_KINDS = ['reply', 'note'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Who wrote a message: an agent, the customer (through a channel or an integration), the system or a bot. */
export const MESSAGE_AUTHOR_TYPES = ['agent', 'customer', 'system', 'bot'] as const;
export type MessageAuthorType = (typeof MESSAGE_AUTHOR_TYPES)[number];

/** How far a channel got with an outbound message; none for messages that went through no channel. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multi_select', 'checkbox'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
