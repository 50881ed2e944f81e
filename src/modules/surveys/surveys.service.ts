/** The survey service: CSAT after resolution, NPS campaigns and templates, results. Each part in its own file. */
import { assertCan, type Actor } from '../../platform/actor.ts';
import type { SurveysContext } from './surveys.context.ts';
import { createCsatOps } from './surveys.csat.ts';
import { createNpsOps } from './surveys.nps.ts';
import { createResultsOps } from './surveys.results.ts';
import * as repo from './surveys.repository.ts';

export function createSurveysService(ctx: SurveysContext) {
  return {
    ...createCsatOps(ctx),
    ...createNpsOps(ctx),
    ...createResultsOps(ctx),

    async getSettings(actor: Actor) {
      assertCan(actor, 'settings.manage');
      const settings = await ctx.db.transaction((tx) => repo.ensureSettings(tx, actor.workspaceId, ctx.clock.now()));
      return { csatEnabled: settings.csatEnabled, reminderHours: settings.reminderHours };
    },

    async updateSettings(actor: Actor, input: { csatEnabled: boolean; reminderHours: number }) {
      assertCan(actor, 'settings.manage');
      await ctx.db.transaction(async (tx) => {
        await repo.ensureSettings(tx, actor.workspaceId, ctx.clock.now());
        await repo.updateSettings(tx, actor.workspaceId, input, ctx.clock.now());
        await ctx.deps.audit.record(tx, actor, { action: 'survey_settings.updated', entityType: 'workspace', entityId: actor.workspaceId, details: input });
      });
      return input;
    },
  };
}

export type SurveysService = ReturnType<typeof createSurveysService>;
