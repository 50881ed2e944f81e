import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useApiMutation, useLocale, type MutationFeedback } from '../../shared/index.ts';
import { notificationsApi } from './api.ts';

// Under 'notifications': the realtime socket invalidates them when one of the user's notifications is created or read.
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  // Titles come rendered in the UI's language: another language is another list.
  list: (locale: string, filter: { unread: boolean; limit: number }) => ['notifications', 'list', locale, filter] as const,
};

export function useUnreadCount() {
  return useQuery({ queryKey: notificationKeys.unread, queryFn: () => notificationsApi.unreadCount() });
}

/** The user's notifications, newest first, page by page. */
export function useNotifications(filter: { unread: boolean; limit: number }) {
  const locale = useLocale();
  return useInfiniteQuery({
    queryKey: notificationKeys.list(locale, filter),
    queryFn: ({ pageParam }) => notificationsApi.list({ ...filter, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useMarkRead(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => notificationsApi.markRead(id), invalidates: [notificationKeys.all] }, feedback);
}

export function useMarkAllRead(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: () => notificationsApi.markAllRead(), invalidates: [notificationKeys.all] }, feedback);
}
