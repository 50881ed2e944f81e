/** The default target of each department's sub-tasks (admins): minutes, business time, warning point. */
import type { Actor } from '../../platform/actor.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { assertCan } from '../identity/index.ts';
import type { CollaborationContext } from './collaboration.context.ts';
import * as repo from './collaboration.repository.ts';

export interface TargetInput {
  minutes: number;
  businessTime?: boolean;
  warnPercent?: number;
}

export function createTargetOps(ctx: CollaborationContext) {
  const { db, clock, deps } = ctx;

  async function requireDepartment(actor: Actor, departmentId: string): Promise<void> {
    const [team] = isUuid(departmentId) ? await deps.identity.getTeamsByIds(actor.workspaceId, [departmentId]) : [];
    if (!team) throw notFound('department');
    if (team.kind !== 'department') throw new AppError('validation', 'errors.validation', { fields: [{ field: 'departmentId', messageKey: 'collaboration.unknown_department' }] });
  }

  return {
    async listTargets(actor: Actor): Promise<repo.TargetRecord[]> {
      assertCan(actor, 'tickets.read');
      return repo.selectTargets(db, actor.workspaceId);
    },

    /** Sets a department's target; sub-tasks created from now on follow it (open ones keep their due time). */
    async setTarget(actor: Actor, departmentId: string, input: TargetInput): Promise<repo.TargetRecord> {
      assertCan(actor, 'settings.manage');
      await requireDepartment(actor, departmentId);
      return db.transaction(async (tx) => {
        const saved = await repo.upsertTarget(tx, actor.workspaceId, { departmentId, minutes: input.minutes, businessTime: input.businessTime ?? true, warnPercent: input.warnPercent ?? 80 }, clock.now());
        await deps.audit.record(tx, actor, { action: 'subtask.target_set', entityType: 'team', entityId: departmentId, details: { minutes: saved.minutes, businessTime: saved.businessTime } });
        return saved;
      });
    },

    async removeTarget(actor: Actor, departmentId: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        if (!(isUuid(departmentId) && (await repo.deleteTarget(tx, actor.workspaceId, departmentId)))) throw notFound('department target');
        await deps.audit.record(tx, actor, { action: 'subtask.target_removed', entityType: 'team', entityId: departmentId });
      });
    },
  };
}
