import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type MutationFeedback } from '../../shared/index.ts';
import {
  channelsApi,
  type DeliveryStatus,
  type EmailSettingsUpdate,
  type ImapAccountInput,
  type ImapTestInput,
  type MailboxUpdate,
  type NewMailbox,
  type NoticeSettingsUpdate,
  type SmsGatewayInput,
  type TemplateLocale,
  type TemplateText,
} from './api.ts';

export const channelsKeys = {
  mailboxes: ['channels', 'mailboxes'] as const,
  emailSettings: ['channels', 'email-settings'] as const,
  imapAccounts: ['channels', 'imap-accounts'] as const,
  noticeSettings: ['channels', 'notice-settings'] as const,
  smsGateway: ['channels', 'sms-gateway'] as const,
};

export function useMailboxes() {
  return useQuery({ queryKey: channelsKeys.mailboxes, queryFn: () => channelsApi.listMailboxes().then((r) => r.items) });
}

export function useEmailSettings() {
  return useQuery({ queryKey: channelsKeys.emailSettings, queryFn: channelsApi.getEmailSettings });
}

export function useCreateMailbox(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (mailbox: NewMailbox) => channelsApi.createMailbox(mailbox), invalidates: [channelsKeys.mailboxes] }, { success: 'email.mailboxAdded', ...feedback });
}

export function useUpdateMailbox(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: ({ id, ...patch }: MailboxUpdate & { id: string }) => channelsApi.updateMailbox(id, patch), invalidates: [channelsKeys.mailboxes] }, { success: 'common.saved', ...feedback });
}

export function useDeleteMailbox(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => channelsApi.deleteMailbox(id), invalidates: [channelsKeys.mailboxes] }, { success: 'common.deleted', ...feedback });
}

export function useUpdateEmailSettings(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: (patch: EmailSettingsUpdate) => channelsApi.updateEmailSettings(patch),
      update: (queryClient, settings) => queryClient.setQueryData(channelsKeys.emailSettings, settings),
    },
    { success: 'common.saved', ...feedback },
  );
}

export function useImapAccounts() {
  return useQuery({ queryKey: channelsKeys.imapAccounts, queryFn: () => channelsApi.listImapAccounts().then((r) => r.items) });
}

export function useSaveImapAccount(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: ({ id, account }: { id?: string; account: ImapAccountInput }) => (id ? channelsApi.updateImapAccount(id, account) : channelsApi.createImapAccount(account)), invalidates: [channelsKeys.imapAccounts] },
    { success: 'common.saved', ...feedback },
  );
}

export function useDeleteImapAccount(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => channelsApi.deleteImapAccount(id), invalidates: [channelsKeys.imapAccounts] }, { success: 'common.deleted', ...feedback });
}

/** Stores nothing; a mutation because it runs on demand with the unsaved settings. */
export function useTestImapAccount(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (settings: ImapTestInput) => channelsApi.testImapAccount(settings) }, feedback);
}

export function useNoticeSettings() {
  return useQuery({ queryKey: channelsKeys.noticeSettings, queryFn: channelsApi.getNoticeSettings });
}

export function useUpdateNoticeSettings(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: (patch: NoticeSettingsUpdate) => channelsApi.updateNoticeSettings(patch), update: (queryClient, settings) => queryClient.setQueryData(channelsKeys.noticeSettings, settings) },
    { success: 'common.saved', ...feedback },
  );
}

export function useSmsGateway() {
  return useQuery({ queryKey: channelsKeys.smsGateway, queryFn: channelsApi.getSmsGateway });
}

export function useSaveSmsGateway(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (gateway: SmsGatewayInput) => channelsApi.putSmsGateway(gateway), update: (queryClient, gateway) => queryClient.setQueryData(channelsKeys.smsGateway, gateway) }, { success: 'common.saved', ...feedback });
}

export function useDeleteSmsGateway(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: () => channelsApi.deleteSmsGateway(), update: (queryClient) => queryClient.setQueryData(channelsKeys.smsGateway, null) }, { success: 'common.deleted', ...feedback });
}

export const outboundKeys = {
  templates: ['channels', 'templates'] as const,
  deliveries: (status?: DeliveryStatus) => ['channels', 'deliveries', status ?? 'all'] as const,
  allDeliveries: ['channels', 'deliveries'] as const,
  ticketDeliveries: (ticketId: string) => ['channels', 'ticket-deliveries', ticketId] as const,
};

export function useTemplates() {
  return useQuery({ queryKey: outboundKeys.templates, queryFn: () => channelsApi.listTemplates().then((r) => r.items) });
}

export function useSaveTemplate(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: ({ name, locale, text }: { name: string; locale: TemplateLocale; text: TemplateText }) => channelsApi.saveTemplate(name, locale, text), invalidates: [outboundKeys.templates] },
    { success: 'common.saved', ...feedback },
  );
}

export function useResetTemplate(feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: ({ name, locale }: { name: string; locale: TemplateLocale }) => channelsApi.resetTemplate(name, locale), invalidates: [outboundKeys.templates] },
    { success: 'channels.templateReset', ...feedback },
  );
}

/** A preview stores nothing; it is a mutation only because it is asked for on demand, with the unsaved text. */
export function usePreviewTemplate(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: ({ name, locale, text }: { name: string; locale: TemplateLocale; text?: TemplateText }) => channelsApi.previewTemplate(name, locale, text) }, feedback);
}

export function useDeliveries(status?: DeliveryStatus) {
  return useQuery({ queryKey: outboundKeys.deliveries(status), queryFn: () => channelsApi.listDeliveries(status) });
}

export function useRetryDelivery(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (id: string) => channelsApi.retryDelivery(id), invalidates: [outboundKeys.allDeliveries] }, { success: 'channels.retryQueued', ...feedback });
}

export function useTicketDeliveries(ticketId: string) {
  return useQuery({ queryKey: outboundKeys.ticketDeliveries(ticketId), queryFn: () => channelsApi.ticketDeliveries(ticketId).then((r) => r.items) });
}

/** Queues a progress update to the ticket's customer (e-mail, and SMS where the workspace sends it). */
export function useSendProgressUpdate(ticketId: string, feedback?: MutationFeedback) {
  return useApiMutation(
    { mutationFn: (message: string) => channelsApi.sendProgressUpdate(ticketId, { message }), invalidates: [outboundKeys.ticketDeliveries(ticketId)] },
    { success: 'channels.progress.sent', ...feedback },
  );
}
