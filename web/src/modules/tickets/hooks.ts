import { infiniteQueryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useApiMutation, useLocale, type MutationFeedback } from '../../shared/index.ts';
import {
  ticketsApi,
  type BulkTicketChange,
  type CustomFieldUpdate,
  type NewCustomField,
  type NewMessage,
  type NewSavedView,
  type NewTicket,
  type NewTicketType,
  type TicketDetail,
  type TicketFilters,
  type TicketType,
  type TicketTypeUpdate,
  type TicketUpdate,
} from './api.ts';

export const ticketKeys = {
  all: ['tickets'] as const,
  list: (filters: TicketFilters) => ['tickets', 'list', filters] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  messages: (id: string) => ['tickets', 'messages', id] as const,
  timeline: (id: string) => ['tickets', 'timeline', id] as const,
  types: ['tickets', 'settings', 'types'] as const,
  customFields: ['tickets', 'settings', 'custom-fields'] as const,
  views: ['tickets', 'settings', 'views'] as const,
  // Not under 'tickets': realtime batches would refetch it four times a second under load; its page throttles instead.
  counts: ['ticket-counts'] as const,
};

export const PAGE_SIZE = 50;

/** A ticket list as pages of a keyset cursor (also what sign-in prefetches for the inbox it opens). */
export const ticketListQuery = (filters: TicketFilters) =>
  infiniteQueryOptions({
    queryKey: ticketKeys.list(filters),
    queryFn: ({ pageParam, signal }) => ticketsApi.list(filters, pageParam, PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

/** Realtime events refetch the pages already loaded; a new filter keeps the old rows until its own arrive. */
export function useTicketList(filters: TicketFilters, enabled = true) {
  return useInfiniteQuery({ ...ticketListQuery(filters), enabled, placeholderData: (previous) => previous });
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

/** Open work by status, priority, SLA state and team, and today's flow, counted by the server (analytics.read). */
export function useTicketCounts() {
  return useQuery({ queryKey: ticketKeys.counts, queryFn: ({ signal }) => ticketsApi.counts(signal), refetchInterval: 60_000 });
}

/** The built-in views plus the saved ones this user may use (their own and shared ones). */
export function useSavedViews() {
  return useQuery({ queryKey: ticketKeys.views, queryFn: () => ticketsApi.views().then((r) => r.items), staleTime: 60_000 });
}

export function useCustomFields() {
  return useQuery({ queryKey: ticketKeys.customFields, queryFn: () => ticketsApi.customFields().then((r) => r.items), staleTime: 5 * 60_000 });
}

// ---- changes ----

export function useCreateTicket(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (ticket: NewTicket) => ticketsApi.create(ticket), invalidates: [ticketKeys.all] }, feedback);
}

/**
 * Saves a change to a ticket at the version the screen shows (If-Match). The answer goes into the open ticket
 * at once, so a second change right after carries the new version; after a failure (a conflict) the ticket
 * is refetched, so the screen shows what is there now.
 */
export function useUpdateTicket(ticketId: string, feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: ({ version, patch }: { version: number; patch: TicketUpdate }) => ticketsApi.update(ticketId, version, patch),
      update: (queryClient, ticket) => queryClient.setQueryData<TicketDetail>(ticketKeys.detail(ticketId), (old) => (old ? { ...old, ...ticket } : old)),
      invalidates: [ticketKeys.all],
      refetchOnError: true,
    },
    { success: 'common.saved', ...feedback },
  );
}

/**
 * One change to several tickets at once, each at the version the list shows: all of them change or none
 * (the problem then names each ticket that could not). The lists are refetched either way.
 */
export function useBulkUpdateTickets(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: ({ tickets, change }: { tickets: { id: string; version: number }[]; change: BulkTicketChange }) => ticketsApi.bulkUpdate({ tickets, change }),
      invalidates: [ticketKeys.all],
      refetchOnError: true,
    },
    feedback,
  );
}

/** A public reply or an internal note; its files are uploaded first and sent as attachments. */
export function useAddMessage(ticketId: string, feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: async ({ files, uploaded = [], ...message }: NewMessage & { files: File[]; uploaded?: string[] }) => {
        // Files already uploaded (an article's, inserted from the knowledge base) come first.
        const attachmentIds: string[] = [...uploaded];
        for (const file of files) attachmentIds.push((await ticketsApi.uploadAttachment(file)).id);
        return ticketsApi.addMessage(ticketId, { ...message, attachmentIds: attachmentIds.length > 0 ? attachmentIds : undefined });
      },
      invalidates: [ticketKeys.all],
    },
    feedback,
  );
}

/** Links the ticket with the one that has this number. */
export function useLinkTicket(ticketId: string, feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: async (number: string) => ticketsApi.link(ticketId, (await ticketsApi.getByNumber(number)).id),
      invalidates: [ticketKeys.all],
    },
    feedback,
  );
}

export function useUnlinkTicket(ticketId: string, feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (linkedId: string) => ticketsApi.unlink(ticketId, linkedId), invalidates: [ticketKeys.all] }, feedback);
}

/** Merges the ticket into another one (the source is then closed). */
export function useMergeTicket(ticketId: string, feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (targetId: string) => ticketsApi.merge(ticketId, targetId), invalidates: [ticketKeys.all] }, feedback);
}

export function useCreateView(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (view: NewSavedView) => ticketsApi.createView(view), invalidates: [ticketKeys.views] }, { success: 'views.saved', ...feedback });
}

export function useDeleteView(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => ticketsApi.deleteView(id), invalidates: [ticketKeys.views] }, feedback);
}

/** Creates a ticket type, or updates the one with `key` when it exists already (`isNew: false`). */
export function useSaveTicketType(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: ({ isNew, key, ...patch }: NewTicketType & { isNew: boolean }) => (isNew ? ticketsApi.createType({ key, ...patch }) : ticketsApi.updateType(key, patch satisfies TicketTypeUpdate)),
      invalidates: [ticketKeys.types],
    },
    { success: 'common.saved', ...feedback },
  );
}

/** Creates a custom field, or updates the one with `id` (its key and type are fixed once created). */
export function useSaveCustomField(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: ({ id, field }: { id?: string; field: NewCustomField }) => {
        if (!id) return ticketsApi.createCustomField(field);
        const { labels, isRequired, position, options } = field;
        return ticketsApi.updateCustomField(id, { labels, isRequired, position, options } satisfies CustomFieldUpdate);
      },
      invalidates: [ticketKeys.customFields],
    },
    { success: 'common.saved', ...feedback },
  );
}

export function useDeleteCustomField(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => ticketsApi.deleteCustomField(id), invalidates: [ticketKeys.customFields] }, { success: 'common.deleted', ...feedback });
}
