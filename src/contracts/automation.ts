/**
 * The vocabulary of automation rules and macros, shared by the server (its Zod schemas are built from these arrays)
 * and the web app's rule builder. Pure constants: no imports.
 */

/** Events a rule can fire on. `survey.csat_received` comes from the surveys module once it is there. */
export const EVENT_TRIGGERS = ['ticket.created', 'ticket.updated', 'message.added', 'ticket.status_changed', 'sla.warning', 'sla.breached', 'survey.csat_received'] as const;
export type EventTrigger = (typeof EVENT_TRIGGERS)[number];

export const CONDITION_OPERATORS = ['is', 'is_not', 'contains', 'not_contains', 'in', 'gt', 'lt', 'changed', 'changed_to', 'hours_since'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** Operators that need no value. */
export const VALUELESS_OPERATORS: readonly ConditionOperator[] = ['changed'];

/**
 * Fields a condition can read. Custom fields are `ticket.custom.<key>`; `event.*` are what the trigger carries
 * (`event.metric` of an SLA event, `event.score` of a CSAT score).
 */
export const CONDITION_FIELDS = [
  'ticket.subject',
  'ticket.description',
  'ticket.status',
  'ticket.priority',
  'ticket.urgency',
  'ticket.type',
  'ticket.channel',
  'ticket.tags',
  'ticket.teamId',
  'ticket.assigneeId',
  'ticket.departmentId',
  'ticket.createdAt',
  'ticket.updatedAt',
  'customer.name',
  'customer.tags',
  'customer.organizationName',
  'message.body',
  'message.kind',
  'message.authorType',
  'event.metric',
  'event.score',
] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];
export const CUSTOM_FIELD_PREFIX = 'ticket.custom.';

export const SETTABLE_FIELDS = ['status', 'priority', 'urgency', 'type'] as const;
export type SettableField = (typeof SETTABLE_FIELDS)[number];

export const ACTION_TYPES = [
  'set_field',
  'set_custom_field',
  'add_tags',
  'remove_tags',
  'assign_agent',
  'assign_team',
  'assign_by_routing',
  'escalate_to_supervisor',
  'add_note',
  'add_reply',
  'notify',
  'send_template',
  'webhook',
  'link_earlier_ticket',
  'create_subtask',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** What a macro may do: an agent's own edits on the ticket in front of them, nothing that leaves the building. */
export const MACRO_ACTION_TYPES: readonly ActionType[] = ['set_field', 'set_custom_field', 'add_tags', 'remove_tags', 'assign_agent', 'assign_team', 'add_note', 'add_reply'];

/** Firings one chain of events may cause on one ticket before the rules stop and say so on the timeline. */
export const FIRING_BUDGET = 10;
