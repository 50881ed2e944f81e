import type {
  CreateMailboxBody,
  DeliveryView,
  EmailSettingsView,
  ImapAccountBody,
  ImapAccountView,
  ImapTestBody,
  ImapTestResultSchema,
  MailboxView,
  NoticeSettingsView,
  ProgressUpdateBody,
  PutSmsGatewayBody,
  RenderedMessage,
  SmsGatewayView,
  TemplateTextBody,
  TemplateView,
  UpdateEmailSettingsBody,
  UpdateMailboxBody,
  UpdateNoticeSettingsBody,
} from '../../../../src/modules/channels/index.ts';
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
export type ImapAccount = Wire<ImapAccountView>;
export type ImapAccountInput = ImapAccountBody;
export type ImapTestInput = ImapTestBody;
export type ImapTestResult = ImapTestResultSchema;
export type NoticeSettings = Wire<NoticeSettingsView>;
export type NoticeSettingsUpdate = UpdateNoticeSettingsBody;
export type SmsGateway = Wire<SmsGatewayView>;
export type SmsGatewayInput = PutSmsGatewayBody;

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
  listImapAccounts: () => api.get<{ items: ImapAccount[] }>('/api/v1/imap-accounts'),
  createImapAccount: (body: ImapAccountInput) => api.post<ImapAccount>('/api/v1/imap-accounts', body),
  updateImapAccount: (id: string, body: ImapAccountInput) => api.put<ImapAccount>(`/api/v1/imap-accounts/${id}`, body),
  deleteImapAccount: (id: string) => api.delete<{ ok: true }>(`/api/v1/imap-accounts/${id}`),
  testImapAccount: (body: ImapTestInput) => api.post<ImapTestResult>('/api/v1/imap-accounts/test', body),
  getNoticeSettings: () => api.get<NoticeSettings>('/api/v1/customer-notice-settings'),
  updateNoticeSettings: (body: NoticeSettingsUpdate) => api.patch<NoticeSettings>('/api/v1/customer-notice-settings', body),
  getSmsGateway: () => api.get<{ gateway: SmsGateway | null }>('/api/v1/sms-gateway').then((r) => r.gateway),
  putSmsGateway: (body: SmsGatewayInput) => api.put<SmsGateway>('/api/v1/sms-gateway', body),
  deleteSmsGateway: () => api.delete<{ ok: true }>('/api/v1/sms-gateway'),
  ticketDeliveries: (ticketId: string) => api.get<{ items: Delivery[] }>(`/api/v1/tickets/${ticketId}/deliveries`),
  sendProgressUpdate: (ticketId: string, body: ProgressUpdateBody) => api.post<{ items: { id: string; channel: string }[] }>(`/api/v1/tickets/${ticketId}/progress-updates`, body),
};
