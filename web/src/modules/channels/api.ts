import type { CreateMailboxBody, DeliveryView, EmailSettingsView, MailboxView, RenderedMessage, TemplateTextBody, TemplateView, UpdateEmailSettingsBody, UpdateMailboxBody } from '../../../../src/modules/channels/index.ts';
import { api, type Wire } from '../../shared/index.ts';

// Response shapes are the channels service's views as JSON (type-only: nothing of the server is bundled).
export type Mailbox = Wire<MailboxView>;
export type EmailSettings = Wire<EmailSettingsView>;
export type NewMailbox = CreateMailboxBody;
export type MailboxUpdate = UpdateMailboxBody;
export type EmailSettingsUpdate = UpdateEmailSettingsBody;
export type MessageTemplate = Wire<TemplateView>;
export type TemplateText = TemplateTextBody;
export type RenderedTemplate = RenderedMessage;
export type Delivery = Wire<DeliveryView>;
export type DeliveryStatus = Delivery['status'];
export type TemplateLocale = keyof MessageTemplate['locales'];

const templateUrl = (name: string) => `/api/v1/outbound-templates/${encodeURIComponent(name)}`;

export const channelsApi = {
  listMailboxes: () => api.get<{ items: Mailbox[] }>('/api/v1/mailboxes'),
  createMailbox: (body: NewMailbox) => api.post<Mailbox>('/api/v1/mailboxes', body),
  updateMailbox: (id: string, body: MailboxUpdate) => api.patch<Mailbox>(`/api/v1/mailboxes/${id}`, body),
  deleteMailbox: (id: string) => api.delete<{ ok: true }>(`/api/v1/mailboxes/${id}`),
  getEmailSettings: () => api.get<EmailSettings>('/api/v1/email-settings'),
  updateEmailSettings: (body: EmailSettingsUpdate) => api.patch<EmailSettings>('/api/v1/email-settings', body),
  listTemplates: () => api.get<{ items: MessageTemplate[] }>('/api/v1/outbound-templates'),
  saveTemplate: (name: string, locale: TemplateLocale, body: TemplateText) => api.put<MessageTemplate>(`${templateUrl(name)}/${locale}`, body),
  resetTemplate: (name: string, locale: TemplateLocale) => api.delete<MessageTemplate>(`${templateUrl(name)}/${locale}`),
  previewTemplate: (name: string, locale: TemplateLocale, draft?: TemplateText) => api.post<RenderedTemplate>(`${templateUrl(name)}/preview`, { locale, ...(draft ? { draft } : {}) }),
  listDeliveries: (status?: DeliveryStatus) => api.get<{ items: Delivery[]; nextCursor: string | null }>(`/api/v1/outbound-messages${status ? `?status=${status}` : ''}`),
  retryDelivery: (id: string) => api.post<Delivery>(`/api/v1/outbound-messages/${id}/retry`),
  ticketDeliveries: (ticketId: string) => api.get<{ items: Delivery[] }>(`/api/v1/tickets/${ticketId}/deliveries`),
};
