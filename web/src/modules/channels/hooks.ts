import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type MutationFeedback } from '../../shared/index.ts';
import { channelsApi, type EmailSettingsUpdate, type MailboxUpdate, type NewMailbox } from './api.ts';

export const channelsKeys = {
  mailboxes: ['channels', 'mailboxes'] as const,
  emailSettings: ['channels', 'email-settings'] as const,
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
