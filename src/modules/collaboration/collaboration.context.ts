/**
 * What the collaboration service's parts share: dependencies, the view of a sub-task, its events, its own SLA
 * timers and the notifications it sends.
 */
import type { SubtaskSlaState } from '../../contracts/collaboration.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import { cancelTimersByKey, scheduleTimers, type TimerSpec } from '../../platform/timers.ts';
import type { AuditService } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotificationDraft, NotificationsService } from '../notifications/index.ts';
import type { SlaService } from '../sla/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import { collaborationOutbox, DEPARTMENT_AGGREGATE, type CollaborationEventPayloads, type SubtaskEventBase } from './collaboration.events.ts';
import * as repo from './collaboration.repository.ts';
import { canSeeSubtask, subtaskSlaState } from './subtask-rules.ts';

export interface CollaborationDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  identity: IdentityService;
  tickets: TicketsService;
  /** Department calendars, for targets counted in business time. */
  sla: Pick<SlaService, 'readCalendars' | 'readTeamCalendarId'>;
  notifications: Pick<NotificationsService, 'notifyInTransaction'>;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface SubtaskView {
  id: string;
  ticketId: string;
  ticketNumber: string;
  ticketSubject: string;
  department: PersonRef;
  assignee: PersonRef | null;
  title: string;
  description: string;
  status: repo.SubtaskRecord['status'];
  dueAt: Date | null;
  warnAt: Date | null;
  slaState: SubtaskSlaState;
  notifyCustomer: boolean;
  resolution: string | null;
  cancelReason: string | null;
  origin: string;
  createdBy: PersonRef | null;
  completedBy: PersonRef | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  version: number;
}

export const TIMER_KINDS = { warning: 'collaboration.subtask_warning', breach: 'collaboration.subtask_breach' } as const;
export const timerKeys = (subtaskId: string) => ({ warning: `subtask:${subtaskId}:warn`, breach: `subtask:${subtaskId}:breach` });

