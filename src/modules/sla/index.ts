import './sla.messages.ts';

import { systemActor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import type { KefuModule } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import { createSlaEngine } from './sla.engine.ts';
import { ESCALATION_EVENT_TYPES, type SlaPeoplePort } from './sla.escalation.ts';
import type { SlaCustomersPort, SlaTicketsPort } from './sla.engine-store.ts';
import { TICKET_EVENT_TYPES, TIMER_KINDS } from './sla-work.ts';
import { slaOutbox } from './sla.events.ts';
import { slaRoutes } from './sla.routes.ts';
import { createSlaService, type SlaService } from './sla.service.ts';
import { deferTimelineEntry, isTicketStatus, setSlaSummary, stageOfStatus, ticketsOutbox, type TicketsService } from '../tickets/index.ts';
import type { CustomersService } from '../customers/index.ts';
import { channelsOutbox } from '../channels/index.ts';

/** The engine on its own, for benchmarks and simulations that drive timers without the HTTP app. */
export { createSlaEngine } from './sla.engine.ts';
export { TIMER_KINDS, timerKey } from './sla-work.ts';
export { SLA_EVENTS, slaOutbox, type SlaEventPayloads } from './sla.events.ts';
export type { SlaTargetEventPayload, SlaEscalatedPayload, SlaPolicyAppliedPayload, SlaTaskCompletedPayload, EscalationRecipient } from './sla.events.ts';
export type { SlaService } from './sla.service.ts';
export type { TicketSlaView, TargetView } from './sla.ticket-sla.ts';
export type { PolicyView } from './sla.policies.ts';
export type { CalendarView } from './sla.calendars.ts';
export type { TaskView } from './sla.tasks.ts';
export { METRICS, type Metric } from './sla-policy.ts';
export type { PolicyCreateSchema, PolicyPatchSchema } from './sla-policy.ts';
export {
  addBusinessMinutes,
  businessMinutesBetween,
  isBusinessTime,
  nextOpening,
  businessIntervals,
  DEFAULT_CALENDAR_24X7,
  defaultOfficeCalendar,
  validateCalendar,
  WEEKDAYS,
  type BusinessCalendar,
  type TimeRange,
  type Weekday,
} from './business-calendar.ts';

export interface SlaModuleDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  identity: IdentityService;
  /** Absent in isolated tests: the clocks still run, without summaries, timeline rows or routing. */
  tickets?: TicketsService;
  customers?: CustomersService;
}

/** The engine's view of the tickets module: summary columns, timeline rows and routing for escalations. */
export function slaTicketsPort(tickets: TicketsService): SlaTicketsPort {
  return {
    setSlaSummary: (tx, workspaceId, ticketId, summary) => setSlaSummary(tx, workspaceId, ticketId, summary),
    async addTimelineEntry(tx, workspaceId, ticketId, entry) {
      await deferTimelineEntry(tx, workspaceId, ticketId, { kind: entry.kind, stage: isTicketStatus(entry.status) ? stageOfStatus(entry.status) : 'handling', at: entry.at, operatorType: 'system', details: entry.details });
    },
    async assignTicket(tx, workspaceId, ticketId, to) {
      // Inside the engine's transaction: the escalation and the assignment commit together or not at all.
      await tickets.routeTicketInTransaction(tx, systemActor(workspaceId), ticketId, to.userId ? { assigneeId: to.userId } : { teamId: to.teamId });
    },
  };
}

/** Escalation recipients: the team's supervisors, read through the identity module inside the engine's transaction. */
export function slaPeoplePort(identity: IdentityService): SlaPeoplePort {
  return {
    async supervisorIds(tx, workspaceId, teamId) {
      const supervisors = await identity.listUsers(systemActor(workspaceId), { role: 'supervisor', teamId: teamId ?? undefined, isActive: true }, tx);
      return supervisors.map((user) => user.id);
    },
  };
}

/** Customer tags and organisation for policy matching, read through the customers module inside the engine's transaction. */
export function slaCustomersPort(customers: CustomersService): SlaCustomersPort {
  return {
    getCustomerFacts: (tx, workspaceId, customerId) => customers.getCustomerTraits(tx, workspaceId, customerId),
  };
}

/**
 * The SLA module: ticket events drive the clocks, durable timers fire warnings and breaches, the engine's own
 * events drive escalation, and the ticket detail gets an `sla` block.
 */
export function createSlaModule(deps: SlaModuleDeps): KefuModule<SlaService> {
  const tickets = deps.tickets ? slaTicketsPort(deps.tickets) : undefined;
  const customers = deps.customers ? slaCustomersPort(deps.customers) : undefined;
  const engine = createSlaEngine({ clock: deps.clock, logger: deps.logger, tickets, customers, people: slaPeoplePort(deps.identity) });
  const sla = createSlaService({
    db: deps.db,
    clock: deps.clock,
    audit: deps.audit,
    identity: deps.identity,
    engine,
    assertCanViewTicket: deps.tickets ? async (actor, ticketId) => void (await deps.tickets!.getTicket(actor, ticketId)) : undefined,
  });
  deps.tickets?.registerDetailExtension('sla', (workspaceId, ticketId) => sla.readTicketSla(workspaceId, ticketId));
  return {
    service: sla,
    routes: (app) => slaRoutes(app, { sla }),
    subscribers: [
      ticketsOutbox.subscriber({ name: 'sla.clock', types: TICKET_EVENT_TYPES, handle: engine.handleTicketEvent }),
      slaOutbox.subscriber({ name: 'sla.escalation', types: ESCALATION_EVENT_TYPES, handle: engine.handleEscalationEvent }),
      channelsOutbox.subscriber({ name: 'sla.progress_update', types: ['outbound.sent'], handle: engine.handleProgressUpdate }),
    ],
    timers: [
      { kind: TIMER_KINDS.warning, handle: engine.fireTargetTimer },
      { kind: TIMER_KINDS.breach, handle: engine.fireTargetTimer },
      { kind: TIMER_KINDS.recompute, handle: engine.recomputeBatch },
    ],
  };
}
