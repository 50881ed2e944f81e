/** A sub-task's own SLA: its warning and breach timers fire once (the timer row is claimed by one node). */
import { systemActor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import type { TimerKind } from '../../platform/module.ts';
import type { DueTimer } from '../../platform/timers.ts';
import { deferTimelineEntry } from '../tickets/index.ts';
import { SUBTASK_EVENTS } from './collaboration.events.ts';
import { TIMER_KINDS, type CollaborationContext } from './collaboration.context.ts';
import * as repo from './collaboration.repository.ts';
import { isActiveSubtask } from './subtask-rules.ts';

export function createSubtaskTimers(ctx: CollaborationContext): TimerKind[] {
  const { clock } = ctx;

  async function fire(timer: DueTimer, tx: Sql, kind: 'warning' | 'breach'): Promise<void> {
    const { subtaskId, dueAt } = timer.payload as { subtaskId: string; dueAt: string | null };
    const current = await repo.selectSubtask(tx, timer.workspaceId, subtaskId, { forUpdate: true });
    // Finished, re-timed since the timer was armed, or already marked: nothing is due any more.
    if (!current || !isActiveSubtask(current.status) || (current.dueAt?.toISOString() ?? null) !== dueAt) return;
    if (kind === 'warning' ? current.warnedAt || current.breachedAt : current.breachedAt) return;
    const now = clock.now();
    const actor = systemActor(timer.workspaceId);
    const next = await repo.updateSubtask(tx, timer.workspaceId, subtaskId, kind === 'warning' ? { warnedAt: now } : { breachedAt: now }, { now, bumpVersion: false });
    await deferTimelineEntry(tx, timer.workspaceId, next.ticketId, {
      kind: kind === 'warning' ? 'subtask.sla_warning' : 'subtask.sla_breached',
      stage: 'handling',
      at: now,
      operatorType: 'system',
      details: { subtaskId, title: next.title, departmentId: next.departmentId, dueAt, summaryKey: `collaboration.timeline.${kind === 'warning' ? 'warning' : 'breached'}`, summaryParams: { title: next.title } },
    });
    await ctx.emit(tx, actor, kind === 'warning' ? SUBTASK_EVENTS.warning : SUBTASK_EVENTS.breached, next, {});
    // A warning reaches whoever works on it; a breach also the department when nobody does.
    const recipients = next.assigneeId ? [next.assigneeId] : kind === 'breach' ? await ctx.departmentMemberIds(tx, actor, next.departmentId) : [];
    await ctx.notify(tx, actor, next, `${kind}:${dueAt}`, [...recipients, ...(kind === 'breach' ? [next.createdBy] : [])], `collaboration.notice.${kind}`);
  }

  return [
    { kind: TIMER_KINDS.warning, handle: (timer, tx) => fire(timer, tx, 'warning') },
    { kind: TIMER_KINDS.breach, handle: (timer, tx) => fire(timer, tx, 'breach') },
  ];
}
