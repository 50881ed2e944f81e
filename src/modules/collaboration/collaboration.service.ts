/**
 * The collaboration service: sub-tasks a ticket hands to a department, their queues, progress and own SLA, and the
 * departments' default targets. Each part lives in its own file over the context in collaboration.context.ts.
 */
import type { Actor } from '../../platform/actor.ts';
import type { CollaborationContext, SubtaskView } from './collaboration.context.ts';
import type * as repo from './collaboration.repository.ts';
import { createTargetOps } from './subtask-targets.ts';
import { createSubtaskReadOps } from './subtasks.read.ts';
import { createSubtaskWriteOps, type CreateSubtaskInput, type UpdateSubtaskInput } from './subtasks.write.ts';

export function createCollaborationService(ctx: CollaborationContext) {
  const write = createSubtaskWriteOps(ctx);
  const read = createSubtaskReadOps(ctx);
  const view = async (actor: Actor, record: repo.SubtaskRecord): Promise<SubtaskView> => (await ctx.toViews(actor.workspaceId, [record]))[0]!;

  return {
    ...read,
    ...createTargetOps(ctx),
    /** Inside the caller's transaction (rules, complaints): the record, and whether this call created it. */
    createSubtaskInTransaction: write.createSubtaskInTransaction,
    cancelOpenSubtasksInTransaction: write.cancelOpenSubtasksInTransaction,
    createSubtask: async (actor: Actor, input: CreateSubtaskInput) => view(actor, await write.createSubtask(actor, input)),
    updateSubtask: async (actor: Actor, id: string, input: UpdateSubtaskInput, options: { ifMatch?: number } = {}) => view(actor, await write.updateSubtask(actor, id, input, options)),
    completeSubtask: async (actor: Actor, id: string, input: { resolution: string; notifyCustomer?: boolean }, options: { ifMatch?: number } = {}) =>
      view(actor, await write.completeSubtask(actor, id, input, options)),
    cancelSubtask: async (actor: Actor, id: string, input: { reason: string }) => view(actor, await write.cancelSubtask(actor, id, input)),
  };
}

export type CollaborationService = ReturnType<typeof createCollaborationService>;
