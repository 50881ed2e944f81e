/** Channels: the e-mail mailboxes and outbound settings (chat and messaging join here). */
export { channelsApi, type EmailSettings, type Mailbox } from './api.ts';
export { channelsKeys, useCreateMailbox, useDeleteMailbox, useEmailSettings, useMailboxes, useUpdateEmailSettings, useUpdateMailbox } from './hooks.ts';
