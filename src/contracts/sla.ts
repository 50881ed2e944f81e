/** The vocabularies of SLA policies and clocks, shared by the server and the web app. Pure constants: no imports. */

/** A ticket's SLA summary (the list's badge and the "SLA at risk" filter). */
export const SLA_STATES = ['none', 'active', 'warning', 'breached', 'paused', 'met'] as const;
export type SlaState = (typeof SLA_STATES)[number];

/** The state of one target's clock; `breached` = running past its due time. */
export const TARGET_STATUSES = ['active', 'paused', 'met', 'breached', 'cancelled'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export const METRICS = ['first_response', 'next_response', 'progress_update', 'resolution'] as const;
export type Metric = (typeof METRICS)[number];

export const ESCALATION_TRIGGERS = ['applied', 'warning', 'breached'] as const;
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];

export const ESCALATION_ACTIONS = ['notify_supervisor', 'assign_to', 'create_task'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
