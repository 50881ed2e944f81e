import type { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n.ts';
import { isUuid } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import { attachmentsDirOf, createLocalObjectStore, type ObjectStore } from '../../platform/storage/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { CustomersService, CustomerSummary } from '../customers/index.ts';
import { can, type IdentityService } from '../identity/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { visibleCustomFields, type CustomFieldDefinition } from './custom-fields.ts';
import { canSeeTicket } from './ticket-list-query.ts';
import * as settingsRepo from './ticket-settings.repository.ts';
import type { TicketStatus } from './ticket-status.ts';
import { ticketsOutbox, type TicketEventBase, type TicketEventPayloads } from './tickets.events.ts';
import * as repo from './tickets.repository.ts';
import type { TicketSchema } from './tickets.schemas.ts';
import * as timelineRepo from './ticket-timeline.repository.ts';

/** What the tickets module needs from the customers module (its index.ts contract). */
export type TicketCustomers = Pick<CustomersService, 'intakeCustomers' | 'assertCustomerExists' | 'getCustomerSummaries' | 'getSearchText'>;

export interface TicketsDeps {
  db: Db;
  /** Every timestamp the module writes comes from here (a seeder or simulation passes a ManualClock). */
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: WorkspacesService;
  identity: IdentityService;
  customers: TicketCustomers;
  config: { DATA_DIR: string; KEFU_MAX_ATTACHMENT_BYTES: number };
  /** Where upload bytes go (the kernel passes the configured one); defaults to files under DATA_DIR/attachments. */
  attachmentStore?: ObjectStore;
}

export interface TicketTypeView {
  key: string;
  names: { en: string; 'zh-CN': string };
  isActive: boolean;
  isBuiltIn: boolean;
  position: number;
}

/** The types every workspace starts with; admins can rename or deactivate them and add their own. */
export const BUILT_IN_TYPES: readonly TicketTypeView[] = [
  { key: 'consultation', names: { en: 'Consultation', 'zh-CN': '咨询' }, isActive: true, isBuiltIn: true, position: 10 },
  { key: 'complaint', names: { en: 'Complaint', 'zh-CN': '投诉' }, isActive: true, isBuiltIn: true, position: 20 },
  { key: 'after_sales', names: { en: 'After-sales', 'zh-CN': '售后' }, isActive: true, isBuiltIn: true, position: 30 },
  { key: 'technical_support', names: { en: 'Technical support', 'zh-CN': '技术支持' }, isActive: true, isBuiltIn: true, position: 40 },
  { key: 'suggestion', names: { en: 'Suggestion', 'zh-CN': '建议' }, isActive: true, isBuiltIn: true, position: 50 },
];

export interface PersonRef {
  id: string;
  name: string;
}

/** A ticket as the API shows it (names resolved, customer masked for the viewer): the response contract's type. */
export type TicketView = z.infer<typeof TicketSchema>;

/** Admin settings change rarely and are read on every create: kept briefly per node. */
const SETTINGS_TTL_MS = 5_000;

export function createTicketsContext(deps: TicketsDeps) {
  const { db, clock } = deps;
  const store = deps.attachmentStore ?? createLocalObjectStore(attachmentsDirOf(deps.config));
  const settingsCache = new Map<string, { loadedAt: number; types: TicketTypeView[]; fields: CustomFieldDefinition[] }>();

  /** `sql` must be the open transaction when called inside one (embedded mode has one connection). */
  async function loadSettings(workspaceId: string, sql: Sql = db) {
    const cached = settingsCache.get(workspaceId);
    if (cached && Date.now() - cached.loadedAt < SETTINGS_TTL_MS) return cached;
    const rows = await settingsRepo.selectTicketTypes(sql, workspaceId);
    const fields = await settingsRepo.selectCustomFields(sql, workspaceId);
    const byKey = new Map(BUILT_IN_TYPES.map((type) => [type.key, { ...type }]));
    for (const row of rows) {
      byKey.set(row.key, {
        key: row.key,
        names: { en: row.nameEn, 'zh-CN': row.nameZh },
        isActive: row.isActive,
        isBuiltIn: BUILT_IN_TYPES.some((type) => type.key === row.key),
        position: row.position,
      });
    }
    const types = [...byKey.values()].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
    const entry = { loadedAt: Date.now(), types, fields };
    settingsCache.set(workspaceId, entry);
    return entry;
  }

  const ctx = {
    deps,
    db,
    clock,
    store,

    loadSettings,
    invalidateSettings(workspaceId: string) {
      settingsCache.delete(workspaceId);
    },

    notFound: () => new AppError('not_found', 'tickets.not_found'),

    /** Loads a ticket the actor may see; anything else (other workspace, other department) is 404. */
    async requireTicket(sql: Sql, actor: Actor, ticketId: string, options: { forUpdate?: boolean } = {}): Promise<repo.TicketRecord> {
      if (!isUuid(ticketId)) throw ctx.notFound();
      const ticket = await repo.selectTicket(sql, actor.workspaceId, ticketId, options);
      if (!ticket || !canSeeTicket(actor, ticket)) throw ctx.notFound();
      return ticket;
    },

    /** Optimistic concurrency: a stale version is a conflict that tells the caller the current one. */
    checkVersion(ticket: repo.TicketRecord, expected: number | undefined): void {
      if (expected !== undefined && ticket.version !== expected) {
        throw new AppError('conflict', 'errors.conflict', { extra: { currentVersion: ticket.version } });
      }
    },

    invalidTransition(actor: Actor, from: TicketStatus, to: TicketStatus): AppError {
      return new AppError('invalid_state', 'tickets.invalid_transition', {
        params: { from, to, fromLabel: translate(actor.locale, `tickets.status.${from}`), toLabel: translate(actor.locale, `tickets.status.${to}`) },
        extra: { from, to },
      });
    },

    eventBase(ticket: repo.TicketRecord): TicketEventBase {
      return {
        ticketId: ticket.id,
        number: ticket.number,
        subject: ticket.subject,
        status: ticket.status,
        priority: ticket.priority,
        urgency: ticket.urgency,
        type: ticket.type,
        channel: ticket.channel,
        tags: ticket.tags,
        customFields: ticket.customFields,
        teamId: ticket.teamId,
        departmentId: ticket.departmentId,
        assigneeId: ticket.assigneeId,
        customerId: ticket.customerId,
        createdAt: ticket.createdAt.toISOString(),
      };
    },

    async emit<T extends keyof TicketEventPayloads>(
      tx: Sql,
      actor: Actor,
      type: T,
      ticket: repo.TicketRecord,
      extra: Omit<TicketEventPayloads[T], keyof TicketEventBase>,
    ): Promise<void> {
      // The base and the type's own fields make the type's payload; TypeScript cannot see that through Omit.
      const payload = { ...ctx.eventBase(ticket), ...extra } as TicketEventPayloads[T];
      await ticketsOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type, aggregateType: 'ticket', aggregateId: ticket.id, actorId: actor.userId, payload });
    },

    operatorOf(actor: Actor): { operatorType: timelineRepo.NewTimelineRow['operatorType']; operatorId: string | null } {
      if (actor.kind === 'system') return { operatorType: 'system', operatorId: null };
      if (actor.kind === 'customer') return { operatorType: 'customer', operatorId: actor.userId };
      return { operatorType: 'user', operatorId: actor.userId };
    },

    /** Names of users and teams; one query each, whatever the number of ids. */
    async lookupNames(workspaceId: string, userIds: (string | null)[], teamIds: (string | null)[], sql: Sql = db) {
      const users = [...new Set(userIds.filter((id): id is string => id !== null))];
      const teams = [...new Set(teamIds.filter((id): id is string => id !== null))];
      const [userRows, teamRows] = await Promise.all([deps.identity.getUsersByIds(workspaceId, users, sql), deps.identity.getTeamsByIds(workspaceId, teams, sql)]);
      return {
        users: new Map(userRows.map((user) => [user.id, { id: user.id, name: user.name }])),
        teams: new Map(teamRows.map((team) => [team.id, { id: team.id, name: team.name }])),
      };
    },

    /**
     * Shapes tickets for the viewer with a fixed number of queries (names, customers, settings);
     * customer summaries already at hand (masked for this viewer) are not read again. `sql`: the open
     * transaction, when called inside one.
     */
    async toViews(actor: Actor, tickets: repo.TicketRecord[], options: { knownCustomers?: Map<string, CustomerSummary>; sql?: Sql } = {}): Promise<TicketView[]> {
      if (tickets.length === 0) return [];
      const { knownCustomers, sql = db } = options;
      const workspaceId = actor.workspaceId;
      const [names, customers, settings] = await Promise.all([
        ctx.lookupNames(
          workspaceId,
          tickets.map((t) => t.assigneeId),
          tickets.flatMap((t) => [t.teamId, t.departmentId]),
          sql,
        ),
        knownCustomers && tickets.every((t) => knownCustomers.has(t.customerId))
          ? knownCustomers
          : deps.customers.getCustomerSummaries(workspaceId, [...new Set(tickets.map((t) => t.customerId))], actor, sql),
        loadSettings(workspaceId, sql),
      ]);
      return tickets.map((ticket) => ({
        id: ticket.id,
        number: ticket.number,
        subject: ticket.subject,
        description: ticket.description,
        status: ticket.status,
        priority: ticket.priority,
        urgency: ticket.urgency,
        type: ticket.type,
        channel: ticket.channel,
        tags: ticket.tags,
        customFields: visibleCustomFields(settings.fields, ticket.customFields),
        customerId: ticket.customerId,
        customer: customers.get(ticket.customerId) ?? null,
        assignee: ticket.assigneeId ? (names.users.get(ticket.assigneeId) ?? { id: ticket.assigneeId, name: '' }) : null,
        team: ticket.teamId ? (names.teams.get(ticket.teamId) ?? { id: ticket.teamId, name: '' }) : null,
        department: ticket.departmentId ? (names.teams.get(ticket.departmentId) ?? { id: ticket.departmentId, name: '' }) : null,
        expectedCompletionAt: ticket.expectedCompletionAt,
        actualCompletionAt: ticket.solvedAt,
        closedAt: ticket.closedAt,
        csat: ticket.csat,
        mergedIntoId: ticket.mergedIntoId,
        firstResponseAt: ticket.firstResponseAt,
        lastMessageAt: ticket.lastMessageAt,
        createdBy: ticket.createdBy,
        version: ticket.version,
        slaState: ticket.slaState,
        slaNextDueAt: ticket.slaNextDueAt,
        createdAt: ticket.createdAt,
        updatedAt: ticket.updatedAt,
      }));
    },

    /** Checks that an assignee, team and department exist (and are of the right kind) in the workspace. */
    async validatePeople(workspaceId: string, input: { assigneeId?: string | null; teamId?: string | null; departmentId?: string | null }): Promise<void> {
      const problems: { field: string; messageKey: string }[] = [];
      const teamIds = [input.teamId, input.departmentId].filter((id): id is string => typeof id === 'string');
      const [users, teams] = await Promise.all([
        input.assigneeId ? deps.identity.getUsersByIds(workspaceId, isUuid(input.assigneeId) ? [input.assigneeId] : []) : Promise.resolve([]),
        deps.identity.getTeamsByIds(workspaceId, teamIds.filter(isUuid)),
      ]);
      const assignee = input.assigneeId ? users.find((user) => user.id === input.assigneeId && user.isActive) : undefined;
      if (input.assigneeId && !assignee) problems.push({ field: 'assigneeId', messageKey: 'tickets.unknown_assignee' });
      // Only someone who may work tickets can own one (an analyst only reads them).
      else if (assignee && !can({ role: assignee.role }, 'tickets.write')) problems.push({ field: 'assigneeId', messageKey: 'tickets.assignee_cannot_work_tickets' });
      if (input.teamId && !teams.some((team) => team.id === input.teamId && team.kind === 'team')) {
        problems.push({ field: 'teamId', messageKey: 'tickets.unknown_team' });
      }
      if (input.departmentId && !teams.some((team) => team.id === input.departmentId && team.kind === 'department')) {
        problems.push({ field: 'departmentId', messageKey: 'tickets.unknown_department' });
      }
      if (problems.length > 0) throw new AppError('validation', 'errors.validation', { fields: problems });
    },

    assertTypeAllowed(types: readonly TicketTypeView[], type: string): void {
      if (!types.some((candidate) => candidate.key === type && candidate.isActive)) {
        throw new AppError('validation', 'errors.validation', { fields: [{ field: 'type', messageKey: 'tickets.unknown_type' }] });
      }
    },
  };
  return ctx;
}

export type TicketsContext = ReturnType<typeof createTicketsContext>;

/** Field names and values as events and the timeline record them (dates as ISO text). */
export function changeValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}
