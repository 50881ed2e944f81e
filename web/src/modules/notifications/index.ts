/** Notifications: the bell in the app header (with its drop-down list), the list items, read marks. */
export { notificationsApi, type AppNotification } from './api.ts';
export { NotificationBell } from './components/notification-bell.tsx';
export { NotificationItem } from './components/notification-item.tsx';
export { notificationKeys, useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './hooks.ts';
