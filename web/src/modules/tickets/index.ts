/** Tickets: API calls and types, query hooks, inbox filters, and the pieces of the inbox and ticket screens. */
export { ticketsApi, type CustomField, type Ticket, type TicketCounts, type TicketDetail, type TicketFilters, type TicketListItem, type TicketType, type TicketUpdate } from './api.ts';
export { Composer, type ComposerHandle } from './components/composer.tsx';
export { CustomFieldsPanel } from './components/custom-fields-panel.tsx';
export { LinksPanel } from './components/links-panel.tsx';
export { PriorityPill, StatusTag, UrgencyTag } from './components/ticket-labels.tsx';
export { TicketProperties } from './components/ticket-properties.tsx';
export { TicketTimeline } from './components/ticket-timeline.tsx';
export { countExtraFilters, filtersFromSearch, searchFromFilters } from './filters.ts';
export {
  ticketKeys,
  ticketListQuery,
  useAddMessage,
  useBulkUpdateTickets,
  useCreateTicket,
  useCreateView,
  useCustomFields,
  useDeleteCustomField,
  useDeleteView,
  useLinkTicket,
  useMergeTicket,
  useSaveCustomField,
  useSavedViews,
  useSaveTicketType,
  useTicketCounts,
  useTicketList,
  useTicketTypes,
  useTypeName,
  useUnlinkTicket,
  useUpdateTicket,
} from './hooks.ts';
export { neighbourOf, readInboxOrder, saveInboxOrder } from './inbox-order.ts';
export { BulkActionBar, MoreFilters, NewTicketModal, SaveViewPanel } from './lazy-panels.ts';
