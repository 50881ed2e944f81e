/** Tasks escalation created ("contact the customer proactively"): listed for their people, completed once. */
import type { Actor } from '../../platform/actor.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n.ts';
import { assertCan } from '../identity/index.ts';
import * as escalationsRepo from './sla-escalations.repository.ts';
import type { SlaContext } from './sla.context.ts';
import { SLA_EVENTS, slaOutbox } from './sla.events.ts';

export interface TaskView {
  id: string;
  ticketId: string;
  ticketNumber: string;
  kind: string;
  title: string;
  metric: string | null;
  note: string;
  assigneeId: string | null;
  teamId: string | null;
  status: 'open' | 'done';
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
}

function toTaskView(task: escalationsRepo.TaskRecord, actor: Actor): TaskView {
  return {
    id: task.id,
    ticketId: task.ticketId,
    ticketNumber: task.ticketNumber,
    kind: task.kind,
    title: translate(actor.locale, `sla.task.${task.kind}`, { number: task.ticketNumber }),
    metric: task.metric,
    note: task.note,
    assigneeId: task.assigneeId,
    teamId: task.teamId,
    status: task.status,
    createdAt: task.createdAt,
    completedAt: task.completedAt,
    completedBy: task.completedBy,
  };
}

export function createTaskOps(ctx: SlaContext) {
  const { db, clock, audit } = ctx;

  return {
    async listTasks(actor: Actor, filter: { mine?: boolean; status?: 'open' | 'done'; ticketId?: string; limit?: number }): Promise<TaskView[]> {
      assertCan(actor, 'tickets.read');
      const limit = Math.min(filter.limit ?? 50, 200);
      // A specialist sees only its own department's work, so only the tasks addressed to it or its teams.
      const onlyOwn = (filter.mine || actor.role === 'specialist') && actor.userId;
      const mine = onlyOwn ? { assigneeId: actor.userId!, teamIds: actor.teamIds } : {};
      const tasks = await escalationsRepo.selectTasks(db, actor.workspaceId, { ...mine, status: filter.status, ticketId: filter.ticketId, limit });
      return tasks.map((task) => toTaskView(task, actor));
    },

    async completeTask(actor: Actor, id: string): Promise<TaskView> {
      assertCan(actor, 'tickets.write');
      return db.transaction(async (tx) => {
        const task = await escalationsRepo.selectTask(tx, actor.workspaceId, id, true);
        if (!task) throw notFound('task');
        if (task.status === 'done') throw new AppError('invalid_state', 'sla.task_done');
        const isSupervisor = actor.role === 'admin' || actor.role === 'supervisor';
        const isMine = task.assigneeId ? task.assigneeId === actor.userId : task.teamId === null || actor.teamIds.includes(task.teamId);
        if (!isSupervisor && !isMine) throw new AppError('forbidden', 'sla.task_not_yours');
        await escalationsRepo.completeTask(tx, actor.workspaceId, id, actor.userId, clock.now());
        await slaOutbox.emit(tx, clock, {
          workspaceId: actor.workspaceId,
          type: SLA_EVENTS.taskCompleted,
          aggregateType: 'ticket',
          aggregateId: task.ticketId,
          actorId: actor.userId,
          payload: { taskId: id, ticketId: task.ticketId, completedBy: actor.userId },
        });
        await audit.record(tx, actor, { action: 'sla.task_completed', entityType: 'sla_task', entityId: id, details: { ticketId: task.ticketId } });
        return toTaskView((await escalationsRepo.selectTask(tx, actor.workspaceId, id))!, actor);
      });
    },
  };
}
