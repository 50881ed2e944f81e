import './routing.messages.ts';

import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { SlaService } from '../sla/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { ticketsOutbox, type TicketsService } from '../tickets/index.ts';
import { createRoutingEngine } from './routing.engine.ts';
import { AGENT_AGGREGATE, ROUTING_EVENTS, routingOutbox } from './routing.events.ts';
import { routingRoutes } from './routing.routes.ts';
import { createRoutingService, type RoutingService } from './routing.service.ts';
import { createRoutingTimers } from './routing.timers.ts';
import { createPresenceActivity, type ActivityTimings } from './routing.activity.ts';
import { createShiftStarts } from './routing.shifts.ts';

export type { SocketOwner, ActivityTimings } from './routing.activity.ts';
export type { RoutingService, TeamRoutingView, AgentRoutingView, QueueSummaryView, QueuedTicketView } from './routing.service.ts';
export { ROUTING_EVENTS, routingOutbox, type RoutingEventPayloads } from './routing.events.ts';
export { isOnShift, effectiveHours, type WeeklyHours } from './routing-schedule.ts';
export { chooseAgent, requiredSkills, compareQueueEntries, STRATEGIES, type Strategy, type SkillRule, type Candidate } from './routing-strategies.ts';
// The request contracts, type-only: the web app derives its request and response types from them.
export type { TeamRoutingSchema, TeamRoutingBody, AgentRoutingSchema, AgentCapacityBody, QueueSummarySchema, QueueSchema, TransferBody, TransferResultSchema } from './routing.routes.ts';

export interface RoutingModuleDeps extends ModulePlatform {
  audit: AuditService;
  identity: IdentityService;
  tickets: TicketsService;
  sla: SlaService;
  notifications: NotificationsService;
  workspaces: WorkspacesService;
  /** When a user whose last socket closed is set away, then offline (defaults: 5 and 30 minutes). */
  presenceTimings?: Partial<ActivityTimings>;
}

/**
 * Routing: presence, capacity and skills decide who gets a team's tickets. Tickets are placed when they arrive in a
 * team, when an agent comes online or frees capacity, and handed on when an agent goes offline with open work.
 */
export function createRoutingModule(deps: RoutingModuleDeps): KefuModule<RoutingService> {
  const engine = createRoutingEngine(deps);
  const activity = createPresenceActivity({ ...deps, timings: deps.presenceTimings });
  const shifts = createShiftStarts({ ...deps, announceAvailable: engine.announceAvailable });
  const routing = createRoutingService({ ...deps, engine, activity, shifts });
  deps.identity.onPresenceChange(async (tx, change) => {
    if (change.to === 'online') await engine.announceAvailable(tx, change.workspaceId, change.userId, 'online');
    if (change.to === 'offline') {
      await routingOutbox.emit(tx, deps.clock, { workspaceId: change.workspaceId, type: ROUTING_EVENTS.agentOffline, aggregateType: AGENT_AGGREGATE, aggregateId: change.userId, payload: { userId: change.userId, reason: 'offline' } });
    }
  });
  return {
    service: routing,
    routes: (app) => routingRoutes(app, { routing }),
    subscribers: [
      ticketsOutbox.subscriber({
        name: 'routing.ticket_changed',
        types: ['ticket.created', 'ticket.updated'],
        async handle(event, tx) {
          const ticket = await engine.sync(tx, event.workspaceId, event.payload.ticketId);
          if (ticket) await engine.placeArrival(tx, event.workspaceId, ticket);
        },
      }),
      routingOutbox.subscriber({
        name: 'routing.agent_available',
        types: [ROUTING_EVENTS.agentAvailable],
        handle: async (event, tx) => void (await engine.drainFor(tx, event.workspaceId, event.payload.userId)),
      }),
      routingOutbox.subscriber({
        name: 'routing.agent_offline',
        types: [ROUTING_EVENTS.agentOffline],
        handle: async (event, tx) => void (await engine.reassignFrom(tx, event.workspaceId, event.payload.userId)),
      }),
    ],
    timers: [...createRoutingTimers(deps), ...activity.timers, ...shifts.timers],
  };
}
