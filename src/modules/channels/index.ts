import './email/email.messages.ts';
import './wechat/wechat.messages.ts';
import './webhook/webhook.messages.ts';
import './phone/phone.messages.ts';

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
import { createEmailOutbound } from './email/email.outbound.ts';
import { emailRoutes } from './email/email.routes.ts';
import { createEmailService } from './email/email.service.ts';
import { createMessaging } from './messaging.ts';

export { CHANNEL_KINDS, ChannelSendError, type ChannelKind, type ChannelAdapter, type ChannelContact, type InboundMessage, type InboundAttachment, type OutboundMessage, type SendResult, type AutomatedKind, type AutomatedVerdict } from './channel-adapter.ts';
export { createSmtpListener, type SmtpListener } from './email/smtp-listener.ts';
export type { EmailService, MailboxView, EmailSettingsView } from './email/email.service.ts';
export { MailboxSchema, EmailSettingsSchema } from './email/email.routes.ts';
// The request contracts, type-only: the web app derives its request and response types from them.
export type { CreateMailboxBody, UpdateMailboxBody, UpdateEmailSettingsBody } from './email/email.routes.ts';
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
  customers: Pick<CustomersService, 'getCustomer' | 'resolveCustomer'>;
  identity: Pick<IdentityService, 'getUsersByIds'>;
  config: { SMTP_RELAY_URL?: string; WECHAT_API_BASE_URL: string; KEFU_PUBLIC_URL?: string };
}

/** Stored mail and queued replies wait at most this long when no wake-up reached the worker (another node wrote them). */
const INTAKE_IDLE_MS = 1_000;
const SEND_IDLE_MS = 1_000;
const CHANNEL_INTAKE_IDLE_MS = 1_000;

/**
 * The channels module: e-mail, WeChat Official Accounts, messaging apps on signed webhooks and phone call records,
 * behind the same adapter type.
 * Its background loops (filing stored mail, sending replies) run with the kernel's other loops; `close` ends the
 * relay connections at shutdown.
 */
export function createChannelsModule(deps: ChannelsDeps) {
  // The loop is created after the service it drives; the service wakes it once a mail is stored.
  const wake = { kick: () => undefined as void };
  const email = createEmailService({ ...deps, defaultRelayUrl: deps.config.SMTP_RELAY_URL }, { onStored: () => wake.kick() });
  const intakeLoop = new PollingLoop('email-intake', () => email.processPending(), INTAKE_IDLE_MS, deps.logger);
  wake.kick = () => intakeLoop.kick();

  const sendWake = { kick: () => undefined as void };
  const outbound = createEmailOutbound({ ...deps, relayUrl: deps.config.SMTP_RELAY_URL }, { onQueued: () => sendWake.kick() });
  const sendLoop = new PollingLoop('email-send', () => outbound.sendPending(), SEND_IDLE_MS, deps.logger);
  sendWake.kick = () => sendLoop.kick();

  const channelWake = { kick: () => undefined as void };
  const messaging = createMessaging({ ...deps, wechatApiBaseUrl: deps.config.WECHAT_API_BASE_URL, publicUrl: deps.config.KEFU_PUBLIC_URL }, { onStored: () => channelWake.kick() });
  const channelIntakeLoop = new PollingLoop('channel-intake', () => messaging.service.processInbound(), CHANNEL_INTAKE_IDLE_MS, deps.logger);
  channelWake.kick = () => channelIntakeLoop.kick();

  const service = { email: { ...email, sendPending: outbound.sendPending }, ...messaging.service };
  const module: KefuModule<typeof service> = {
    service,
    routes: async (app) => {
      await emailRoutes(app, { email: service.email });
      await messaging.routes(app, {});
    },
    hooks: messaging.hooks,
    subscribers: outbound.subscribers,
    timers: [],
  };
  return { ...module, loops: [intakeLoop, sendLoop, channelIntakeLoop] as readonly PollingLoop[], close: () => outbound.close() };
}

export type ChannelsModule = ReturnType<typeof createChannelsModule>;
