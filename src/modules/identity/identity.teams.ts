/** Teams and departments: list, look up by id, create, update (with members) and delete. */
import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { IdentityContext } from './identity.context.ts';
import * as repo from './identity.repository.ts';
import { assertCan } from './permissions.ts';

export function createTeamOps(ctx: IdentityContext) {
  const { db, clock, audit } = ctx;

  return {
    async listTeams(actor: Actor) {
      return repo.selectTeams(db, actor.workspaceId);
    },

    /** Pass `sql` inside a transaction. */
    async getTeamsByIds(workspaceId: string, ids: string[], sql: Sql = db) {
      if (ids.length === 0) return [];
      return repo.selectTeams(sql, workspaceId, ids);
    },

    async createTeam(actor: Actor, input: { name: string; kind: 'team' | 'department'; description?: string; memberIds?: string[] }) {
      if (actor.kind !== 'system') assertCan(actor, 'settings.manage');
      const id = newId();
      await db.transaction(async (tx) => {
        const inserted = await repo
          .insertTeam(tx, { workspaceId: actor.workspaceId, id, name: input.name.trim(), kind: input.kind, description: input.description ?? '', now: clock.now() })
          .catch((error: { code?: string }) => (error.code === '23505' ? false : Promise.reject(error)));
        if (!inserted) throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'identity.team_name_taken' }] });
        if (input.memberIds) await repo.replaceTeamMembers(tx, actor.workspaceId, id, input.memberIds);
        await audit.record(tx, actor, { action: 'team.created', entityType: 'team', entityId: id });
      });
      return (await repo.selectTeams(db, actor.workspaceId, [id]))[0]!;
    },

    async updateTeam(actor: Actor, teamId: string, patch: { name?: string; description?: string; memberIds?: string[] }) {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        const updated = await repo
          .updateTeamRow(tx, actor.workspaceId, teamId, patch)
          .catch((error: { code?: string }) => (error.code === '23505' ? Promise.reject(new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'identity.team_name_taken' }] })) : Promise.reject(error)));
        if (!updated) throw notFound('team');
        if (patch.memberIds) await repo.replaceTeamMembers(tx, actor.workspaceId, teamId, patch.memberIds);
        await audit.record(tx, actor, { action: 'team.updated', entityType: 'team', entityId: teamId });
      });
      return (await repo.selectTeams(db, actor.workspaceId, [teamId]))[0]!;
    },

    async deleteTeam(actor: Actor, teamId: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        if (!(await repo.deleteTeamRow(tx, actor.workspaceId, teamId))) throw notFound('team');
        await audit.record(tx, actor, { action: 'team.deleted', entityType: 'team', entityId: teamId });
      });
    },
  };
}
