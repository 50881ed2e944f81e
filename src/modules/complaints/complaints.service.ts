/**
 * The complaints service: the closed loop on a ticket, compensations and their approval, the ledger, and
 * follow-up visits. Each part in its own file over the context in complaints.context.ts.
 */
import { assertCan, type Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { ComplaintsContext } from './complaints.context.ts';
import { createComplaintLoopOps } from './complaints.loop.ts';
import { createCompensationOps } from './compensations.ts';
import * as repo from './complaints.repository.ts';
import { createFollowUpOps } from './follow-ups.ts';
import * as followRepo from './follow-ups.repository.ts';
import { createLedgerOps } from './ledger.ts';

export function createComplaintsService(ctx: ComplaintsContext) {
  const hooks: { complaintOutcome?: (tx: Sql, actor: Actor, complaintId: string, satisfied: boolean) => Promise<void> } = {};
  const followUps = createFollowUpOps(ctx, hooks);
  const loop = createComplaintLoopOps(ctx, followUps);
  const compensations = createCompensationOps(ctx, loop, followUps);
  // The follow-up visit of a complaint closes its loop (satisfied) or sends it back for a new solution.
  hooks.complaintOutcome = async (tx, actor, complaintId, satisfied) => {
    const complaint = await ctx.requireComplaint(tx, actor, complaintId, { forUpdate: true });
    if (complaint.status === 'follow_up') await loop.move(tx, actor, complaint, satisfied ? 'satisfied' : 'unsatisfied');
  };

  return {
    ...loop,
    ...compensations,
    ...followUps,
    ...createLedgerOps(ctx),

    /** A complaint with its compensations and follow-up visits. */
    async getComplaint(actor: Actor, id: string) {
      assertCan(actor, 'tickets.read');
      const complaint = await ctx.requireComplaint(ctx.db, actor, id);
      const [compensationRows, visits] = await Promise.all([
        repo.selectCompensations(ctx.db, actor.workspaceId, { complaintId: id, limit: 1000 }),
        followRepo.selectFollowUps(ctx.db, actor.workspaceId, { complaintId: id, limit: 100 }),
      ]);
      return { ...complaint, compensations: compensationRows, followUps: visits };
    },

    async getSettings(actor: Actor) {
      assertCan(actor, 'tickets.read');
      return repo.selectSettings(ctx.db, actor.workspaceId);
    },

    async updateSettings(actor: Actor, input: repo.ComplaintSettings) {
      assertCan(actor, 'settings.manage');
      if (input.complaintTeamId) {
        const [team] = await ctx.deps.identity.getTeamsByIds(actor.workspaceId, [input.complaintTeamId]);
        if (!team) throw new AppError('validation', 'errors.validation', { fields: [{ field: 'complaintTeamId', messageKey: 'complaints.unknown_team' }] });
      }
      await ctx.db.transaction(async (tx) => {
        await repo.upsertSettings(tx, actor.workspaceId, input, ctx.clock.now());
        await ctx.deps.audit.record(tx, actor, { action: 'complaint_settings.updated', entityType: 'workspace', entityId: actor.workspaceId, details: { ...input } });
      });
      return input;
    },
  };
}

export type ComplaintsService = ReturnType<typeof createComplaintsService>;
