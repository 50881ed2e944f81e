import './notifications.messages.ts';

import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { OutboxDispatcher } from '../../platform/outbox.ts';
import { createNotificationsService, type NotificationsService } from './notifications.service.ts';
import { notificationSubscribers } from './notifications.subscribers.ts';

export { notificationsRoutes, NotificationSchema } from './notifications.routes.ts';
export { NOTIFICATION_EVENTS, type NotificationCreatedPayload, type NotificationReadPayload } from './notifications.events.ts';
export type { NotificationsService, NotificationDraft, NotificationView } from './notifications.service.ts';
export type { NotificationParams, NotificationParam } from './notification-text.ts';
export { renderNotificationText } from './notification-text.ts';
export { SLA_NOTICE_KINDS } from './sla-notices.ts';

export interface NotificationsModuleDeps {
  db: Db;
  clock: Clock;
  dispatcher: OutboxDispatcher;
}

/**
 * The notification centre. Other modules' events become notifications through its subscribers; each notification
 * writes `notification.created`, which the realtime hub pushes to its recipient and a delivery channel may send on.
 */
export function createNotificationsModule(deps: NotificationsModuleDeps): NotificationsService {
  const service = createNotificationsService({ db: deps.db, clock: deps.clock });
  for (const subscriber of notificationSubscribers(service)) deps.dispatcher.subscribe(subscriber);
  return service;
}
