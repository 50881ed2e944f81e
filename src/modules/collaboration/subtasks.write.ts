/** Sub-tasks handed to a department: create, change (assignee, due time, start, reopen), complete and cancel. */
import { canMoveSubtask, type SubtaskStatus } from '../../contracts/collaboration.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { addBusinessMinutes, DEFAULT_CALENDAR_24X7 } from '../sla/index.ts';
import { assertCan, can } from '../identity/index.ts';
import { deferTimelineEntry } from '../tickets/index.ts';
import { collaborationOutbox, SUBTASK_EVENTS } from './collaboration.events.ts';
import type { CollaborationContext } from './collaboration.context.ts';
import * as repo from './collaboration.repository.ts';
import { canManageRequest, dueTimesOf, isActiveSubtask, warnAtFor } from './subtask-rules.ts';

export interface CreateSubtaskInput {
  ticketId: string;
  /** A team of kind department (technical support, logistics, finance, after-sales…). */
  departmentId: string;
  title: string;
  description?: string;
  /** A member of the department; without one the department's members are told. */
  assigneeId?: string | null;
  /** An explicit due time; without one the department's target applies, if it has one. */
  dueAt?: Date | null;
  /** Completing it asks for a progress update to the customer. */
  notifyCustomer?: boolean;
  /** Who asked: `manual` (default), `automation`, `complaint`… */
  origin?: string;
  /** Idempotency: a second create with the same key returns the first sub-task unchanged. */
  sourceKey?: string;
}

export interface UpdateSubtaskInput {
  title?: string;
  description?: string;
  assigneeId?: string | null;
  dueAt?: Date | null;
  /** Start (`in_progress`) or reopen (`open`); completing and cancelling have their own operations. */
  status?: 'open' | 'in_progress';
  notifyCustomer?: boolean;
}

/** The share of a sub-task's time after which it warns when its due time is given by hand. */
const DEFAULT_WARN_PERCENT = 80;

const fieldError = (field: string, messageKey: string, params?: Record<string, unknown>) => new AppError('validation', 'errors.validation', { fields: [{ field, messageKey, params }] });

