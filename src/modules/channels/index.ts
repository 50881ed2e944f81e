import './email/email.messages.ts';
import './outbound/outbound.messages.ts';
import './outbound/template-defaults.ts';

import { PollingLoop } from '../../platform/background.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import type { KefuModule } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { createEmailAdapter } from './email/email-adapter.ts';
import { emailReplySubscriber } from './email/email.replies.ts';
import { emailRoutes } from './email/email.routes.ts';
import { createEmailService } from './email/email.service.ts';
import { outboundRoutes } from './outbound/outbound.routes.ts';
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

export interface ChannelsDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: WorkspacesService;
  tickets: TicketsService;
  customers: Pick<CustomersService, 'getCustomer' | 'getCustomerInTransaction'>;
  config: { SMTP_RELAY_URL?: string };
}

/** Stored mail and queued messages wait at most this long when no wake-up reached the worker (another node wrote them). */
const INTAKE_IDLE_MS = 1_000;
const SEND_IDLE_MS = 1_000;

/**
 * The channels module: the outbound queue every channel sends through (`service.outbound`), and the e-mail channel
 * (`service.email`). Other channels register their adapters with `service.outbound.registerAdapter`. Its background
 * loops (filing stored mail, sending queued messages) run with the kernel's other loops; `close` ends the providers'
 * connections at shutdown.
 */
export function createChannelsModule(deps: ChannelsDeps) {
  // Each loop is created after the service it drives; the service wakes it once there is work.
  const sendWake = { kick: () => undefined as void };
  const outbound = createOutboundService(deps, { onQueued: () => sendWake.kick() });
  outbound.registerAdapter(createEmailAdapter({ db: deps.db, clock: deps.clock, workspaces: deps.workspaces, tickets: deps.tickets, relayUrl: deps.config.SMTP_RELAY_URL }));
  const sendLoop = new PollingLoop('outbound-send', () => outbound.sendPending(), SEND_IDLE_MS, deps.logger);
  sendWake.kick = () => sendLoop.kick();

  const intakeWake = { kick: () => undefined as void };
  const email = createEmailService({ ...deps, defaultRelayUrl: deps.config.SMTP_RELAY_URL }, { onStored: () => intakeWake.kick() });
  const intakeLoop = new PollingLoop('email-intake', () => email.processPending(), INTAKE_IDLE_MS, deps.logger);
  intakeWake.kick = () => intakeLoop.kick();

  const service = { email, outbound };
  const module: KefuModule<typeof service> = {
    service,
    routes: async (app) => {
      await emailRoutes(app, { email });
      await outboundRoutes(app, { outbound });
    },
    subscribers: [emailReplySubscriber({ queue: outbound, customers: deps.customers })],
    timers: [],
  };
  return { ...module, loops: [intakeLoop, sendLoop] as readonly PollingLoop[], close: () => outbound.close() };
}

export type ChannelsModule = ReturnType<typeof createChannelsModule>;
export type ChannelsService = ChannelsModule['service'];
