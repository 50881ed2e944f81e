import './notifications.messages.ts';

import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { createNotificationsService, type NotificationsService } from './notifications.service.ts';
import { notificationSubscribers } from './notifications.subscribers.ts';

export { NotificationSchema } from './notifications.routes.ts';
export { NOTIFICATION_EVENTS, notificationsOutbox, type NotificationEventPayloads, type NotificationCreatedPayload, type NotificationReadPayload } from './notifications.events.ts';
export type { NotificationsService, NotificationDraft, NotificationView } from './notifications.service.ts';
export type { NotificationParams, NotificationParam } from './notification-text.ts';
export { renderNotificationText } from './notification-text.ts';
export { SLA_NOTICE_KINDS } from './sla-notices.ts';

/**
 * The notification centre. Other modules' events become notifications through its subscribers; each notification
 * writes `notification.created`, which the realtime hub pushes to its recipient and a delivery channel may send on.
 */
export function createNotificationsModule(deps: Pick<ModulePlatform, 'db' | 'clock'>): KefuModule<NotificationsService> {
  const notifications = createNotificationsService(deps);
  return { service: notifications, routes: (app) => notificationsRoutes(app, { notifications }), subscribers: notificationSubscribers(notifications), timers: [] };
}