export function createSubtaskWriteOps(ctx: CollaborationContext) {
  const { deps, clock } = ctx;

  const operatorOf = (actor: Actor) => (actor.kind === 'system' ? { operatorType: 'system' as const, operatorId: null } : { operatorType: 'user' as const, operatorId: actor.userId });

  /** The department exists as a department, and the assignee (if any) is an active member who may work tickets. */
  async function checkPeople(tx: Sql, actor: Actor, departmentId: string, assigneeId: string | null | undefined): Promise<string> {
    const [department] = isUuid(departmentId) ? await deps.identity.getTeamsByIds(actor.workspaceId, [departmentId], tx) : [];
    if (!department || department.kind !== 'department') throw fieldError('departmentId', 'collaboration.unknown_department');
    if (assigneeId) {
      const [user] = isUuid(assigneeId) ? await deps.identity.getUsersByIds(actor.workspaceId, [assigneeId], tx) : [];
      if (!user || !user.isActive || !can({ role: user.role }, 'tickets.write')) throw fieldError('assigneeId', 'collaboration.unknown_assignee');
      if (!user.teamIds.includes(departmentId)) throw fieldError('assigneeId', 'collaboration.assignee_not_in_department');
    }
    return department.name;
  }

  /** Due and warning instants: given by hand, or from the department's target on its calendar. */
  async function dueTimes(tx: Sql, workspaceId: string, departmentId: string, dueAt: Date | null | undefined, now: Date): Promise<{ dueAt: Date | null; warnAt: Date | null }> {
    if (dueAt) {
      if (dueAt <= now) throw fieldError('dueAt', 'collaboration.due_in_past');
      return { dueAt, warnAt: warnAtFor(now, dueAt, DEFAULT_WARN_PERCENT) };
    }
    if (dueAt === null) return { dueAt: null, warnAt: null };
    const target = await repo.selectTarget(tx, workspaceId, departmentId);
    if (!target) return { dueAt: null, warnAt: null };
    const calendarId = target.businessTime ? await deps.sla.readTeamCalendarId(workspaceId, departmentId, tx) : null;
    const calendar = calendarId ? ((await deps.sla.readCalendars(workspaceId, [calendarId], tx)).get(calendarId) ?? DEFAULT_CALENDAR_24X7) : DEFAULT_CALENDAR_24X7;
    return dueTimesOf(target, now, (start, minutes) => addBusinessMinutes(calendar, start, minutes));
  }

  async function timeline(tx: Sql, actor: Actor, subtask: repo.SubtaskRecord, kind: string, summaryKey: string, extra: Record<string, unknown> = {}, content: string | null = null): Promise<void> {
    await deferTimelineEntry(tx, actor.workspaceId, subtask.ticketId, {
      kind,
      stage: 'handling',
      at: clock.now(),
      ...operatorOf(actor),
      content,
      details: { subtaskId: subtask.id, title: subtask.title, departmentId: subtask.departmentId, summaryKey, summaryParams: { title: subtask.title, ...extra }, ...extra },
    });
  }

  async function createInTransaction(tx: Sql, actor: Actor, input: CreateSubtaskInput): Promise<{ subtask: repo.SubtaskRecord; created: boolean }> {
    assertCan(actor, 'tickets.write');
    if (input.sourceKey) {
      const existing = await repo.selectSubtaskBySource(tx, actor.workspaceId, input.sourceKey);
      if (existing) return { subtask: existing, created: false };
    }
    // The parent as the actor may see it: someone who cannot open the ticket cannot hand it on.
    const parent = await deps.tickets.getTicketInTransaction(tx, actor, input.ticketId);
    if (parent.status === 'closed') throw new AppError('invalid_state', 'collaboration.parent_closed', { params: { number: parent.number } });
    const departmentName = await checkPeople(tx, actor, input.departmentId, input.assigneeId);
    const now = clock.now();
    const due = await dueTimes(tx, actor.workspaceId, input.departmentId, input.dueAt, now);
    const inserted = await repo.insertSubtask(tx, actor.workspaceId, {
      id: newId(),
      ticketId: parent.id,
      ticketNumber: parent.number,
      ticketSubject: parent.subject,
      departmentId: input.departmentId,
      assigneeId: input.assigneeId ?? null,
      title: input.title,
      description: input.description ?? '',
      ...due,
      notifyCustomer: input.notifyCustomer ?? false,
      origin: input.origin ?? 'manual',
      sourceKey: input.sourceKey ?? null,
      createdBy: actor.userId,
      createdAt: now,
    });
    if (!inserted) {
      // Another transaction took the key meanwhile.
      const existing = await repo.selectSubtaskBySource(tx, actor.workspaceId, input.sourceKey!);
      if (!existing) throw new AppError('conflict', 'errors.conflict');
      return { subtask: existing, created: false };
    }
    await timeline(tx, actor, inserted, 'subtask.created', 'collaboration.timeline.created', { department: departmentName, dueAt: due.dueAt?.toISOString() ?? null }, inserted.description || null);
    await deps.audit.record(tx, actor, { action: 'subtask.created', entityType: 'ticket', entityId: parent.id, details: { subtaskId: inserted.id, departmentId: inserted.departmentId, origin: inserted.origin } });
    await ctx.emit(tx, actor, SUBTASK_EVENTS.created, inserted, {});
    await ctx.syncTimers(tx, actor.workspaceId, inserted);
    const recipients = inserted.assigneeId ? [inserted.assigneeId] : await ctx.departmentMemberIds(tx, actor, inserted.departmentId);
    await ctx.notify(tx, actor, inserted, 'created', recipients, inserted.assigneeId ? 'collaboration.notice.assigned' : 'collaboration.notice.created');
    return { subtask: inserted, created: true };
  }

  function assertMove(current: repo.SubtaskRecord, to: SubtaskStatus): void {
    if (!canMoveSubtask(current.status, to)) {
      throw new AppError('invalid_state', 'collaboration.invalid_transition', { params: { from: current.status, to }, extra: { from: current.status, to } });
    }
  }

  return {
    createSubtaskInTransaction: createInTransaction,

    /** Hands part of a ticket to a department; the parent's timeline, the department and the events hear of it. */
    async createSubtask(actor: Actor, input: CreateSubtaskInput): Promise<repo.SubtaskRecord> {
      return ctx.db.transaction(async (tx) => (await createInTransaction(tx, actor, input)).subtask);
    },

    async updateSubtask(actor: Actor, id: string, input: UpdateSubtaskInput, options: { ifMatch?: number } = {}): Promise<repo.SubtaskRecord> {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => {
        const current = await ctx.requireSubtask(tx, actor, id, { forUpdate: true });
        if (options.ifMatch !== undefined && options.ifMatch !== current.version) throw new AppError('conflict', 'errors.conflict', { extra: { currentVersion: current.version } });
        if (!isActiveSubtask(current.status) && !(input.status === 'open' && current.status === 'done')) {
          throw new AppError('invalid_state', 'collaboration.not_active');
        }
        const patch: repo.SubtaskPatch = {};
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        const consider = <K extends keyof repo.SubtaskPatch>(key: K, from: repo.SubtaskPatch[K], to: repo.SubtaskPatch[K] | undefined) => {
          const same = from instanceof Date && to instanceof Date ? from.getTime() === to.getTime() : from === to;
          if (to === undefined || same) return;
          patch[key] = to;
          changes[key] = { from: from instanceof Date ? from.toISOString() : (from ?? null), to: to instanceof Date ? to.toISOString() : (to ?? null) };
        };
        if (input.assigneeId !== undefined && input.assigneeId !== current.assigneeId) await checkPeople(tx, actor, current.departmentId, input.assigneeId);
        if (input.status !== undefined && input.status !== current.status) {
          if (input.status === 'open' && current.status === 'done' && !canManageRequest(actor, current)) throw new AppError('forbidden', 'collaboration.requester_only');
          assertMove(current, input.status);
        }
        const now = clock.now();
        consider('title', current.title, input.title);
        consider('description', current.description, input.description);
        consider('assigneeId', current.assigneeId, input.assigneeId);
        consider('status', current.status, input.status);
        consider('notifyCustomer', current.notifyCustomer, input.notifyCustomer);
        if (input.dueAt !== undefined && (input.dueAt?.getTime() ?? null) !== (current.dueAt?.getTime() ?? null)) {
          const due = await dueTimes(tx, actor.workspaceId, current.departmentId, input.dueAt, now);
          consider('dueAt', current.dueAt, due.dueAt);
          patch.warnAt = due.warnAt;
          // A new due time is a new clock: its warning and breach may happen again.
          patch.warnedAt = null;
          patch.breachedAt = null;
        }
        if (input.status === 'open' && current.status === 'done') Object.assign(patch, { completedAt: null, completedBy: null, resolution: null });
        if (Object.keys(changes).length === 0) return current;
        const next = await repo.updateSubtask(tx, actor.workspaceId, id, patch, { now, bumpVersion: true });
        const reopened = changes.status?.to === 'open' && current.status === 'done';
        if (changes.assigneeId || changes.dueAt || changes.status) {
          const kind = reopened ? 'subtask.reopened' : changes.status ? 'subtask.started' : 'subtask.updated';
          await timeline(tx, actor, next, kind, `collaboration.timeline.${kind.slice('subtask.'.length)}`);
        }
        await deps.audit.record(tx, actor, { action: 'subtask.updated', entityType: 'ticket', entityId: next.ticketId, details: { subtaskId: id, fields: Object.keys(changes) } });
        await ctx.emit(tx, actor, SUBTASK_EVENTS.updated, next, { changes });
        await ctx.syncTimers(tx, actor.workspaceId, next);
        if (changes.assigneeId && next.assigneeId) await ctx.notify(tx, actor, next, `assigned:${next.version}`, [next.assigneeId], 'collaboration.notice.assigned');
        return next;
      });
    },

    /**
     * The department reports it done: the parent's timeline says what was done, the requester hears of it, and a
     * progress update to the customer is asked for when the sub-task (or this call) says so.
     */
    async completeSubtask(actor: Actor, id: string, input: { resolution: string; notifyCustomer?: boolean }, options: { ifMatch?: number } = {}): Promise<repo.SubtaskRecord> {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => {
        const current = await ctx.requireSubtask(tx, actor, id, { forUpdate: true });
        if (options.ifMatch !== undefined && options.ifMatch !== current.version) throw new AppError('conflict', 'errors.conflict', { extra: { currentVersion: current.version } });
        assertMove(current, 'done');
        const now = clock.now();
        const notifyCustomer = input.notifyCustomer ?? current.notifyCustomer;
        const next = await repo.updateSubtask(tx, actor.workspaceId, id, { status: 'done', resolution: input.resolution, notifyCustomer, completedAt: now, completedBy: actor.userId }, { now, bumpVersion: true });
        await timeline(tx, actor, next, 'subtask.completed', 'collaboration.timeline.completed', {}, input.resolution);
        await deps.audit.record(tx, actor, { action: 'subtask.completed', entityType: 'ticket', entityId: next.ticketId, details: { subtaskId: id } });
        await ctx.emit(tx, actor, SUBTASK_EVENTS.completed, next, { resolution: input.resolution, completedBy: actor.userId, notifyCustomer });
        await ctx.syncTimers(tx, actor.workspaceId, next);
        await ctx.notify(tx, actor, next, `completed:${next.version}`, [next.createdBy], 'collaboration.notice.completed');
        if (notifyCustomer) {
          const parent = await deps.tickets.getTicketInTransaction(tx, systemActor(actor.workspaceId), next.ticketId);
          const base = await ctx.eventBase(tx, actor.workspaceId, next);
          await collaborationOutbox.emit(tx, clock, {
            workspaceId: actor.workspaceId,
            type: SUBTASK_EVENTS.customerUpdate,
            aggregateType: 'ticket',
            aggregateId: next.ticketId,
            actorId: actor.userId,
            payload: { subtaskId: next.id, ticketId: next.ticketId, ticketNumber: next.ticketNumber, customerId: parent.customerId, title: next.title, resolution: input.resolution, progress: base.progress },
          });
        }
        return next;
      });
    },

    /** Withdraws the request (the asking side only); the department stops seeing it as open work. */
    async cancelSubtask(actor: Actor, id: string, input: { reason: string }): Promise<repo.SubtaskRecord> {
      assertCan(actor, 'tickets.write');
      return ctx.db.transaction(async (tx) => {
        const current = await ctx.requireSubtask(tx, actor, id, { forUpdate: true });
        if (!canManageRequest(actor, current)) throw new AppError('forbidden', 'collaboration.requester_only');
        return cancelLocked(tx, actor, current, input.reason);
      });
    },

    /** Cancels a ticket's open sub-tasks inside the caller's transaction (the parent was closed). */
    async cancelOpenSubtasksInTransaction(tx: Sql, actor: Actor, ticketId: string, reason: string): Promise<number> {
      let cancelled = 0;
      for (const subtask of await repo.selectTicketSubtasks(tx, actor.workspaceId, ticketId)) {
        if (!isActiveSubtask(subtask.status)) continue;
        const locked = await repo.selectSubtask(tx, actor.workspaceId, subtask.id, { forUpdate: true });
        if (!locked || !isActiveSubtask(locked.status)) continue;
        await cancelLocked(tx, actor, locked, reason);
        cancelled += 1;
      }
      return cancelled;
    },
  };

  async function cancelLocked(tx: Sql, actor: Actor, current: repo.SubtaskRecord, reason: string): Promise<repo.SubtaskRecord> {
    assertMove(current, 'cancelled');
    const now = clock.now();
    const next = await repo.updateSubtask(tx, actor.workspaceId, current.id, { status: 'cancelled', cancelReason: reason }, { now, bumpVersion: true });
    await timeline(tx, actor, next, 'subtask.cancelled', 'collaboration.timeline.cancelled', {}, reason);
    await deps.audit.record(tx, actor, { action: 'subtask.cancelled', entityType: 'ticket', entityId: next.ticketId, details: { subtaskId: next.id } });
    await ctx.emit(tx, actor, SUBTASK_EVENTS.cancelled, next, { reason });
    await ctx.syncTimers(tx, actor.workspaceId, next);
    await ctx.notify(tx, actor, next, `cancelled:${next.version}`, [next.assigneeId], 'collaboration.notice.cancelled');
    return next;
  }
}
