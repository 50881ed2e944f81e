import './email/email.messages.ts';
import './email/imap.messages.ts';
import './outbound/outbound.messages.ts';
import './outbound/template-defaults.ts';
import './wechat/wechat.messages.ts';
import './webhook/webhook.messages.ts';
import './phone/phone.messages.ts';
import './notices.messages.ts';
import './notice-templates.ts';
import './sms/sms.messages.ts';

import { PollingLoop } from '../../platform/background.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import type { KefuModule } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { createEmailAdapter } from './email/email-adapter.ts';
import { emailReplySubscriber } from './email/email.replies.ts';
import { emailRoutes } from './email/email.routes.ts';
import { createEmailService } from './email/email.service.ts';
import { createImapReader } from './email/imap-reader.ts';
import { imapRoutes } from './email/imap.routes.ts';
import { createImapService } from './email/imap.service.ts';
import { createMessaging } from './messaging.ts';
import { createCustomerNotices } from './customer-notices.ts';
import { noticesRoutes } from './notices.routes.ts';
import { outboundRoutes } from './outbound/outbound.routes.ts';
import { createSmsAdapter } from './sms/sms-adapter.ts';
import { smsRoutes } from './sms/sms.routes.ts';
import { createSmsService } from './sms/sms.service.ts';
import { createOutboundService } from './outbound/outbound.service.ts';

export {
  CHANNEL_KINDS,
  ChannelSendError,
  type ChannelKind,
  type ChannelAdapter,
  type ChannelContact,
  type InboundMessage,
  type InboundAttachment,
  type OutboundDelivery,
  type OutboundAttachment,
  type SendResult,
  type AutomatedKind,
  type AutomatedVerdict,
  type QueueOutboundInput,
  type QueuedOutbound,
} from './channel-adapter.ts';
export { CHANNEL_EVENTS, channelsOutbox, type ChannelEventPayloads, type OutboundEventPayload, type OutboundFailedPayload } from './channels.events.ts';
export type { ImapAccountView } from './email/imap.service.ts';
export type { ImapAccountSchema, ImapTestResultSchema, ImapAccountBody, ImapTestBody } from './email/imap.routes.ts';
export type { CustomerNotices, SurveyLinkProvider, SurveyTicket, NoticeSettingsView } from './customer-notices.ts';
export type { NoticeSettingsSchema, UpdateNoticeSettingsBody, ProgressUpdateBody } from './notices.routes.ts';
export type { SmsGatewayView } from './sms/sms.service.ts';
export type { SmsGatewaySchema, PutSmsGatewayBody } from './sms/sms.routes.ts';
export type { OutboundService, DeliveryView } from './outbound/outbound.service.ts';
export type { TemplateView, TemplateVersionView } from './outbound/outbound.templates.ts';
export { registerTemplates, type TemplateDefinition, type TemplateText, type TemplateParams, type RenderedMessage } from './outbound/templates.ts';
export { TEMPLATE_NAMES } from './outbound/template-defaults.ts';
export { createSmtpListener, type SmtpListener } from './email/smtp-listener.ts';
export type { EmailService, MailboxView, EmailSettingsView } from './email/email.service.ts';
export { MailboxSchema, EmailSettingsSchema } from './email/email.routes.ts';
export { DeliverySchema, TemplateSchema, RenderedTemplateSchema } from './outbound/outbound.routes.ts';
// The request contracts, type-only: the web app derives its request and response types from them.
export type { CreateMailboxBody, UpdateMailboxBody, UpdateEmailSettingsBody } from './email/email.routes.ts';
export type { TemplateTextBody } from './outbound/outbound.routes.ts';
export type { ReceivedMail } from './email/email.intake.ts';
// Messaging channels' contracts, type-only for the web app.
export type { WechatAccountView } from './wechat/wechat.service.ts';
export type { CreateWechatAccountBody, UpdateWechatAccountBody, CreatedWechatAccountSchema, WechatConversationSchema } from './wechat/wechat.routes.ts';
export type { HookConnectionView } from './webhook/hook-connections.service.ts';
export type { CreateHookConnectionBody, UpdateHookConnectionBody, HookConnectionWithSecret } from './webhook/webhook.routes.ts';
export type { CallSchema, CallBody } from './phone/phone.routes.ts';
export { SIGNATURE_HEADER, signatureHeader, verifySignature } from './hook-signature.ts';