export function createCollaborationContext(deps: CollaborationDeps) {
  const { db, clock } = deps;

  const ctx = {
    deps,
    db,
    clock,

    notFound: () => new AppError('not_found', 'collaboration.subtask_not_found'),

    /** A sub-task the actor may see, or 404 (other workspace, other department). */
    async requireSubtask(sql: Sql, actor: Actor, id: string, options: { forUpdate?: boolean } = {}): Promise<repo.SubtaskRecord> {
      if (!isUuid(id)) throw ctx.notFound();
      const subtask = await repo.selectSubtask(sql, actor.workspaceId, id, options);
      if (!subtask || !canSeeSubtask(actor, subtask)) throw ctx.notFound();
      return subtask;
    },

    /** Names of departments and people, one query each, shaped for the viewer. */
    async toViews(workspaceId: string, records: readonly repo.SubtaskRecord[], sql: Sql = db): Promise<SubtaskView[]> {
      if (records.length === 0) return [];
      const userIds = [...new Set(records.flatMap((r) => [r.assigneeId, r.createdBy, r.completedBy]).filter((id): id is string => id !== null))];
      const [users, teams] = await Promise.all([
        deps.identity.getUsersByIds(workspaceId, userIds, sql),
        deps.identity.getTeamsByIds(workspaceId, [...new Set(records.map((r) => r.departmentId))], sql),
      ]);
      const person = (id: string | null): PersonRef | null => (id ? { id, name: users.find((user) => user.id === id)?.name ?? '' } : null);
      const now = clock.now();
      return records.map((record) => ({
        id: record.id,
        ticketId: record.ticketId,
        ticketNumber: record.ticketNumber,
        ticketSubject: record.ticketSubject,
        department: { id: record.departmentId, name: teams.find((team) => team.id === record.departmentId)?.name ?? '' },
        assignee: person(record.assigneeId),
        title: record.title,
        description: record.description,
        status: record.status,
        dueAt: record.dueAt,
        warnAt: record.warnAt,
        slaState: subtaskSlaState(record, now),
        notifyCustomer: record.notifyCustomer,
        resolution: record.resolution,
        cancelReason: record.cancelReason,
        origin: record.origin,
        createdBy: person(record.createdBy),
        completedBy: person(record.completedBy),
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        completedAt: record.completedAt,
        version: record.version,
      }));
    },

    /** The sub-task and its parent's progress, as every event carries them. */
    async eventBase(tx: Sql, workspaceId: string, subtask: repo.SubtaskRecord): Promise<SubtaskEventBase> {
      const progress = (await repo.selectProgress(tx, workspaceId, [subtask.ticketId])).get(subtask.ticketId) ?? { done: 0, total: 0 };
      return {
        subtaskId: subtask.id,
        ticketId: subtask.ticketId,
        ticketNumber: subtask.ticketNumber,
        departmentId: subtask.departmentId,
        assigneeId: subtask.assigneeId,
        title: subtask.title,
        status: subtask.status,
        dueAt: subtask.dueAt?.toISOString() ?? null,
        origin: subtask.origin,
        progress,
      };
    },

    async emit<T extends Exclude<keyof CollaborationEventPayloads, 'subtask.customer_update'>>(
      tx: Sql,
      actor: Actor,
      type: T,
      subtask: repo.SubtaskRecord,
      extra: Omit<CollaborationEventPayloads[T], keyof SubtaskEventBase>,
    ): Promise<void> {
      // The base and the type's own fields make the type's payload; TypeScript cannot see that through Omit.
      const payload = { ...(await ctx.eventBase(tx, actor.workspaceId, subtask)), ...extra } as CollaborationEventPayloads[T];
      await collaborationOutbox.emit(tx, clock, { workspaceId: actor.workspaceId, type, aggregateType: DEPARTMENT_AGGREGATE, aggregateId: subtask.departmentId, actorId: actor.userId, payload });
    },

    /** Arms (or re-arms) the warning and breach timers of an active sub-task with a due time; cancels them otherwise. */
    async syncTimers(tx: Sql, workspaceId: string, subtask: repo.SubtaskRecord): Promise<void> {
      const keys = timerKeys(subtask.id);
      const isActive = subtask.status === 'open' || subtask.status === 'in_progress';
      const specs: TimerSpec[] = [];
      const payload = { subtaskId: subtask.id, dueAt: subtask.dueAt?.toISOString() ?? null };
      if (isActive && subtask.dueAt && !subtask.breachedAt) specs.push({ workspaceId, key: keys.breach, kind: TIMER_KINDS.breach, dueAt: subtask.dueAt, payload });
      if (isActive && subtask.warnAt && !subtask.warnedAt && !subtask.breachedAt) specs.push({ workspaceId, key: keys.warning, kind: TIMER_KINDS.warning, dueAt: subtask.warnAt, payload });
      const armed = new Set(specs.map((spec) => spec.key));
      await cancelTimersByKey(tx, workspaceId, [keys.warning, keys.breach].filter((key) => !armed.has(key)));
      await scheduleTimers(tx, clock, specs);
    },

    /** Who hears of a department's sub-task when nobody is assigned: its active members. */
    async departmentMemberIds(tx: Sql, actor: Actor, departmentId: string): Promise<string[]> {
      const members = await deps.identity.listUsers(actor, { teamId: departmentId, isActive: true }, tx);
      return members.map((member) => member.id);
    },

    /** Notifies each user once per (sub-task, occasion); the actor never hears of their own action. */
    async notify(tx: Sql, actor: Actor, subtask: repo.SubtaskRecord, occasion: string, userIds: readonly (string | null)[], titleKey: string): Promise<void> {
      const drafts: NotificationDraft[] = [...new Set(userIds)]
        .filter((userId): userId is string => userId !== null && userId !== actor.userId)
        .map((userId) => ({
          userId,
          kind: 'subtask',
          titleKey,
          params: { number: subtask.ticketNumber, title: subtask.title },
          ticketId: subtask.ticketId,
          ticketNumber: subtask.ticketNumber,
          sourceKey: `subtask:${subtask.id}:${occasion}`,
        }));
      await deps.notifications.notifyInTransaction(tx, actor.workspaceId, drafts);
    },
  };
  return ctx;
}

export type CollaborationContext = ReturnType<typeof createCollaborationContext>;
