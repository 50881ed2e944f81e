/** The events that become notifications, each subscriber inside the event's delivery transaction. */
import type { Subscriber } from '../../platform/outbox.ts';
import type { NotificationsService } from './notifications.service.ts';
import { SLA_NOTICE_EVENT_TYPES, slaNotices } from './sla-notices.ts';

export function notificationSubscribers(service: NotificationsService): Subscriber[] {
  return [
    {
      name: 'notifications.sla',
      types: SLA_NOTICE_EVENT_TYPES,
      handle: async (event, tx) => {
        await service.notifyInTransaction(tx, event.workspaceId, slaNotices(event));
      },
    },
  ];
}
