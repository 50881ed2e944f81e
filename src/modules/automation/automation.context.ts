/**
 * What the automation module's parts share: dependencies, the lookups a plan reads, the facts a rule is evaluated
 * on, and the one executor that turns a plan's effects into changes — used by live rules and by macros alike.
 */
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { scheduleTimer } from '../../platform/timers.ts';
import type { AuditService } from '../audit/index.ts';
import type { ChannelsService } from '../channels/index.ts';
import type { CollaborationService } from '../collaboration/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotificationDraft, NotificationsService } from '../notifications/index.ts';
import type { TicketRecord, TicketsService, UpdateTicketInput } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import type { Facts, TicketFacts } from './rule-evaluator.ts';
import type { Effect, PlanLookups } from './rule-planner.ts';

export interface AutomationDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: Pick<WorkspacesService, 'getWorkspace'>;
  identity: Pick<IdentityService, 'listUsers' | 'getUsersByIds' | 'getTeamsByIds'>;
  customers: Pick<CustomersService, 'getCustomerInTransaction'>;
  tickets: TicketsService;
  notifications: Pick<NotificationsService, 'notifyInTransaction'>;
  collaboration: Pick<CollaborationService, 'createSubtaskInTransaction'>;
  outbound: Pick<ChannelsService['outbound'], 'queue'>;
}

/** The routing module's seam: an agent of the team for the ticket, or null to leave it with the team. */
export type Router = (tx: Sql, workspaceId: string, ticket: TicketFacts, teamId: string | null) => Promise<string | null>;

export const WEBHOOK_TIMER = 'automation.webhook';
export const TIME_RULE_TIMER = 'automation.time_rule';
export const timeRuleKey = (ticketId: string, ruleId: string) => `automation:time:${ticketId}:${ruleId}`;
export const timeRuleKeyPrefix = (ticketId: string) => `automation:time:${ticketId}:`;

/** Who did it, said on the timeline and in notices: a rule (by name and version) or an agent's macro. */
export interface EffectSource {
  kind: 'rule' | 'macro';
  id: string;
  name: string;
  version?: number;
  /** Unique per application: idempotency keys of notices, messages and jobs derive from it. */
  applicationId: string;
}

