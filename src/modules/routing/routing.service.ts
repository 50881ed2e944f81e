/**
 * The routing service: team strategies and reminders, agent capacities, the supervisors' queue view, manual
 * assignment and transfer with a reason, and `assignByRouting` for rules. The work itself is the engine's.
 */
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError, invalidField } from '../../platform/errors.ts';
import type { AuditService } from '../audit/index.ts';
import { assertCan, type IdentityService, type PublicUser } from '../identity/index.ts';
import { deferTimelineEntry, type TicketsService } from '../tickets/index.ts';
import { ROUTABLE_ROLES, snapshotOfRecord, type RoutingEngine } from './routing.engine.ts';
import * as repo from './routing.repository.ts';
import type { SkillRule, Strategy } from './routing-strategies.ts';
import type { PresenceActivity } from './routing.activity.ts';
import type { ShiftStarts } from './routing.shifts.ts';
import { validateWeeklyHours, type WeeklyHours } from './routing-schedule.ts';
import type { Clock } from '../../platform/clock.ts';

export interface RoutingServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  identity: IdentityService;
  tickets: TicketsService;
  engine: RoutingEngine;
  activity: PresenceActivity;
  shifts: Pick<ShiftStarts, 'armShiftStarts' | 'armTeamShiftStarts'>;
}

export interface TeamRoutingView {
  teamId: string;
  teamName: string;
  kind: 'team' | 'department';
  strategy: Strategy;
  skillRules: SkillRule[];
  reminderMinutes: number | null;
  /** The members' working hours (workspace time zone); null: always on shift. */
  schedule: WeeklyHours | null;
  updatedAt: Date | null;
}

export interface AgentRoutingView {
  userId: string;
  name: string;
  role: string;
  presence: string;
  teamIds: string[];
  skills: { skill: string; level: number }[];
  ticketCapacity: number;
  chatCapacity: number;
  openTickets: number;
  openChats: number;
  /** The agent's own working hours, overriding their teams'; null: they work their teams' hours. */
  schedule: WeeklyHours | null;
}

export interface QueueSummaryView {
  teamId: string;
  teamName: string;
  strategy: Strategy;
  waiting: number;
  p1Waiting: number;
  oldestQueuedAt: Date | null;
  agentsOnline: number;
}

export interface QueuedTicketView {
  ticketId: string;
  number: string;
  subject: string;
  priority: string;
  channel: string;
  slaDueAt: Date | null;
  createdAt: Date;
  queuedAt: Date;
}

const MANUAL_DEFAULT = { strategy: 'manual' as Strategy, skillRules: [] as SkillRule[], reminderMinutes: null, schedule: null, updatedAt: null };

/** Weekly hours as sent, checked; null clears them; undefined leaves them as they are. */
function checkedHours(input: WeeklyHours | null | undefined): WeeklyHours | null | undefined {
  if (!input) return input;
  const result = validateWeeklyHours(input, 'schedule');
  if (!result.ok) throw new AppError('validation', 'errors.validation', { fields: result.problems });
  return result.hours;
}

function teamView(team: { id: string; name: string; kind: string }, config: Omit<TeamRoutingView, 'teamId' | 'teamName' | 'kind'>): TeamRoutingView {
  const { strategy, skillRules, reminderMinutes, schedule, updatedAt } = config;
  return { teamId: team.id, teamName: team.name, kind: team.kind as 'team' | 'department', strategy, skillRules, reminderMinutes, schedule, updatedAt };
}

