/**
 * Follow-up visits (回访): opened for every complaint once its solution is carried out, for a low CSAT score and
 * for a solved P1 ticket; scheduled, assigned, each attempt counted; unreachable after N attempts, or overdue, the
 * task goes to the supervisors.
 */
import { assertCan, systemActor, type Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { cancelTimersByKey, scheduleTimer, type DueTimer } from '../../platform/timers.ts';
import { TIMER_KINDS, type ComplaintsContext } from './complaints.context.ts';
import { COMPLAINT_EVENTS, type FollowUpEventPayload } from './complaints.events.ts';
import * as repo from './complaints.repository.ts';
import * as followRepo from './follow-ups.repository.ts';

/** A low score: 1 or 2 of 5. */
export const LOW_CSAT_MAX = 2;
const FOLLOW_UP_WITHIN_MS = 24 * 3_600_000;

export type NewFollowUp = Pick<followRepo.FollowUpRecord, 'ticketId' | 'ticketNumber' | 'complaintId' | 'reason' | 'assigneeId' | 'dueAt' | 'sourceKey'>;

const dueTimerKey = (id: string) => `follow-up:${id}:due`;
const payloadOf = (task: followRepo.FollowUpRecord): FollowUpEventPayload => ({
  followUpId: task.id,
  ticketId: task.ticketId,
  ticketNumber: task.ticketNumber,
  complaintId: task.complaintId,
  reason: task.reason,
  status: task.status,
  assigneeId: task.assigneeId,
});

export function createFollowUpOps(ctx: ComplaintsContext, hooks: { complaintOutcome?: (tx: Sql, actor: Actor, complaintId: string, satisfied: boolean) => Promise<void> }) {
  const { clock, deps } = ctx;

  async function requireTask(sql: Sql, actor: Actor, id: string): Promise<followRepo.FollowUpRecord> {
    const task = isUuid(id) ? await followRepo.selectFollowUp(sql, actor.workspaceId, id, { forUpdate: true }) : undefined;
    if (!task) throw new AppError('not_found', 'complaints.follow_up_not_found');
    return task;
  }

  async function escalate(tx: Sql, actor: Actor, task: followRepo.FollowUpRecord, why: 'unreachable' | 'overdue'): Promise<followRepo.FollowUpRecord> {
    const next = await followRepo.updateFollowUp(tx, actor.workspaceId, task.id, { status: 'escalated', escalatedAt: clock.now() });
    await ctx.emit(tx, actor, COMPLAINT_EVENTS.followUpEscalated, task.ticketId, payloadOf(next));
    await ctx.timeline(tx, actor, task.ticketId, 'follow_up.escalated', `complaints.timeline.follow_up_${why}`, { number: task.ticketNumber }, { followUpId: task.id });
    await ctx.notifySupervisors(tx, actor, `follow-up:${task.id}:${why}`, `complaints.notice.follow_up_${why}`, { id: task.ticketId, number: task.ticketNumber });
    return next;
  }

  const ops = {
    /** Opens a task inside the caller's transaction (once per cause), with its due timer and a notice to its assignee. */
    async openInTransaction(tx: Sql, actor: Actor, input: NewFollowUp): Promise<followRepo.FollowUpRecord | undefined> {
      const task = await followRepo.insertFollowUp(tx, actor.workspaceId, { id: newId(), ...input, createdAt: clock.now() });
      if (!task) return undefined;
      await scheduleTimer(tx, clock, { workspaceId: actor.workspaceId, key: dueTimerKey(task.id), kind: TIMER_KINDS.followUpDue, dueAt: task.dueAt, payload: { followUpId: task.id } });
      await ctx.emit(tx, actor, COMPLAINT_EVENTS.followUpCreated, task.ticketId, payloadOf(task));
      await ctx.timeline(tx, actor, task.ticketId, 'follow_up.created', `complaints.timeline.follow_up_${task.reason}`, { number: task.ticketNumber }, { followUpId: task.id });
      if (task.assigneeId && task.assigneeId !== actor.userId) await ctx.notify(tx, actor.workspaceId, [task.assigneeId], `follow-up:${task.id}:assigned`, 'complaints.notice.follow_up_assigned', { id: task.ticketId, number: task.ticketNumber });
      return task;
    },

    /** A CSAT of 1 or 2: someone calls the customer back. */
    async onCsat(tx: Sql, workspaceId: string, answer: { invitationId: string; ticketId: string; ticketNumber: string | null; score: number; agentId: string | null }): Promise<void> {
      if (answer.score > LOW_CSAT_MAX) return;
      await ops.openInTransaction(tx, systemActor(workspaceId), {
        ticketId: answer.ticketId,
        ticketNumber: answer.ticketNumber ?? '',
        complaintId: null,
        reason: 'low_csat',
        assigneeId: answer.agentId,
        dueAt: new Date(clock.now().getTime() + FOLLOW_UP_WITHIN_MS),
        sourceKey: `csat:${answer.invitationId}`,
      });
    },

    /** A solved P1 ticket is followed up (once per ticket). */
    async onP1Solved(tx: Sql, workspaceId: string, ticket: { ticketId: string; number: string; assigneeId: string | null }): Promise<void> {
      await ops.openInTransaction(tx, systemActor(workspaceId), {
        ticketId: ticket.ticketId,
        ticketNumber: ticket.number,
        complaintId: null,
        reason: 'p1',
        assigneeId: ticket.assigneeId,
        dueAt: new Date(clock.now().getTime() + FOLLOW_UP_WITHIN_MS),
        sourceKey: `p1:${ticket.ticketId}`,
      });
    },

    async listFollowUps(actor: Actor, filter: { status?: followRepo.FollowUpStatus | 'active'; mine?: boolean; ticketId?: string; complaintId?: string; limit?: number }) {
      assertCan(actor, 'tickets.read');
      return followRepo.selectFollowUps(ctx.db, actor.workspaceId, {
        status: filter.status,
        assigneeId: filter.mine ? (actor.userId ?? undefined) : undefined,
        ticketId: filter.ticketId,
        complaintId: filter.complaintId,
        limit: filter.limit ?? 200,
      });
    },

    async assignFollowUp(actor: Actor, id: string, input: { assigneeId?: string | null; dueAt?: Date }) {
      assertCan(actor, 'tickets.assign');
      return ctx.db.transaction(async (tx) => {
        const task = await requireTask(tx, actor, id);
        if (task.status === 'done') throw new AppError('invalid_state', 'complaints.follow_up_done');
        if (input.assigneeId) {
          const [user] = await deps.identity.getUsersByIds(actor.workspaceId, [input.assigneeId], tx);
          if (!user || !user.isActive) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'assigneeId', messageKey: 'complaints.unknown_user' }] });
        }
        const next = await followRepo.updateFollowUp(tx, actor.workspaceId, id, { assigneeId: input.assigneeId, dueAt: input.dueAt, status: 'open' });
        if (input.dueAt) await scheduleTimer(tx, clock, { workspaceId: actor.workspaceId, key: dueTimerKey(id), kind: TIMER_KINDS.followUpDue, dueAt: input.dueAt, payload: { followUpId: id } });
        if (next.assigneeId && next.assigneeId !== actor.userId) await ctx.notify(tx, actor.workspaceId, [next.assigneeId], `follow-up:${id}:assigned:${clock.now().getTime()}`, 'complaints.notice.follow_up_assigned', { id: next.ticketId, number: next.ticketNumber });
        await deps.audit.record(tx, actor, { action: 'follow_up.assigned', entityType: 'follow_up', entityId: id, details: input });
        return next;
      });
    },

    /** The customer could not be reached: counted; the last allowed attempt sends the task to the supervisors. */
    async recordAttempt(actor: Actor, id: string, input: { note?: string }) {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => {
        const task = await requireTask(tx, actor, id);
        if (task.status === 'done') throw new AppError('invalid_state', 'complaints.follow_up_done');
        const settings = await repo.selectSettings(tx, actor.workspaceId);
        const attempts = task.attempts + 1;
        let next = await followRepo.updateFollowUp(tx, actor.workspaceId, id, { attempts, outcome: input.note ?? task.outcome });
        await deps.audit.record(tx, actor, { action: 'follow_up.unreachable', entityType: 'follow_up', entityId: id, details: { attempts, note: input.note ?? null } });
        if (attempts >= settings.followUpMaxAttempts && task.status !== 'escalated') next = await escalate(tx, actor, next, 'unreachable');
        return next;
      });
    },

    /** The visit happened: the outcome, and whether the customer is satisfied (a complaint's loop closes on it). */
    async completeFollowUp(actor: Actor, id: string, input: { satisfied: boolean; outcome: string }) {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => {
        const task = await requireTask(tx, actor, id);
        if (task.status === 'done') throw new AppError('invalid_state', 'complaints.follow_up_done');
        const next = await followRepo.updateFollowUp(tx, actor.workspaceId, id, { status: 'done', satisfied: input.satisfied, outcome: input.outcome, completedAt: clock.now() });
        await cancelTimersByKey(tx, actor.workspaceId, [dueTimerKey(id)]);
        await ctx.emit(tx, actor, COMPLAINT_EVENTS.followUpCompleted, task.ticketId, { ...payloadOf(next), satisfied: input.satisfied });
        await ctx.timeline(tx, actor, task.ticketId, 'follow_up.completed', input.satisfied ? 'complaints.timeline.follow_up_satisfied' : 'complaints.timeline.follow_up_unsatisfied', { number: task.ticketNumber }, { followUpId: id, outcome: input.outcome });
        await deps.audit.record(tx, actor, { action: 'follow_up.completed', entityType: 'follow_up', entityId: id, details: input });
        if (task.complaintId && task.reason === 'complaint') await hooks.complaintOutcome?.(tx, actor, task.complaintId, input.satisfied);
        return next;
      });
    },

    /** Due and still open: the supervisors hear of it. */
    async fireDue(timer: DueTimer, tx: Sql): Promise<void> {
      const { followUpId } = timer.payload as { followUpId: string };
      const task = await followRepo.selectFollowUp(tx, timer.workspaceId, followUpId, { forUpdate: true });
      if (!task || task.status !== 'open' || task.dueAt.getTime() > clock.now().getTime()) return;
      await escalate(tx, systemActor(timer.workspaceId), task, 'overdue');
    },
  };
  return ops;
}

export type FollowUpOps = ReturnType<typeof createFollowUpOps>;
