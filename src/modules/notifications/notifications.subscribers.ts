/** The events that become notifications, each handled inside the event's delivery transaction. */
import type { Subscriber } from '../../platform/outbox.ts';
import { slaOutbox } from '../sla/index.ts';
import type { NotificationsService } from './notifications.service.ts';
import { SLA_NOTICE_EVENT_TYPES, slaNotices } from './sla-notices.ts';

export function notificationSubscribers(service: NotificationsService): Subscriber[] {
  return [
    slaOutbox.subscriber({
      name: 'notifications.sla',
      types: SLA_NOTICE_EVENT_TYPES,
      handle: (event, tx) => service.notifyInTransaction(tx, event.workspaceId, slaNotices(event)).then(() => undefined),
    }),
  ];
}