export interface ChannelsDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: WorkspacesService;
  tickets: TicketsService;
  customers: Pick<CustomersService, 'getCustomer' | 'getCustomerInTransaction' | 'resolveCustomer'>;
  identity: Pick<IdentityService, 'getUsersByIds'>;
  config: { SMTP_RELAY_URL?: string; WECHAT_API_BASE_URL: string; KEFU_PUBLIC_URL?: string; KEFU_MAIL_TICKETS_PER_SENDER?: number };
}

/** Stored mail and queued messages wait at most this long when no wake-up reached the worker (another node wrote them). */
const INTAKE_IDLE_MS = 1_000;
const SEND_IDLE_MS = 1_000;
const CHANNEL_INTAKE_IDLE_MS = 1_000;
/** IMAP folders are read this often besides what IDLE announces (and for servers without IDLE). */
const IMAP_SYNC_MS = 30_000;

/**
 * The channels module: the outbound queue every channel sends through (`service.outbound`), the e-mail channel
 * (`service.email`), and the messaging channels (`service.wechat`, `service.webhooks`, `service.phone`, see
 * messaging.ts). Other channels register their adapters with `service.outbound.registerAdapter`. Its background
 * loops (filing stored mail, sending queued messages) run with the kernel's other loops; `close` ends the providers'
 * connections at shutdown.
 */
export function createChannelsModule(deps: ChannelsDeps) {
  // Each loop is created after the service it drives; the service wakes it once there is work.
  const sendWake = { kick: () => undefined as void };
  const outbound = createOutboundService(deps, { onQueued: () => sendWake.kick() });
  outbound.registerAdapter(createEmailAdapter({ db: deps.db, clock: deps.clock, workspaces: deps.workspaces, tickets: deps.tickets, relayUrl: deps.config.SMTP_RELAY_URL }));
  outbound.registerAdapter(createSmsAdapter({ db: deps.db }));
  const sms = createSmsService(deps);
  const notices = createCustomerNotices({ ...deps, queue: outbound, publicUrl: deps.config.KEFU_PUBLIC_URL });
  const sendLoop = new PollingLoop('outbound-send', () => outbound.sendPending(), SEND_IDLE_MS, deps.logger);
  sendWake.kick = () => sendLoop.kick();

  const intakeWake = { kick: () => undefined as void };
  const email = createEmailService({ ...deps, defaultRelayUrl: deps.config.SMTP_RELAY_URL, ticketsPerSenderPerHour: deps.config.KEFU_MAIL_TICKETS_PER_SENDER }, { onStored: () => intakeWake.kick() });
  const intakeLoop = new PollingLoop('email-intake', () => email.processPending(), INTAKE_IDLE_MS, deps.logger);
  intakeWake.kick = () => intakeLoop.kick();

  const imapWake = { kick: () => undefined as void };
  const imapReader = createImapReader({ db: deps.db, clock: deps.clock, logger: deps.logger, receive: email.receive });
  const imap = createImapService({ ...deps, onChanged: () => imapWake.kick() });
  const imapLoop = new PollingLoop('email-imap', () => imapReader.syncAll(), IMAP_SYNC_MS, deps.logger);
  imapWake.kick = () => imapLoop.kick();

  const channelWake = { kick: () => undefined as void };
  const messaging = createMessaging({ ...deps, queue: outbound, wechatApiBaseUrl: deps.config.WECHAT_API_BASE_URL, publicUrl: deps.config.KEFU_PUBLIC_URL }, { onStored: () => channelWake.kick() });
  for (const adapter of messaging.adapters) outbound.registerAdapter(adapter);
  const channelIntakeLoop = new PollingLoop('channel-intake', () => messaging.service.processInbound(), CHANNEL_INTAKE_IDLE_MS, deps.logger);
  channelWake.kick = () => channelIntakeLoop.kick();

  const service = { email, imap: { ...imap, syncAll: imapReader.syncAll }, outbound, notices, sms, ...messaging.service };
  const module: KefuModule<typeof service> = {
    service,
    routes: async (app) => {
      await emailRoutes(app, { email });
      await imapRoutes(app, { imap });
      await outboundRoutes(app, { outbound });
      await noticesRoutes(app, { notices });
      await smsRoutes(app, { sms });
      await messaging.routes(app, {});
    },
    hooks: messaging.hooks,
    subscribers: [emailReplySubscriber({ queue: outbound, customers: deps.customers }), ...notices.subscribers, ...messaging.subscribers],
    timers: [],
  };
  return { ...module, loops: [intakeLoop, sendLoop, channelIntakeLoop, imapLoop] as readonly PollingLoop[],
    close: () => {
      imapReader.close();
      outbound.close();
    },
  };
}

export type ChannelsModule = ReturnType<typeof createChannelsModule>;
export type ChannelsService = ChannelsModule['service'];
