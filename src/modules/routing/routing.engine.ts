/**
 * Routing at work: keeps routing's copy of each active ticket and each agent's load in step with ticket events,
 * and places queued tickets with the team's strategy under the team's row lock. Load is taken with a conditional
 * UPDATE (repo.takeCapacity), so however many nodes place tickets at once, nobody goes past capacity.
 */
import { systemActor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { withSavepoint, type Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { cancelTimersByKey, scheduleTimer } from '../../platform/timers.ts';
import type { IdentityService, PublicUser } from '../identity/index.ts';
import type { SlaService } from '../sla/index.ts';
import { ACTIVE_STATUSES, deferTimelineEntry, type TicketStatus, type TicketsService } from '../tickets/index.ts';
import { ROUTING_EVENTS, AGENT_AGGREGATE, routingOutbox } from './routing.events.ts';
import * as repo from './routing.repository.ts';
import { chooseAgent, loadKindOfChannel, requiredSkills, tierOfPriority, type Candidate } from './routing-strategies.ts';
import { effectiveHours, isOnShift } from './routing-schedule.ts';
import type { WorkspacesService } from '../workspaces/index.ts';

export const REMINDER_TIMER = 'routing.unassigned_reminder';
export const reminderKey = (ticketId: string) => `routing:unassigned:${ticketId}`;

/** Roles whose members take tickets from a team's queue. */
export const ROUTABLE_ROLES: ReadonlySet<string> = new Set(['agent', 'supervisor']);

/** At most this many queued tickets are placed per drain (an agent coming online takes the rest on later frees). */
const DRAIN_LIMIT = 50;

export interface RoutingEngineDeps {
  clock: Clock;
  identity: Pick<IdentityService, 'getUsersByIds' | 'listRoutingCandidates'>;
  tickets: Pick<TicketsService, 'routeTicketInTransaction' | 'lockTicketInTransaction'>;
  sla: Pick<SlaService, 'readTicketSla'>;
  workspaces: Pick<WorkspacesService, 'getWorkspace'>;
}

/** What routing needs of a ticket, from an event payload or a ticket record. */
export interface TicketSnapshot {
  ticketId: string;
  number: string;
  subject: string;
  status: TicketStatus;
  teamId: string | null;
  assigneeId: string | null;
  priority: string;
  type: string;
  channel: string;
  tags: string[];
  createdAt: Date;
}

/** An online member of a team with both loads, so one read serves tickets and chats. */
interface Member {
  userId: string;
  ticketCapacity: number;
  chatCapacity: number;
  openTickets: number;
  openChats: number;
  skills: ReadonlyMap<string, number>;
}

/** A team locked for placing tickets: its configuration and online members, updated as tickets are placed. */
export interface TeamDesk {
  team: repo.TeamRouting;
  members: Member[];
}

const asCandidate = (member: Member, kind: repo.LoadKind): Candidate => ({
  userId: member.userId,
  load: kind === 'chat' ? member.openChats : member.openTickets,
  capacity: kind === 'chat' ? member.chatCapacity : member.ticketCapacity,
  skills: member.skills,
});

export const isWorking = (user: PublicUser): boolean => user.isActive && user.presence === 'online' && ROUTABLE_ROLES.has(user.role);

export function createRoutingEngine(deps: RoutingEngineDeps) {
  const { clock } = deps;

  async function slaDueOf(tx: Sql, workspaceId: string, ticketId: string): Promise<Date | null> {
    return (await deps.sla.readTicketSla(workspaceId, ticketId, tx)).nextDueAt;
  }

  async function armReminder(tx: Sql, workspaceId: string, ticket: repo.RoutingTicket): Promise<void> {
    if (!ticket.teamId) return;
    const team = await repo.selectTeamRouting(tx, workspaceId, ticket.teamId);
    if (!team?.reminderMinutes) return;
    await scheduleTimer(tx, clock, {
      workspaceId,
      key: reminderKey(ticket.ticketId),
      kind: REMINDER_TIMER,
      dueAt: new Date(ticket.queuedAt.getTime() + team.reminderMinutes * 60_000),
      payload: { ticketId: ticket.ticketId, queuedAt: ticket.queuedAt.toISOString() },
    });
  }

  async function announceAvailable(tx: Sql, workspaceId: string, userId: string, reason: 'online' | 'capacity'): Promise<void> {
    await routingOutbox.emit(tx, clock, { workspaceId, type: ROUTING_EVENTS.agentAvailable, aggregateType: AGENT_AGGREGATE, aggregateId: userId, payload: { userId, reason } });
  }

  /**
   * Locks the ticket and brings routing's copy of it and the loads in line with it as it now is (never with an
   * event's payload, which may be older than a placement made since). Returns the copy (none for a solved, closed
   * or missing ticket). An agent whose load fell is announced available, so their queues may refill them.
   */
  async function sync(tx: Sql, workspaceId: string, ticketId: string): Promise<repo.RoutingTicket | undefined> {
    const record = await deps.tickets.lockTicketInTransaction(tx, workspaceId, ticketId);
    return syncRecord(tx, workspaceId, record ? snapshotOfRecord(record) : { ticketId, status: 'closed' });
  }

  async function syncRecord(tx: Sql, workspaceId: string, t: TicketSnapshot | { ticketId: string; status: 'closed' }): Promise<repo.RoutingTicket | undefined> {
    const now = clock.now();
    const before = await repo.selectRoutingTicket(tx, workspaceId, t.ticketId, { forUpdate: true });
    const active = 'number' in t && (ACTIVE_STATUSES as readonly string[]).includes(t.status);
    const assigneeId = 'number' in t ? t.assigneeId : null;
    const kind = 'number' in t ? loadKindOfChannel(t.channel) : 'ticket';
    const stillCounted = active && assigneeId !== null && before?.countedFor === assigneeId && before.loadKind === kind;
    if (before?.countedFor && !stillCounted) {
      await repo.adjustLoad(tx, workspaceId, before.countedFor, before.loadKind, -1, now);
      // Their load fell (the ticket was solved or went to someone else), unless it only changed kind.
      if (!active || before.countedFor !== assigneeId) await announceAvailable(tx, workspaceId, before.countedFor, 'capacity');
    }
    if (!active || !('number' in t)) {
      if (before) {
        await repo.deleteRoutingTicket(tx, workspaceId, t.ticketId);
        await cancelTimersByKey(tx, workspaceId, [reminderKey(t.ticketId)]);
      }
      return undefined;
    }
    if (t.assigneeId && !stillCounted) await repo.adjustLoad(tx, workspaceId, t.assigneeId, kind, 1, now);
    const queued = t.assigneeId === null;
    const requeued = queued && (!before || before.assigneeId !== null || before.teamId !== t.teamId);
    const next: repo.RoutingTicket = {
      ticketId: t.ticketId,
      number: t.number,
      subject: t.subject,
      teamId: t.teamId,
      assigneeId: t.assigneeId,
      countedFor: t.assigneeId,
      loadKind: kind,
      tier: tierOfPriority(t.priority),
      priority: t.priority,
      type: t.type,
      channel: t.channel,
      tags: t.tags,
      // The due time orders the queue only: read while the ticket waits.
      slaDueAt: queued ? await slaDueOf(tx, workspaceId, t.ticketId) : (before?.slaDueAt ?? null),
      createdAt: t.createdAt,
      queuedAt: requeued ? now : (before?.queuedAt ?? now),
    };
    await repo.upsertRoutingTicket(tx, workspaceId, next);
    if (!queued || !t.teamId) {
      if (before && before.assigneeId === null) await cancelTimersByKey(tx, workspaceId, [reminderKey(t.ticketId)]);
    } else if (requeued) {
      await armReminder(tx, workspaceId, next);
    }
    return next;
  }

  /**
   * Locks the team for placing and reads its members who are online and on shift (their own hours, else the
   * team's, in the workspace's time zone), with their loads; undefined for a manual team. Given the one ticket
   * the desk is opened for, a skills team reads only members holding its required skills (identity filters them
   * on an index), so a placement does not read every member of a large team.
   */
  async function openDesk(tx: Sql, workspaceId: string, teamId: string, forTicket?: repo.RoutingTicket): Promise<TeamDesk | undefined> {
    const team = await repo.selectTeamRouting(tx, workspaceId, teamId, { forUpdate: true });
    if (!team || team.strategy === 'manual') return undefined;
    const required = forTicket && team.strategy === 'skills' ? requiredSkills(forTicket, team.skillRules) : [];
    const online = await deps.identity.listRoutingCandidates(workspaceId, teamId, { roles: [...ROUTABLE_ROLES], presence: 'online', requiredSkills: required }, tx);
    const loads = await repo.selectAgentLoads(tx, workspaceId, online.map((user) => user.id));
    const { timezone } = await deps.workspaces.getWorkspace(workspaceId, tx);
    const now = clock.now();
    const members = online
      .filter((user) => isOnShift(effectiveHours(loads.get(user.id)!.schedule, team.schedule), timezone, now))
      .map((user) => {
        const load = loads.get(user.id)!;
        return { userId: user.id, ticketCapacity: user.maxLoad, chatCapacity: load.chatCapacity, openTickets: load.openTickets, openChats: load.openChats, skills: new Map(user.skills.map((s) => [s.skill, s.level])) };
      });
    return { team, members };
  }

  /**
   * Picks an agent for a queued ticket by the desk's strategy and takes a unit of their capacity. A candidate whose
   * conditional UPDATE fails (full by a change this desk did not see) is dropped and the next one tried.
   */
  async function pick(tx: Sql, workspaceId: string, desk: TeamDesk, ticket: repo.RoutingTicket): Promise<string | null> {
    const required = desk.team.strategy === 'skills' ? requiredSkills(ticket, desk.team.skillRules) : [];
    let pool = desk.members.map((member) => asCandidate(member, ticket.loadKind));
    for (;;) {
      const chosen = chooseAgent(pool, { strategy: desk.team.strategy, required, lastAssigned: desk.team.lastAssignedUser });
      if (!chosen) return null;
      const member = desk.members.find((m) => m.userId === chosen.userId)!;
      if (await repo.takeCapacity(tx, workspaceId, chosen.userId, ticket.loadKind, chosen.capacity, clock.now())) {
        if (ticket.loadKind === 'chat') member.openChats += 1;
        else member.openTickets += 1;
        desk.team.lastAssignedUser = chosen.userId;
        await repo.setLastAssigned(tx, workspaceId, desk.team.teamId, chosen.userId);
        return chosen.userId;
      }
      if (ticket.loadKind === 'chat') member.openChats = member.chatCapacity;
      else member.openTickets = member.ticketCapacity;
      pool = pool.filter((candidate) => candidate.userId !== chosen.userId);
    }
  }

  /** Writes a placement: routing's copy, the ticket itself (its events, timeline and audit), and routing's own step. */
  async function applyPlacement(tx: Sql, workspaceId: string, ticket: repo.RoutingTicket, assigneeId: string, step: { kind: string; summaryKey: string; params: Record<string, unknown> }) {
    const now = clock.now();
    await repo.upsertRoutingTicket(tx, workspaceId, { ...ticket, assigneeId, countedFor: assigneeId });
    await cancelTimersByKey(tx, workspaceId, [reminderKey(ticket.ticketId)]);
    await deps.tickets.routeTicketInTransaction(tx, systemActor(workspaceId), ticket.ticketId, { assigneeId });
    await deferTimelineEntry(tx, workspaceId, ticket.ticketId, {
      kind: step.kind,
      stage: 'handling',
      at: now,
      operatorType: 'system',
      details: { assigneeId, summaryKey: step.summaryKey, summaryParams: step.params },
    });
  }

  /** Places one queued ticket (locked, and synced in this transaction) on an open desk; the assignee, or null when nobody may take it now. */
  async function place(tx: Sql, workspaceId: string, desk: TeamDesk, ticket: repo.RoutingTicket): Promise<string | null> {
    if (ticket.assigneeId !== null) return ticket.assigneeId;
    const assigneeId = await pick(tx, workspaceId, desk, ticket);
    if (!assigneeId) return null;
    await applyPlacement(tx, workspaceId, ticket, assigneeId, { kind: 'routing.assigned', summaryKey: `routing.timeline.assigned_${desk.team.strategy}`, params: {} });
    return assigneeId;
  }

  /** A ticket that just arrived in a team's queue: placed now if anyone may take it. */
  async function placeArrival(tx: Sql, workspaceId: string, ticket: repo.RoutingTicket): Promise<string | null> {
    if (!ticket.teamId || ticket.assigneeId !== null) return ticket.assigneeId;
    const desk = await openDesk(tx, workspaceId, ticket.teamId, ticket);
    return desk ? place(tx, workspaceId, desk, ticket) : null;
  }

  /**
   * Serves a team's queue in order while anyone has room. A ticket that can no longer be routed (closed since it
   * was queued: its event is on its way) is passed over inside a savepoint rather than failing the drain.
   */
  async function drain(tx: Sql, workspaceId: string, teamId: string): Promise<number> {
    const desk = await openDesk(tx, workspaceId, teamId);
    if (!desk || desk.members.length === 0) return 0;
    let placed = 0;
    for (const queued of await repo.selectQueue(tx, workspaceId, teamId, { limit: DRAIN_LIMIT, lock: true })) {
      // Held by another transaction: that one is changing the ticket, and its event will route it.
      const record = await deps.tickets.lockTicketInTransaction(tx, workspaceId, queued.ticketId, { skipLocked: true });
      if (!record) continue;
      const ticket = await syncRecord(tx, workspaceId, snapshotOfRecord(record));
      if (!ticket || ticket.assigneeId !== null || ticket.teamId !== teamId) continue;
      const result = await withSavepoint(tx, () => place(tx, workspaceId, desk, ticket));
      if (!result.ok) {
        if (result.error instanceof AppError) continue;
        throw result.error;
      }
      if (result.value === null) break;
      placed += 1;
    }
    return placed;
  }

  /** Drains every routed team the agent belongs to (they came online or freed capacity). */
  async function drainFor(tx: Sql, workspaceId: string, userId: string): Promise<number> {
    const [user] = await deps.identity.getUsersByIds(workspaceId, [userId], tx);
    if (!user || !isWorking(user)) return 0;
    let placed = 0;
    for (const teamId of [...user.teamIds].sort()) placed += await drain(tx, workspaceId, teamId);
    return placed;
  }

  /**
   * An agent went offline with open work: each ticket of a routed team goes to another agent of the team, or back
   * to the queue (front of its tier by age) when nobody has room. Tickets of manual teams stay with them.
   */
  async function reassignFrom(tx: Sql, workspaceId: string, userId: string): Promise<number> {
    const [user] = await deps.identity.getUsersByIds(workspaceId, [userId], tx);
    if (!user || user.presence !== 'offline') return 0;
    // Every ticket is locked (and synced) before any team is: the order arrivals take, ticket then team.
    const held: repo.RoutingTicket[] = [];
    for (const assigned of await repo.selectAssignedTo(tx, workspaceId, userId)) {
      const ticket = await sync(tx, workspaceId, assigned.ticketId);
      if (ticket?.assigneeId === userId && ticket.teamId) held.push(ticket);
    }
    const desks = new Map<string, TeamDesk | undefined>();
    let moved = 0;
    for (const ticket of held) {
      if (!desks.has(ticket.teamId!)) desks.set(ticket.teamId!, await openDesk(tx, workspaceId, ticket.teamId!));
      const desk = desks.get(ticket.teamId!);
      if (!desk) continue;
      const result = await withSavepoint(tx, async () => {
        const now = clock.now();
        await repo.adjustLoad(tx, workspaceId, userId, ticket.loadKind, -1, now);
        const waiting = { ...ticket, assigneeId: null, countedFor: null };
        const assigneeId = await pick(tx, workspaceId, desk, waiting);
        const params = {};
        if (assigneeId) {
          await applyPlacement(tx, workspaceId, waiting, assigneeId, { kind: 'routing.reassigned', summaryKey: 'routing.timeline.reassigned', params });
          return;
        }
        const queued = { ...waiting, queuedAt: now, slaDueAt: await slaDueOf(tx, workspaceId, ticket.ticketId) };
        await repo.upsertRoutingTicket(tx, workspaceId, queued);
        await deps.tickets.routeTicketInTransaction(tx, systemActor(workspaceId), ticket.ticketId, { assigneeId: null });
        await deferTimelineEntry(tx, workspaceId, ticket.ticketId, { kind: 'routing.requeued', stage: 'handling', at: now, operatorType: 'system', details: { summaryKey: 'routing.timeline.requeued', summaryParams: params } });
        await armReminder(tx, workspaceId, queued);
      });
      if (!result.ok && !(result.error instanceof AppError)) throw result.error;
      if (result.ok) moved += 1;
    }
    return moved;
  }

  return { sync, syncRecord, openDesk, place, placeArrival, drain, drainFor, reassignFrom, announceAvailable };
}

export type RoutingEngine = ReturnType<typeof createRoutingEngine>;

/** A ticket record (the tickets service's answer inside a transaction) as routing reads it. */
export function snapshotOfRecord(record: { id: string; number: string; subject: string; status: TicketStatus; teamId: string | null; assigneeId: string | null; priority: string; type: string; channel: string; tags: string[]; createdAt: Date }): TicketSnapshot {
  return { ticketId: record.id, number: record.number, subject: record.subject, status: record.status, teamId: record.teamId, assigneeId: record.assigneeId, priority: record.priority, type: record.type, channel: record.channel, tags: record.tags, createdAt: record.createdAt };
}
