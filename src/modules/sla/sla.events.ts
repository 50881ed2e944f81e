import { typedOutbox } from '../../platform/outbox.ts';
import type { EscalationAction, EscalationTrigger, Metric } from './sla-policy.ts';

/** Events the SLA engine writes to the outbox, in the same transaction as the change. */
export const SLA_EVENTS = {
  policyApplied: 'sla.policy_applied',
  warning: 'sla.warning',
  breached: 'sla.breached',
  escalated: 'sla.escalated',
  taskCompleted: 'sla.task_completed',
} as const;
export type SlaEventType = (typeof SLA_EVENTS)[keyof typeof SLA_EVENTS];

interface SlaTicketRef {
  ticketId: string;
  number: string;
  priority: string | null;
  teamId: string | null;
  assigneeId: string | null;
}

/** A ticket got a policy (at creation, or another one after a priority/team/policy change); null = none applies. */
export interface SlaPolicyAppliedPayload extends SlaTicketRef {
  policyId: string | null;
  policyName: string | null;
  previousPolicyId: string | null;
}

/** sla.warning and sla.breached: once per target (ticket, metric, cycle). */
export interface SlaTargetEventPayload extends SlaTicketRef {
  policyId: string | null;
  metric: Metric;
  cycle: number;
  dueAt: string;
  warnAt: string | null;
  businessTime: boolean;
  /** When the engine noticed (the timer's sweep); the warning/breach itself happened at warnAt/dueAt. */
  firedAt: string;
}

/**
 * A recipient of an escalation: a user — the supervisors of the ticket's team are resolved to their user ids — or,
 * where nobody resolves roles (an engine running without the identity module), the supervisors of a team (of the
 * workspace when teamId is null).
 */
export type EscalationRecipient = { userId: string } | { role: 'supervisor'; teamId: string | null };

export interface SlaEscalatedPayload extends SlaTicketRef {
  policyId: string;
  trigger: EscalationTrigger;
  metric: Metric | null;
  cycle: number | null;
  /** Index of the step in the policy's escalation list. */
  step: number;
  action: EscalationAction;
  recipients: EscalationRecipient[];
  assignedTo?: { userId: string | null; teamId: string | null };
  taskId?: string;
  note?: string;
}

export interface SlaTaskCompletedPayload {
  taskId: string;
  ticketId: string;
  completedBy: string | null;
}

/** Event type → payload: what `slaOutbox` emits and what its subscribers receive. */
export interface SlaEventPayloads {
  'sla.policy_applied': SlaPolicyAppliedPayload;
  'sla.warning': SlaTargetEventPayload;
  'sla.breached': SlaTargetEventPayload;
  'sla.escalated': SlaEscalatedPayload;
  'sla.task_completed': SlaTaskCompletedPayload;
}

/** The outbox typed by this module's events: emit them here, and subscribe to them with `slaOutbox.subscriber`. */
export const slaOutbox = typedOutbox<SlaEventPayloads>();
