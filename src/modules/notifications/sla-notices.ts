/**
 * Which SLA events reach whom: the escalation's recipients (the team's supervisors, a new assignee, the owner of a
 * new task) and, at a warning or a breach, the ticket's assignee. Pure: the event in, the notifications out.
 */
import type { OutboxEvent } from '../../platform/outbox.ts';
import { SLA_EVENTS, type SlaEscalatedPayload, type SlaTargetEventPayload } from '../sla/index.ts';
import type { NotificationParams } from './notification-text.ts';
import type { NotificationDraft } from './notifications.service.ts';

export const SLA_NOTICE_EVENT_TYPES = [SLA_EVENTS.escalated, SLA_EVENTS.warning, SLA_EVENTS.breached] as const;

/** Kinds of notification these events make (the web app shows an icon per kind). */
export const SLA_NOTICE_KINDS = {
  warning: 'sla_warning',
  breached: 'sla_breached',
  escalated: 'sla_escalated',
  task: 'sla_task',
  assigned: 'sla_assigned',
} as const;

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

const metricParam = (metric: unknown): NotificationParams => (isString(metric) ? { metric: { key: `sla.metric.${metric}` } } : {});

export function slaNotices(event: OutboxEvent): NotificationDraft[] {
  const payload = event.payload as Partial<SlaEscalatedPayload & SlaTargetEventPayload>;
  if (!isString(payload.ticketId) || !isString(payload.number)) return [];
  const ticket = { ticketId: payload.ticketId, ticketNumber: payload.number };
  const sourceKey = `event:${event.id}`;
  const params: NotificationParams = { number: payload.number, ...metricParam(payload.metric) };

  if (event.type === SLA_EVENTS.warning || event.type === SLA_EVENTS.breached) {
    if (!isString(payload.assigneeId) || !isString(payload.metric)) return [];
    const breached = event.type === SLA_EVENTS.breached;
    return [
      {
        userId: payload.assigneeId,
        kind: breached ? SLA_NOTICE_KINDS.breached : SLA_NOTICE_KINDS.warning,
        titleKey: breached ? 'notifications.sla.breached' : 'notifications.sla.warning',
        params,
        ...ticket,
        sourceKey,
      },
    ];
  }

  if (event.type !== SLA_EVENTS.escalated) return [];
  const userIds = [...new Set((payload.recipients ?? []).flatMap((recipient) => ('userId' in recipient && isString(recipient.userId) ? [recipient.userId] : [])))];
  const note = isString(payload.note) ? payload.note : undefined;
  const base = { ...ticket, sourceKey, bodyKey: note ? 'notifications.sla.note' : null, params: { ...params, ...(note ? { note } : {}) } };
  const notice = ((): Pick<NotificationDraft, 'kind' | 'titleKey'> | undefined => {
    switch (payload.action) {
      case 'notify_supervisor':
        if (payload.trigger === 'applied' || !isString(payload.metric)) return { kind: SLA_NOTICE_KINDS.escalated, titleKey: 'notifications.sla.escalated_applied' };
        return { kind: SLA_NOTICE_KINDS.escalated, titleKey: payload.trigger === 'breached' ? 'notifications.sla.escalated_breached' : 'notifications.sla.escalated_warning' };
      case 'create_task':
        return { kind: SLA_NOTICE_KINDS.task, titleKey: 'notifications.sla.task' };
      case 'assign_to':
        return { kind: SLA_NOTICE_KINDS.assigned, titleKey: 'notifications.sla.assigned' };
      default:
        return undefined;
    }
  })();
  if (!notice) return [];
  return userIds.map((userId) => ({ userId, ...notice, ...base }));
}
