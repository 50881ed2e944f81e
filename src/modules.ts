import type { KefuModule, ModulePlatform } from './platform/module.ts';
import { createAuditModule } from './modules/audit/index.ts';
import { createWorkspacesModule } from './modules/workspaces/index.ts';
import { createIdentityModule } from './modules/identity/index.ts';
import { createCustomersModule } from './modules/customers/index.ts';
import { createTicketsModule } from './modules/tickets/index.ts';
import { createSlaModule } from './modules/sla/index.ts';
import { createOperationsModule } from './modules/operations/index.ts';
import { createChannelsModule } from './modules/channels/index.ts';
import { createNotificationsModule } from './modules/notifications/index.ts';
import { createKbModule } from './modules/kb/index.ts';
import { createBotModule } from './modules/bot/index.ts';
import { createCollaborationModule } from './modules/collaboration/index.ts';
import { createPortalModule } from './modules/portal/index.ts';
import { createRoutingModule } from './modules/routing/index.ts';
import { createSurveysModule } from './modules/surveys/index.ts';
import { createComplaintsModule } from './modules/complaints/index.ts';
import { createChatModule } from './modules/chat/index.ts';
import { botChatResponder, botPortalAssistant } from './modules/bot/index.ts';
import { createAutomationModule } from './modules/automation/index.ts';

/**
 * The domain modules in dependency order, lowest first: each is created from the platform and the services of
 * the modules above it in this list. The kernel registers their subscribers and timers and the HTTP app mounts
 * their routes in this order. One line per module.
 */
export function createModules(platform: ModulePlatform) {
  const audit = createAuditModule(platform);
  const workspaces = createWorkspacesModule({ ...platform, audit: audit.service });
  const identity = createIdentityModule({ ...platform, audit: audit.service, workspaces: workspaces.service });
  const customers = createCustomersModule({ ...platform, audit: audit.service });
  const tickets = createTicketsModule({ ...platform, audit: audit.service, workspaces: workspaces.service, identity: identity.service, customers: customers.service });
  const sla = createSlaModule({ ...platform, audit: audit.service, identity: identity.service, tickets: tickets.service, customers: customers.service });
  const operations = createOperationsModule({ ...platform, audit: audit.service });
  const channels = createChannelsModule({ ...platform, audit: audit.service, workspaces: workspaces.service, identity: identity.service, tickets: tickets.service, customers: customers.service });
  const notifications = createNotificationsModule(platform);
  const collaboration = createCollaborationModule({ ...platform, audit: audit.service, identity: identity.service, workspaces: workspaces.service, tickets: tickets.service, sla: sla.service, notifications: notifications.service });
  const chat = createChatModule({ ...platform, audit: audit.service, workspaces: workspaces.service, identity: identity.service, tickets: tickets.service, customers: customers.service, sla: sla.service });
  const kb = createKbModule({ ...platform, audit: audit.service, workspaces: workspaces.service, tickets: tickets.service });
  const bot = createBotModule({ ...platform, audit: audit.service, workspaces: workspaces.service, kb: kb.service, tickets: tickets.service, sla: sla.service });
  const portal = createPortalModule({ ...platform, audit: audit.service, workspaces: workspaces.service, customers: customers.service, tickets: tickets.service, channels: channels.service });
  const routing = createRoutingModule({ ...platform, audit: audit.service, identity: identity.service, tickets: tickets.service, sla: sla.service, notifications: notifications.service, workspaces: workspaces.service });
  const surveys = createSurveysModule({ ...platform, audit: audit.service, workspaces: workspaces.service, identity: identity.service, customers: customers.service, tickets: tickets.service, channels: channels.service });
  const complaints = createComplaintsModule({ ...platform, audit: audit.service, workspaces: workspaces.service, identity: identity.service, tickets: tickets.service, notifications: notifications.service, collaboration: collaboration.service });
  const automation = createAutomationModule({ ...platform, audit: audit.service, workspaces: workspaces.service, identity: identity.service, customers: customers.service, tickets: tickets.service, notifications: notifications.service, collaboration: collaboration.service, channels: channels.service });
  chat.service.registerResponder(botChatResponder(bot.service));
  automation.service.registerRouter((tx, workspaceId, ticket, teamId) => routing.service.assignByRouting(tx, { workspaceId, ticketId: ticket.id, ...(teamId ? { teamId } : {}) }));
  // The CSAT survey is the solved notice when it is on; the portal's "rate" button opens the same signed link.
  channels.service.notices.registerSurveyLinkProvider(async (tx, ticket) => ((await surveys.service.sendsSolvedNotice(tx, ticket.workspaceId, ticket)) ? false : null));
  portal.service.setAssistant(botPortalAssistant(bot.service));
  portal.service.setRatingLinkProvider((request) => surveys.service.csatLinkForCustomer(request.workspaceId, request.ticketId, request.customerId));
  return { audit, workspaces, identity, customers, tickets, sla, notifications, operations, channels, collaboration, chat, kb, bot, portal, routing, surveys, complaints, automation };
}

export type Modules = ReturnType<typeof createModules>;
export type ModuleServices = { [Name in keyof Modules]: Modules[Name]['service'] };

/** Each module's service by the module's name: what the CLI, the tests and the HTTP app call. */
export function servicesOf(modules: Modules): ModuleServices {
  const entries = Object.entries(modules as Record<string, KefuModule<unknown>>).map(([name, module]) => [name, module.service]);
  return Object.fromEntries(entries) as ModuleServices;
}
