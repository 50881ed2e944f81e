import type { CreateMailboxBody, EmailSettingsView, MailboxView, UpdateEmailSettingsBody, UpdateMailboxBody } from '../../../../src/modules/channels/index.ts';
import { api, type Wire } from '../../shared/index.ts';

// Response shapes are the e-mail service's views as JSON (type-only: nothing of the server is bundled).
export type Mailbox = Wire<MailboxView>;
export type EmailSettings = Wire<EmailSettingsView>;
export type NewMailbox = CreateMailboxBody;
export type MailboxUpdate = UpdateMailboxBody;
export type EmailSettingsUpdate = UpdateEmailSettingsBody;

export const channelsApi = {
  listMailboxes: () => api.get<{ items: Mailbox[] }>('/api/v1/mailboxes'),
  createMailbox: (body: NewMailbox) => api.post<Mailbox>('/api/v1/mailboxes', body),
  updateMailbox: (id: string, body: MailboxUpdate) => api.patch<Mailbox>(`/api/v1/mailboxes/${id}`, body),
  deleteMailbox: (id: string) => api.delete<{ ok: true }>(`/api/v1/mailboxes/${id}`),
  getEmailSettings: () => api.get<EmailSettings>('/api/v1/email-settings'),
  updateEmailSettings: (body: EmailSettingsUpdate) => api.patch<EmailSettings>('/api/v1/email-settings', body),
};
