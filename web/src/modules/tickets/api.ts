import { api, type RequestOptions } from '../../api/client.ts';

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];
export const PRIORITIES = ['P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export const CHANNELS = ['email', 'web', 'chat', 'phone', 'wechat', 'api'] as const;
export const SLA_STATES = ['none', 'active', 'warning', 'breached', 'paused', 'met'] as const;
export type SlaState = (typeof SLA_STATES)[number];
export const BUILT_IN_VIEWS = ['mine', 'unassigned', 'team', 'sla_at_risk', 'all'] as const;
export type BuiltInView = (typeof BUILT_IN_VIEWS)[number];
export const SORT_KEYS = ['updated_at', 'created_at', 'priority', 'next_sla_due'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

// Which status may follow which (mirrors the server's machine; the server has the last word).
export const NEXT_STATUSES: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'on_hold', 'solved'],
  open: ['pending', 'on_hold', 'solved'],
  pending: ['open', 'on_hold', 'solved'],
  on_hold: ['open', 'pending', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

export interface PersonRef {
  id: string;
  name: string;
}

export interface CustomerSummary {
  id: string;
  name: string;
  organization: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
}

export interface TicketListItem {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  urgency: (typeof URGENCIES)[number];
  type: string;
  channel: (typeof CHANNELS)[number];
  tags: string[];
  customFields: Record<string, string | number | boolean | string[]>;
  customerId: string;
  customer: CustomerSummary | null;
  assignee: PersonRef | null;
  team: PersonRef | null;
  department: PersonRef | null;
  expectedCompletionAt: string | null;
  actualCompletionAt: string | null;
  closedAt: string | null;
  csat: number | null;
  mergedIntoId: string | null;
  firstResponseAt: string | null;
  lastMessageAt: string | null;
  createdBy: string | null;
  version: number;
  slaState: SlaState;
  slaNextDueAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LinkedTicket {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  linkedAt: string;
}

export interface TicketDetail extends TicketListItem {
  description: string;
  links: LinkedTicket[];
  extensions: Record<string, unknown>;
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  url: string;
  createdAt: string;
}

export interface Message {
  id: string;
  ticketId: string;
  kind: 'reply' | 'note';
  authorType: 'agent' | 'customer' | 'system' | 'bot';
  author: PersonRef | null;
  body: string;
  isAutoReply: boolean;
  attachments: Attachment[];
  copiedFromId: string | null;
  createdAt: string;
}

export interface TimelineEntry {
  id: number;
  at: string;
  stage: string;
  kind: string;
  operator: { type: string; id: string | null; name: string | null };
  changes: Record<string, { from: unknown; to: unknown }>;
  messageId: string | null;
  attachmentIds: string[];
  content: string | null;
  nextStep: string | null;
  details: Record<string, unknown>;
}

export interface TicketType {
  key: string;
  names: { en: string; 'zh-CN': string };
  isActive: boolean;
  isBuiltIn: boolean;
  position: number;
}

export interface CustomField {
  id: string;
  key: string;
  labels: { en: string; 'zh-CN': string };
  type: string;
  options: { value: string; labels: { en: string; 'zh-CN': string } }[];
  isRequired: boolean;
  position: number;
}

export interface SavedView {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  isShared: boolean;
  ownerId: string;
  isMine: boolean;
}

export interface TicketFilters {
  view?: string;
  status?: TicketStatus[];
  priority?: Priority[];
  assignee?: string;
  team?: string[];
  type?: string[];
  channel?: string[];
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

export interface TicketUpdate {
  subject?: string;
  status?: TicketStatus;
  priority?: Priority;
  type?: string;
  tags?: string[];
  assigneeId?: string | null;
  teamId?: string | null;
  departmentId?: string | null;
  customFields?: Record<string, unknown>;
  nextStep?: string | null;
}

export interface NewTicket {
  subject: string;
  description?: string;
  customer: { id?: string; name?: string; email?: string; phone?: string };
  priority?: Priority;
  type?: string;
  channel?: string;
  tags?: string[];
  assigneeId?: string | null;
  teamId?: string | null;
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
  getByNumber: (number: string) => api.get<TicketDetail>(`/api/v1/tickets/by-number/${encodeURIComponent(number)}`),
  create: (body: NewTicket) => api.post<TicketListItem>('/api/v1/tickets', body),
  update: (id: string, version: number, body: TicketUpdate) => api.patch<TicketListItem>(`/api/v1/tickets/${id}`, body, ifMatch(version)),
  messages: (id: string) => api.get<Page<Message>>(`/api/v1/tickets/${id}/messages`, { query: { limit: 500 } }),
  timeline: (id: string) => api.get<Page<TimelineEntry>>(`/api/v1/tickets/${id}/timeline`, { query: { limit: 500 } }),
  addMessage: (id: string, body: { kind: 'reply' | 'note'; body: string; attachmentIds?: string[]; nextStep?: string | null }) =>
    api.post<{ message: Message; ticket: TicketListItem }>(`/api/v1/tickets/${id}/messages`, body),
  uploadAttachment: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.post<Attachment>('/api/v1/attachments', form);
  },
  merge: (id: string, targetId: string) => api.post<{ source: TicketListItem; target: TicketListItem }>(`/api/v1/tickets/${id}/merge`, { targetId }),
  link: (id: string, ticketId: string) => api.post<{ items: LinkedTicket[] }>(`/api/v1/tickets/${id}/links`, { ticketId }),
  unlink: (id: string, linkedId: string) => api.delete<{ items: LinkedTicket[] }>(`/api/v1/tickets/${id}/links/${linkedId}`),
  types: () => api.get<{ items: TicketType[] }>('/api/v1/ticket-types'),
  createType: (body: { key: string; names: { en: string; 'zh-CN': string }; isActive?: boolean; position?: number }) => api.post<TicketType>('/api/v1/ticket-types', body),
  updateType: (key: string, body: { names?: { en: string; 'zh-CN': string }; isActive?: boolean; position?: number }) => api.patch<TicketType>(`/api/v1/ticket-types/${key}`, body),
  customFields: () => api.get<{ items: CustomField[] }>('/api/v1/custom-fields'),
  createCustomField: (body: Omit<CustomField, 'id' | 'position'> & { position?: number }) => api.post<CustomField>('/api/v1/custom-fields', body),
  updateCustomField: (id: string, body: Partial<Pick<CustomField, 'labels' | 'options' | 'isRequired' | 'position'>>) => api.patch<CustomField>(`/api/v1/custom-fields/${id}`, body),
  deleteCustomField: (id: string) => api.delete<{ ok: true }>(`/api/v1/custom-fields/${id}`),
  views: () => api.get<{ builtIn: string[]; items: SavedView[] }>('/api/v1/views'),
  createView: (body: { name: string; filters: Record<string, unknown>; isShared?: boolean }) => api.post<SavedView>('/api/v1/views', body),
  deleteView: (id: string) => api.delete<{ ok: true }>(`/api/v1/views/${id}`),
};
