import type { z } from 'zod';
import type {
  AddMessageBody,
  AttachmentSchema,
  BulkUpdateBody,
  CreateCustomFieldBody,
  CreateTicketBody,
  CreateTicketTypeBody,
  CreateViewBody,
  CustomFieldSchema,
  MessageSchema,
  SavedViewSchema,
  TicketCountsSchema,
  TicketDetailSchema,
  TicketListItemSchema,
  TicketSchema,
  TicketTypeSchema,
  TimelineEntrySchema,
  UpdateCustomFieldBody,
  UpdateTicketBody,
  UpdateTicketTypeBody,
} from '../../../../src/modules/tickets/index.ts';
import { api, type Channel, type Priority, type RequestOptions, type SortKey, type TicketStatus, type Wire } from '../../shared/index.ts';

// Response and request shapes are the server's own contracts (type-only: nothing of the server is bundled).
export type Ticket = Wire<z.infer<typeof TicketSchema>>;
export type TicketListItem = Wire<z.infer<typeof TicketListItemSchema>>;
export type TicketDetail = Wire<z.infer<typeof TicketDetailSchema>>;
export type TicketCounts = Wire<z.infer<typeof TicketCountsSchema>>;
export type LinkedTicket = TicketDetail['links'][number];
export type CustomerSummary = NonNullable<TicketListItem['customer']>;
export type PersonRef = NonNullable<TicketListItem['assignee']>;
export type Attachment = Wire<z.infer<typeof AttachmentSchema>>;
export type Message = Wire<z.infer<typeof MessageSchema>>;
export type TimelineEntry = Wire<z.infer<typeof TimelineEntrySchema>>;
export type TicketType = Wire<z.infer<typeof TicketTypeSchema>>;
export type CustomField = Wire<z.infer<typeof CustomFieldSchema>>;
export type SavedView = Wire<z.infer<typeof SavedViewSchema>>;
export type TicketUpdate = z.input<typeof UpdateTicketBody>;
export type BulkTicketUpdate = z.input<typeof BulkUpdateBody>;
export type BulkTicketChange = BulkTicketUpdate['change'];
export type NewTicket = z.input<typeof CreateTicketBody>;
export type NewMessage = z.input<typeof AddMessageBody>;
export type NewSavedView = z.input<typeof CreateViewBody>;
export type NewTicketType = z.input<typeof CreateTicketTypeBody>;
export type TicketTypeUpdate = z.input<typeof UpdateTicketTypeBody>;
export type NewCustomField = z.input<typeof CreateCustomFieldBody>;
export type CustomFieldUpdate = z.input<typeof UpdateCustomFieldBody>;

export interface TicketFilters {
  view?: string;
  status?: TicketStatus[];
  priority?: Priority[];
  assignee?: string;
  team?: string[];
  type?: string[];
  channel?: Channel[];
  tag?: string[];
  customer?: string;
  slaAtRisk?: boolean;
  q?: string;
  sort?: SortKey;
  order?: 'asc' | 'desc';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const ifMatch = (version: number): RequestOptions => ({ headers: { 'if-match': `"${version}"` } });

function filterQuery(filters: TicketFilters, cursor?: string | null, limit?: number): RequestOptions['query'] {
  return {
    view: filters.view,
    status: filters.status?.join(','),
    priority: filters.priority?.join(','),
    assignee: filters.assignee,
    team: filters.team?.join(','),
    type: filters.type?.join(','),
    channel: filters.channel?.join(','),
    tag: filters.tag?.join(','),
    customer: filters.customer,
    slaAtRisk: filters.slaAtRisk === undefined ? undefined : String(filters.slaAtRisk),
    q: filters.q,
    sort: filters.sort,
    order: filters.order,
    cursor: cursor ?? undefined,
    limit,
  };
}

export const ticketsApi = {
  list: (filters: TicketFilters, cursor?: string | null, limit = 50, signal?: AbortSignal) =>
    api.get<Page<TicketListItem>>('/api/v1/tickets', { query: filterQuery(filters, cursor, limit), signal }),
  get: (id: string) => api.get<TicketDetail>(`/api/v1/tickets/${id}`),
  counts: (signal?: AbortSignal) => api.get<TicketCounts>('/api/v1/tickets/counts', { signal }),
  getByNumber: (number: string) => api.get<TicketDetail>(`/api/v1/tickets/by-number/${encodeURIComponent(number)}`),
  create: (body: NewTicket) => api.post<Ticket>('/api/v1/tickets', body),
  update: (id: string, version: number, body: TicketUpdate) => api.patch<Ticket>(`/api/v1/tickets/${id}`, body, ifMatch(version)),
  bulkUpdate: (body: BulkTicketUpdate) => api.post<{ items: TicketListItem[]; changed: number }>('/api/v1/tickets/bulk', body),
  messages: (id: string) => api.get<Page<Message>>(`/api/v1/tickets/${id}/messages`, { query: { limit: 500 } }),
  timeline: (id: string) => api.get<Page<TimelineEntry>>(`/api/v1/tickets/${id}/timeline`, { query: { limit: 500 } }),
  addMessage: (id: string, body: NewMessage) =>
    api.post<{ message: Message; ticket: Ticket }>(`/api/v1/tickets/${id}/messages`, body),
  uploadAttachment: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.post<Attachment>('/api/v1/attachments', form);
  },
  merge: (id: string, targetId: string) => api.post<{ source: Ticket; target: Ticket }>(`/api/v1/tickets/${id}/merge`, { targetId }),
  link: (id: string, ticketId: string) => api.post<{ items: LinkedTicket[] }>(`/api/v1/tickets/${id}/links`, { ticketId }),
  unlink: (id: string, linkedId: string) => api.delete<{ items: LinkedTicket[] }>(`/api/v1/tickets/${id}/links/${linkedId}`),
  types: () => api.get<{ items: TicketType[] }>('/api/v1/ticket-types'),
  createType: (body: NewTicketType) => api.post<TicketType>('/api/v1/ticket-types', body),
  updateType: (key: string, body: TicketTypeUpdate) => api.patch<TicketType>(`/api/v1/ticket-types/${key}`, body),
  customFields: () => api.get<{ items: CustomField[] }>('/api/v1/custom-fields'),
  createCustomField: (body: NewCustomField) => api.post<CustomField>('/api/v1/custom-fields', body),
  updateCustomField: (id: string, body: CustomFieldUpdate) => api.patch<CustomField>(`/api/v1/custom-fields/${id}`, body),
  deleteCustomField: (id: string) => api.delete<{ ok: true }>(`/api/v1/custom-fields/${id}`),
  views: () => api.get<{ builtIn: string[]; items: SavedView[] }>('/api/v1/views'),
  createView: (body: NewSavedView) => api.post<SavedView>('/api/v1/views', body),
  deleteView: (id: string) => api.delete<{ ok: true }>(`/api/v1/views/${id}`),
};
