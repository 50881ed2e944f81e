import type { NotificationView } from '../../../../src/modules/notifications/index.ts';
import { api, type Wire } from '../../shared/index.ts';

/** A notification as the API sends it: title and body already in the UI's language (type-only from the server's door). */
export type AppNotification = Wire<NotificationView>;

export interface NotificationPage {
  items: AppNotification[];
  nextCursor: string | null;
}

export const notificationsApi = {
  list: (query: { unread?: boolean; cursor?: string | null; limit?: number }) =>
    api.get<NotificationPage>('/api/v1/notifications', { query: { unread: query.unread ? 'true' : undefined, cursor: query.cursor ?? undefined, limit: query.limit } }),
  unreadCount: () => api.get<{ unread: number; capped: boolean }>('/api/v1/notifications/unread-count'),
  markRead: (id: string) => api.post<AppNotification>(`/api/v1/notifications/${id}/read`, {}),
  markAllRead: () => api.post<{ count: number }>('/api/v1/notifications/read-all', {}),
};
