import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import type { ChannelAdapter, OutboundQueuePort } from './channel-adapter.ts';
import { createChannelInbound } from './channel-inbound.ts';
import { messagingReplySubscriber } from './messaging-replies.ts';
import { createPhoneService } from './phone/phone.service.ts';
import { phoneHooks } from './phone/phone.hooks.ts';
import { phoneRoutes } from './phone/phone.routes.ts';
import { createHookConnections } from './webhook/hook-connections.service.ts';
import { createWebhookIntake } from './webhook/webhook.intake.ts';
import { webhookHooks } from './webhook/webhook.hooks.ts';
import { createWebhookOutbound } from './webhook/webhook.outbound.ts';
import { hookConnectionRoutes } from './webhook/webhook.routes.ts';
import { createWechatApi } from './wechat/wechat-api.ts';
import { wechatHooks } from './wechat/wechat.hooks.ts';
import { createWechatIntake } from './wechat/wechat.intake.ts';
import { createWechatOutbound } from './wechat/wechat.outbound.ts';
import { wechatRoutes } from './wechat/wechat.routes.ts';
import { createWechatService } from './wechat/wechat.service.ts';

export interface MessagingDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: WorkspacesService;
  identity: Pick<IdentityService, 'getUsersByIds'>;
  tickets: TicketsService;
  customers: Pick<CustomersService, 'resolveCustomer'>;
  /** The outbound queue replies are queued on; the channels' adapters are registered with it. */
  queue: OutboundQueuePort;
  wechatApiBaseUrl: string;
  publicUrl?: string;
}

/**
 * The messaging channels: WeChat Official Accounts, messaging apps on signed webhooks, and phone call records.
 * WeChat and webhook messages are stored as they arrive and filed by one worker through the channels' shared
 * filing path; agents' replies are queued on the outbound queue and sent by the channels' adapters.
 */
export function createMessaging(deps: MessagingDeps, hooks: { onStored?: () => void } = {}) {
  const preparers = {
    wechat: (arrival: Parameters<typeof wechatIntake.prepareArrival>[0]) => wechatIntake.prepareArrival(arrival),
    webhook: (arrival: Parameters<typeof webhookIntake.prepareArrival>[0]) => webhookIntake.prepareArrival(arrival),
  };
  const inbound = createChannelInbound(deps, preparers, hooks);
  const api = createWechatApi({ baseUrl: deps.wechatApiBaseUrl });
  const wechatOutbound = createWechatOutbound({ ...deps, inbound, api });
  const wechatIntake = createWechatIntake({ ...deps, inbound, api, accessToken: wechatOutbound.accessToken });
  const wechat = createWechatService({ ...deps, conversationOf: wechatOutbound.conversationOf });
  const connections = createHookConnections(deps);
  const webhookIntake = createWebhookIntake({ ...deps, inbound, connections });
  const webhookOutbound = createWebhookOutbound({ ...deps, inbound, connections });
  const phone = createPhoneService(deps);

  deps.tickets.registerDetailExtension('wechat', async (workspaceId, ticketId) => {
    const conversation = await wechatOutbound.conversationOf(workspaceId, ticketId);
    if (!conversation) return null;
    const { openId: _openId, ...shown } = conversation;
    return shown;
  });

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(wechatRoutes, { wechat });
    await app.register(hookConnectionRoutes, { connections });
    await app.register(phoneRoutes, { phone });
  };
  const hookRoutes: FastifyPluginAsync = async (app) => {
    await app.register(wechatHooks, { intake: wechatIntake });
    app.decorateRequest('hookConnection', null);
    await app.register(webhookHooks, { authenticate: connections.authenticate, intake: webhookIntake });
    await app.register(phoneHooks, { authenticate: connections.authenticate, phone, recordReceived: (workspaceId, id) => connections.recordReceived(workspaceId, id) });
  };

  const adapters: ChannelAdapter[] = [
    { kind: 'wechat', send: (delivery) => wechatOutbound.sendReply(delivery) },
    { kind: 'webhook', send: (delivery) => webhookOutbound.sendReply(delivery) },
  ];

  return {
    service: {
      wechat: { ...wechat, ...wechatIntake, sendReply: wechatOutbound.sendReply },
      webhooks: { ...connections, ...webhookIntake, sendReply: webhookOutbound.sendReply },
      phone,
      processInbound: inbound.processPending,
    },
    routes,
    hooks: hookRoutes,
    adapters,
    subscribers: [messagingReplySubscriber({ queue: deps.queue, inbound })],
  };
}

export type Messaging = ReturnType<typeof createMessaging>;
