import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useLocale } from '../../shared/index.ts';
import { ticketsApi, type TicketFilters, type TicketType } from './api.ts';

export const ticketKeys = {
  all: ['tickets'] as const,
  list: (filters: TicketFilters) => ['tickets', 'list', filters] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  messages: (id: string) => ['tickets', 'messages', id] as const,
  timeline: (id: string) => ['tickets', 'timeline', id] as const,
  types: ['tickets', 'settings', 'types'] as const,
  customFields: ['tickets', 'settings', 'custom-fields'] as const,
  views: ['tickets', 'settings', 'views'] as const,
};

export const PAGE_SIZE = 50;

/** A ticket list as pages of a keyset cursor; realtime events refetch the pages already loaded. */
export function useTicketList(filters: TicketFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(filters),
    queryFn: ({ pageParam, signal }) => ticketsApi.list(filters, pageParam, PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    placeholderData: (previous) => previous,
  });
}

export function useTicketTypes() {
  return useQuery({ queryKey: ticketKeys.types, queryFn: () => ticketsApi.types().then((r) => r.items), staleTime: 5 * 60_000 });
}

/** The ticket type's name in the UI language (types are data, named by the admin in both languages). */
export function useTypeName(): (key: string) => string {
  const locale = useLocale();
  const { data } = useTicketTypes();
  return (key) => data?.find((type: TicketType) => type.key === key)?.names[locale] ?? key;
}

/** The built-in views plus the saved ones this user may use (their own and shared ones). */
export function useSavedViews() {
  return useQuery({ queryKey: ticketKeys.views, queryFn: () => ticketsApi.views().then((r) => r.items), staleTime: 60_000 });
}
