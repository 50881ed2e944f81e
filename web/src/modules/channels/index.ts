/** Channels: the e-mail mailboxes and settings, and the outbound queue's templates and deliveries (chat and messaging join here). */
export { channelsApi, type Delivery, type DeliveryStatus, type EmailSettings, type Mailbox, type MessageTemplate, type RenderedTemplate, type TemplateLocale, type TemplateText } from './api.ts';
export {
  channelsKeys,
  outboundKeys,
  useCreateMailbox,
  useDeleteMailbox,
  useDeliveries,
  useEmailSettings,
  useMailboxes,
  usePreviewTemplate,
  useResetTemplate,
  useRetryDelivery,
  useSendProgressUpdate,
  useSaveTemplate,
  useTemplates,
  useTicketDeliveries,
  useUpdateEmailSettings,
  useUpdateMailbox,
} from './hooks.ts';
export { ImapAccountsCard } from './components/imap-accounts-card.tsx';
export { NoticeSettingsCard } from './components/notice-settings-card.tsx';
export { SmsGatewayCard } from './components/sms-gateway-card.tsx';
export { ProgressUpdatePanel } from './components/progress-update-panel.tsx';
