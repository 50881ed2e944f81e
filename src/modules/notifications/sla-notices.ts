/**
 * Which SLA events reach whom: the escalation's recipients (the team's supervisors, a new assignee, the owner of a
 * new task) and, at a warning or a breach, the ticket's assignee. Pure: the event in, the notifications out.
 */
import type { EventOf } from '../../platform/outbox.ts';
import { SLA_EVENTS, type SlaEventPayloads } from '../sla/index.ts';
import type { NotificationParams } from './notification-text.ts';
import type { NotificationDraft } from './notifications.service.ts';

export const SLA_NOTICE_EVENT_TYPES = [SLA_EVENTS.escalated, SLA_EVENTS.warning, SLA_EVENTS.breached] as const;
export type SlaNoticeEvent = EventOf<SlaEventPayloads, (typeof SLA_NOTICE_EVENT_TYPES)[number]>;

/** Kinds of notification these events make (the web app shows an icon per kind). */
export const SLA_NOTICE_KINDS = {
  warning: 'sla_warning',
  breached: 'sla_breached',
  escalated: 'sla_escalated',
  task: 'sla_task',
  assigned: 'sla_assigned',
} as const;

const metricParam = (metric: string | null): NotificationParams => (metric ? { metric: { key: `sla.metric.${metric}` } } : {});

export function slaNotices(event: SlaNoticeEvent): NotificationDraft[] {
  const { payload } = event;
  const ticket = { ticketId: payload.ticketId, ticketNumber: payload.number };
  const sourceKey = `event:${event.id}`;
  const params: NotificationParams = { number: payload.number, ...metricParam(payload.metric) };

  if (event.type === SLA_EVENTS.warning || event.type === SLA_EVENTS.breached) {
    if (!event.payload.assigneeId) return [];
    const breached = event.type === SLA_EVENTS.breached;
    return [
      {
        userId: event.payload.assigneeId,
        kind: breached ? SLA_NOTICE_KINDS.breached : SLA_NOTICE_KINDS.warning,
        titleKey: breached ? 'notifications.sla.breached' : 'notifications.sla.warning',
        params,
        ...ticket,
        sourceKey,
      },
    ];
  }

  const escalated = event.payload;
  // Recipients still described by role are the engine's when nobody resolved them (no identity module): nobody to notify.
  const userIds = [...new Set(escalated.recipients.flatMap((recipient) => ('userId' in recipient ? [recipient.userId] : [])))];
  const note = escalated.note || undefined;
  const base = { ...ticket, sourceKey, bodyKey: note ? 'notifications.sla.note' : null, params: { ...params, ...(note ? { note } : {}) } };
  const notice = ((): Pick<NotificationDraft, 'kind' | 'titleKey'> => {
    switch (escalated.action) {
      case 'notify_supervisor':
        if (escalated.trigger === 'applied' || !escalated.metric) return { kind: SLA_NOTICE_KINDS.escalated, titleKey: 'notifications.sla.escalated_applied' };
        return { kind: SLA_NOTICE_KINDS.escalated, titleKey: escalated.trigger === 'breached' ? 'notifications.sla.escalated_breached' : 'notifications.sla.escalated_warning' };
      case 'create_task':
        return { kind: SLA_NOTICE_KINDS.task, titleKey: 'notifications.sla.task' };
      case 'assign_to':
        return { kind: SLA_NOTICE_KINDS.assigned, titleKey: 'notifications.sla.assigned' };
    }
  })();
  return userIds.map((userId) => ({ userId, ...notice, ...base }));
}
