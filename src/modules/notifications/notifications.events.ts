import { typedOutbox } from '../../platform/outbox.ts';
import type { NotificationParams } from './notification-text.ts';

/**
 * Events of the notifications module. Their aggregate is the recipient (`RECIPIENT_AGGREGATE`, the user's id), so
 * the realtime hub delivers them to that user's sockets only.
 */
export const NOTIFICATION_EVENTS = {
  /** One per notification: the bell counts it, and a delivery channel (e-mail, later) subscribes to send it. */
  created: 'notification.created',
  /** The user read one or all: their other tabs update the bell. */
  read: 'notification.read',
} as const;

/** Everything a channel needs to deliver the notification without reading it back: the keys render in the user's language. */
export interface NotificationCreatedPayload {
  notificationId: string;
  userId: string;
  kind: string;
  titleKey: string;
  bodyKey: string | null;
  params: NotificationParams;
  ticketId: string | null;
  ticketNumber: string | null;
}

export interface NotificationReadPayload {
  userId: string;
  /** The one marked read; null when all were. */
  notificationId: string | null;
  count: number;
}

/** Event type → payload: what `notificationsOutbox` emits and what its subscribers (a delivery channel) receive. */
export interface NotificationEventPayloads {
  'notification.created': NotificationCreatedPayload;
  'notification.read': NotificationReadPayload;
}

/** The outbox typed by this module's events: emit them here, and subscribe to them with `notificationsOutbox.subscriber`. */
export const notificationsOutbox = typedOutbox<NotificationEventPayloads>();
