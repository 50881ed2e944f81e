/** Survey results: the headline figure, by agent or team, and the themes of the comments. */
import { assertCan, type Actor } from '../../platform/actor.ts';
import type { SurveysContext } from './surveys.context.ts';
import { commentThemes, summarizeScores, type ScoreSummary } from './survey-rules.ts';
import * as repo from './surveys.repository.ts';

export interface ResultsQuery {
  kind: repo.SurveyKind;
  from: Date;
  to: Date;
  groupBy?: 'agent' | 'team';
  campaignId?: string;
}

/** Enough answers for any period a person reads at once; the themes of more say nothing new. */
const MAX_ANSWERS = 20_000;

export function createResultsOps(ctx: SurveysContext) {
  const { deps } = ctx;
  return {
    async results(actor: Actor, query: ResultsQuery) {
      assertCan(actor, 'analytics.read');
      const rows = await repo.selectAnswered(ctx.db, actor.workspaceId, { kind: query.kind, from: query.from, to: query.to, campaignId: query.campaignId, limit: MAX_ANSWERS });
      const sent = await repo.countInvitations(ctx.db, actor.workspaceId, { kind: query.kind, from: query.from, to: query.to });
      const overall = summarizeScores(query.kind, rows.map((row) => row.score));
      const distribution: Record<string, number> = {};
      for (const row of rows) distribution[row.score] = (distribution[row.score] ?? 0) + 1;
      let groups: (ScoreSummary & { id: string | null; name: string })[] = [];
      if (query.groupBy) {
        const keyOf = (row: repo.AnsweredRow) => (query.groupBy === 'agent' ? row.agentId : row.teamId);
        const byKey = new Map<string | null, number[]>();
        for (const row of rows) byKey.set(keyOf(row), [...(byKey.get(keyOf(row)) ?? []), row.score]);
        const ids = [...byKey.keys()].filter((id): id is string => id !== null);
        const names = new Map(
          (query.groupBy === 'agent' ? await deps.identity.getUsersByIds(actor.workspaceId, ids) : await deps.identity.getTeamsByIds(actor.workspaceId, ids)).map((entry) => [entry.id, entry.name]),
        );
        groups = [...byKey.entries()]
          .map(([id, scores]) => ({ id, name: id ? (names.get(id) ?? '') : '', ...summarizeScores(query.kind, scores) }))
          .sort((a, b) => b.answered - a.answered);
      }
      return { kind: query.kind, sent, responseRate: sent > 0 ? Math.round((rows.length / sent) * 1000) / 10 : null, ...overall, distribution, groups };
    },

    async themes(actor: Actor, query: Omit<ResultsQuery, 'groupBy'>) {
      assertCan(actor, 'analytics.read');
      const rows = await repo.selectAnswered(ctx.db, actor.workspaceId, { kind: query.kind, from: query.from, to: query.to, campaignId: query.campaignId, limit: MAX_ANSWERS });
      const comments = rows.filter((row): row is repo.AnsweredRow & { comment: string } => Boolean(row.comment)).map((row) => ({ comment: row.comment, score: row.score }));
      return { commented: comments.length, themes: commentThemes(comments) };
    },
  };
}