export function ticketFacts(record: TicketRecord): TicketFacts {
  return {
    id: record.id,
    number: record.number,
    subject: record.subject,
    description: record.description,
    status: record.status,
    priority: record.priority,
    urgency: record.urgency,
    type: record.type,
    channel: record.channel,
    tags: record.tags,
    customFields: record.customFields,
    teamId: record.teamId,
    assigneeId: record.assigneeId,
    departmentId: record.departmentId,
    customerId: record.customerId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export function createAutomationContext(deps: AutomationDeps) {
  const { db, clock } = deps;
  let router: Router | null = null;

  const ctx = {
    deps,
    db,
    clock,

    /** The routing module registers itself here; until then "assign by routing" hands the ticket to the team. */
    registerRouter(route: Router): void {
      router = route;
    },

    lookups(sql: Sql, workspaceId: string): PlanLookups {
      return {
        async supervisorIds(teamId) {
          const supervisors = await deps.identity.listUsers(systemActor(workspaceId), { role: 'supervisor', teamId: teamId ?? undefined, isActive: true }, sql);
          return supervisors.map((user) => user.id).sort();
        },
        async earlierTicket(ticket, since, sameType) {
          const before = ticket.createdAt instanceof Date ? ticket.createdAt : new Date(ticket.createdAt);
          return (await deps.tickets.findEarlierTicket(sql, workspaceId, { customerId: ticket.customerId, since, before, excludeId: ticket.id, type: sameType ? ticket.type : null })) ?? null;
        },
        async routeAssignee(ticket, teamId) {
          return router ? router(sql, workspaceId, ticket, teamId) : null;
        },
      };
    },

    /** The facts a rule reads: the ticket, its customer (read only if a condition asks), the trigger's message and event. */
    async facts(sql: Sql, workspaceId: string, record: TicketRecord, trigger: Pick<Facts, 'message' | 'event' | 'changes'>, options: { needsCustomer: boolean; now: Date }): Promise<Facts> {
      let customer: Facts['customer'] = null;
      if (options.needsCustomer) {
        const found = await deps.customers.getCustomerInTransaction(sql, systemActor(workspaceId), record.customerId).catch(() => null);
        customer = found ? { name: found.name, tags: found.tags, organizationName: found.organization } : null;
      }
      return { ticket: ticketFacts(record), customer, ...trigger, now: options.now };
    },

    /**
     * Applies a plan's effects to the ticket as `actor` (the system for rules, the agent for macros), each through
     * the owning module's service in the caller's transaction. Side effects that leave Kefu (mail, webhooks) are
     * queued here and sent after commit.
     */
    async applyEffects(tx: Sql, actor: Actor, ticketId: string, effects: readonly Effect[], source: EffectSource): Promise<void> {
      const workspaceId = actor.workspaceId;
      let ticket: TicketRecord | undefined;
      const current = async () => (ticket ??= await deps.tickets.readTicketRecord(tx, workspaceId, ticketId));
      const notices: NotificationDraft[] = [];
      for (const [index, effect] of effects.entries()) {
        const key = `automation:${source.applicationId}:${index}`;
        switch (effect.kind) {
          case 'update':
            ticket = await deps.tickets.updateTicketInTransaction(tx, actor, ticketId, effect.patch as UpdateTicketInput);
            break;
          case 'note':
          case 'reply':
            await deps.tickets.addMessageInTransaction(tx, actor, ticketId, { kind: effect.kind, body: effect.body, ...(actor.kind === 'system' ? { authorType: 'system' as const } : {}) });
            ticket = undefined;
            break;
          case 'notify': {
            const number = (await current())!.number;
            for (const userId of effect.userIds) notices.push({ userId, kind: 'automation', titleKey: 'automation.notice.notify', params: { number, message: effect.message }, ticketId, ticketNumber: number, sourceKey: key });
            break;
          }
          case 'escalate': {
            const number = (await current())!.number;
            for (const userId of effect.supervisorIds) {
              notices.push({ userId, kind: 'escalation', titleKey: 'automation.notice.escalated', params: { rule: source.name, number }, ticketId, ticketNumber: number, sourceKey: key });
            }
            break;
          }
          case 'template': {
            const record = (await current())!;
            const customer = await deps.customers.getCustomerInTransaction(tx, systemActor(workspaceId), record.customerId);
            if (!customer.email) break;
            await deps.outbound.queue(tx, {
              workspaceId,
              channel: 'email',
              template: effect.template,
              locale: customer.locale,
              to: { email: customer.email, name: customer.name },
              params: { customerName: customer.name, ticketNumber: record.number, ticketSubject: record.subject },
              ticketId,
              dedupeKey: key,
            });
            break;
          }
          case 'webhook': {
            const record = (await current())!;
            const body = JSON.stringify({ rule: { id: source.id, name: source.name, version: source.version ?? null }, ticket: { id: record.id, number: record.number, subject: record.subject, status: record.status, priority: record.priority, urgency: record.urgency, type: record.type, tags: record.tags }, firedAt: clock.now().toISOString() });
            await scheduleTimer(tx, clock, { workspaceId, key: `automation:webhook:${source.applicationId}:${index}`, kind: WEBHOOK_TIMER, dueAt: clock.now(), payload: { url: effect.url, secret: effect.secret, body } });
            break;
          }
          case 'link':
            await deps.tickets.linkTicketsInTransaction(tx, actor, ticketId, effect.ticketId);
            if (effect.note) await deps.tickets.addMessageInTransaction(tx, actor, ticketId, { kind: 'note', body: effect.note, ...(actor.kind === 'system' ? { authorType: 'system' as const } : {}) });
            ticket = undefined;
            break;
          case 'subtask':
            await deps.collaboration.createSubtaskInTransaction(tx, actor, { ticketId, departmentId: effect.departmentId, title: effect.title, description: effect.description, origin: 'automation', sourceKey: key });
            break;
        }
      }
      await deps.notifications.notifyInTransaction(tx, workspaceId, notices);
    },
  };
  return ctx;
}

export type AutomationContext = ReturnType<typeof createAutomationContext>;