export function createRoutingService(deps: RoutingServiceDeps) {
  const { db, clock, audit, identity, tickets, engine, shifts } = deps;

  async function requireTeam(workspaceId: string, teamId: string, sql: Sql = db) {
    const [team] = await identity.getTeamsByIds(workspaceId, [teamId], sql);
    if (!team) throw invalidField('teamId', 'routing.unknown_team');
    return team;
  }

  async function routableUsers(actor: Actor, sql: Sql = db): Promise<PublicUser[]> {
    return (await identity.listUsers(actor, { isActive: true }, sql)).filter((user) => ROUTABLE_ROLES.has(user.role));
  }

  function agentView(user: PublicUser, load: repo.AgentLoad): AgentRoutingView {
    return {
      userId: user.id,
      name: user.name,
      role: user.role,
      presence: user.presence,
      teamIds: user.teamIds,
      skills: user.skills,
      ticketCapacity: user.maxLoad,
      chatCapacity: load.chatCapacity,
      openTickets: load.openTickets,
      openChats: load.openChats,
      schedule: load.schedule,
    };
  }

  return {
    /** The realtime socket's reports (open, heartbeat, close) that drive presence by activity. */
    socketOpened: deps.activity.socketOpened,
    socketSeen: deps.activity.socketSeen,
    socketClosed: deps.activity.socketClosed,

    async listTeamRouting(actor: Actor): Promise<TeamRoutingView[]> {
      assertCan(actor, 'routing.manage');
      const [teams, configs] = await Promise.all([identity.listTeams(actor), repo.selectTeamRoutings(db, actor.workspaceId)]);
      const byTeam = new Map(configs.map((config) => [config.teamId, config]));
      return teams.map((team) => {
        const config = byTeam.get(team.id) ?? MANUAL_DEFAULT;
        return teamView(team, config);
      });
    },

    /**
     * Sets a team's strategy, skill rules, reminder and working hours (left as they are when not given); a team
     * switched to a routed strategy is served at once.
     */
    async setTeamRouting(actor: Actor, teamId: string, input: { strategy: Strategy; skillRules?: SkillRule[]; reminderMinutes?: number | null; schedule?: WeeklyHours | null }): Promise<TeamRoutingView> {
      assertCan(actor, 'routing.manage');
      const team = await requireTeam(actor.workspaceId, teamId);
      const rules = input.skillRules ?? [];
      const seen = new Set<string>();
      rules.forEach((rule, index) => {
        const key = `${rule.field}\u0000${rule.value}\u0000${rule.skill}`;
        if (seen.has(key)) throw invalidField(`skillRules[${index}]`, 'routing.duplicate_skill_rule');
        seen.add(key);
      });
      const hours = checkedHours(input.schedule);
      await db.transaction(async (tx) => {
        const schedule = hours !== undefined ? hours : ((await repo.selectTeamRouting(tx, actor.workspaceId, teamId))?.schedule ?? null);
        await repo.upsertTeamRouting(tx, actor.workspaceId, teamId, { strategy: input.strategy, skillRules: rules, reminderMinutes: input.reminderMinutes ?? null, schedule }, clock.now());
        await audit.record(tx, actor, { action: 'routing.team_updated', entityType: 'team', entityId: teamId, details: { strategy: input.strategy, rules: rules.length, reminderMinutes: input.reminderMinutes ?? null, schedule } });
        await shifts.armTeamShiftStarts(tx, actor.workspaceId, teamId);
        if (input.strategy !== 'manual') await engine.drain(tx, actor.workspaceId, teamId);
      });
      const config = (await repo.selectTeamRouting(db, actor.workspaceId, teamId))!;
      return teamView(team, config);
    },

    async listAgents(actor: Actor): Promise<AgentRoutingView[]> {
      assertCan(actor, 'routing.manage');
      const users = await routableUsers(actor);
      const loads = await repo.selectAgentLoads(db, actor.workspaceId, users.map((user) => user.id));
      return users.map((user) => agentView(user, loads.get(user.id)!));
    },

    /**
     * An agent's capacities (open tickets: identity's max_load; live chats) and own working hours (null: their
     * teams'). Raising a capacity or widening the hours serves their queues.
     */
    async setAgentCapacity(actor: Actor, userId: string, input: { ticketCapacity?: number; chatCapacity?: number; schedule?: WeeklyHours | null }): Promise<AgentRoutingView> {
      assertCan(actor, 'routing.manage');
      const [user] = await identity.getUsersByIds(actor.workspaceId, [userId]);
      if (!user || !user.isActive || !ROUTABLE_ROLES.has(user.role)) throw new AppError('not_found', 'errors.not_found', { params: { entity: 'user' } });
      const hours = checkedHours(input.schedule);
      await db.transaction(async (tx) => {
        const now = clock.now();
        if (input.ticketCapacity !== undefined) await identity.setMaxLoadInTransaction(tx, actor.workspaceId, userId, input.ticketCapacity);
        if (input.chatCapacity !== undefined) await repo.setChatCapacity(tx, actor.workspaceId, userId, input.chatCapacity, now);
        if (hours !== undefined) {
          await repo.setAgentSchedule(tx, actor.workspaceId, userId, hours, now);
          await shifts.armShiftStarts(tx, actor.workspaceId, [userId]);
        }
        await audit.record(tx, actor, { action: 'routing.capacity_updated', entityType: 'user', entityId: userId, details: input });
        await engine.announceAvailable(tx, actor.workspaceId, userId, 'capacity');
      });
      const [updated] = await identity.getUsersByIds(actor.workspaceId, [userId]);
      const loads = await repo.selectAgentLoads(db, actor.workspaceId, [userId]);
      return agentView(updated!, loads.get(userId)!);
    },

    /** The supervisors' view: every team's waiting count, its longest wait and who is online to take work. */
    async listQueues(actor: Actor): Promise<QueueSummaryView[]> {
      assertCan(actor, 'tickets.assign');
      const [teams, configs, summaries, users] = await Promise.all([
        identity.listTeams(actor),
        repo.selectTeamRoutings(db, actor.workspaceId),
        repo.selectQueueSummaries(db, actor.workspaceId),
        routableUsers(actor),
      ]);
      const strategies = new Map(configs.map((config) => [config.teamId, config.strategy]));
      return teams.map((team) => {
        const summary = summaries.get(team.id);
        return {
          teamId: team.id,
          teamName: team.name,
          strategy: strategies.get(team.id) ?? 'manual',
          waiting: summary?.waiting ?? 0,
          p1Waiting: summary?.p1 ?? 0,
          oldestQueuedAt: summary?.oldestQueuedAt ?? null,
          agentsOnline: users.filter((user) => user.presence === 'online' && user.teamIds.includes(team.id)).length,
        };
      });
    },

    /** One team's queue in serving order (P1 first, then SLA due time, then age) and its members' loads. */
    async getQueue(actor: Actor, teamId: string, options: { limit?: number } = {}): Promise<{ tickets: QueuedTicketView[]; agents: AgentRoutingView[] }> {
      assertCan(actor, 'tickets.assign');
      await requireTeam(actor.workspaceId, teamId);
      const queue = await repo.selectQueue(db, actor.workspaceId, teamId, { limit: options.limit ?? 100 });
      const members = (await routableUsers(actor)).filter((user) => user.teamIds.includes(teamId));
      const loads = await repo.selectAgentLoads(db, actor.workspaceId, members.map((user) => user.id));
      return {
        tickets: queue.map((t) => ({ ticketId: t.ticketId, number: t.number, subject: t.subject, priority: t.priority, channel: t.channel, slaDueAt: t.slaDueAt, createdAt: t.createdAt, queuedAt: t.queuedAt })),
        agents: members.map((user) => agentView(user, loads.get(user.id)!)),
      };
    },

    /**
     * Hands a ticket to a person and/or a team by hand, with the reason on its timeline. A person may be given
     * work past their capacity (a supervisor's call); a ticket sent to a team without a person is routed there.
     */
    async transferTicket(actor: Actor, ticketId: string, input: { assigneeId?: string | null; teamId?: string | null; reason: string }): Promise<{ ticketId: string; assigneeId: string | null; teamId: string | null }> {
      assertCan(actor, 'tickets.assign');
      if (input.assigneeId === undefined && input.teamId === undefined) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'assigneeId', messageKey: 'routing.nothing_to_change' }] });
      if (input.teamId) await requireTeam(actor.workspaceId, input.teamId);
      if (input.assigneeId) {
        const [user] = await identity.getUsersByIds(actor.workspaceId, [input.assigneeId]);
        if (!user || !user.isActive || !ROUTABLE_ROLES.has(user.role)) throw invalidField('assigneeId', 'routing.unknown_agent');
      }
      return db.transaction(async (tx) => {
        const record = await tickets.routeTicketInTransaction(tx, actor, ticketId, { assigneeId: input.assigneeId, teamId: input.teamId });
        await deferTimelineEntry(tx, actor.workspaceId, ticketId, {
          kind: 'routing.transferred',
          stage: 'handling',
          at: clock.now(),
          operatorType: 'user',
          operatorId: actor.userId,
          content: input.reason,
          details: { assigneeId: record.assigneeId, teamId: record.teamId, reason: input.reason, summaryKey: 'routing.timeline.transferred', summaryParams: {} },
        });
        await audit.record(tx, actor, { action: 'routing.transferred', entityType: 'ticket', entityId: ticketId, details: { assigneeId: record.assigneeId, teamId: record.teamId } });
        const synced = await engine.syncRecord(tx, actor.workspaceId, snapshotOfRecord(record));
        const assigneeId = synced ? await engine.placeArrival(tx, actor.workspaceId, synced) : record.assigneeId;
        return { ticketId, assigneeId, teamId: record.teamId };
      });
    },

    /**
     * For rules ("assign by routing"), inside the caller's transaction: moves the ticket to `teamId` when given,
     * then places it with the team's strategy if nobody has it. The assignee, or null when it waits in the queue.
     * A ticket someone already has keeps them.
     */
    async assignByRouting(tx: Sql, input: { workspaceId: string; ticketId: string; teamId?: string }): Promise<string | null> {
      const ticket = await engine.sync(tx, input.workspaceId, input.ticketId);
      if (!ticket) return null;
      if (input.teamId && input.teamId !== ticket.teamId) {
        await requireTeam(input.workspaceId, input.teamId, tx);
        const record = await tickets.routeTicketInTransaction(tx, systemActor(input.workspaceId), input.ticketId, { teamId: input.teamId });
        const moved = await engine.syncRecord(tx, input.workspaceId, snapshotOfRecord(record));
        return moved ? engine.placeArrival(tx, input.workspaceId, moved) : null;
      }
      return engine.placeArrival(tx, input.workspaceId, ticket);
    },
  };
}

export type RoutingService = ReturnType<typeof createRoutingService>;
