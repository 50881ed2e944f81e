/** The review workflow (submit, publish, send back, archive, restore), and an article's versions and their diff. */
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';
import type { ArticleAction } from '../../contracts/kb.ts';
import { can } from '../identity/index.ts';
import { decideArticleAction } from './article-workflow.ts';
import * as repo from './kb-articles.repository.ts';
import { toArticleView, type ArticleOps, type ArticleView } from './kb.articles.ts';
import { lockKbChanges } from './kb.categories.ts';
import { dateAfter, requirePermission, type KbDeps } from './kb.context.ts';
import { KB_EVENTS, kbOutbox, type KbEventPayloads } from './kb.events.ts';
import { diffVersions, type VersionDiff } from './version-diff.ts';

/** How long a published article stays fresh when the reviewer names no date. */
export const DEFAULT_REVIEW_DAYS = 180;

const EVENT_OF: Record<ArticleAction, { history: string; outbox: keyof KbEventPayloads | null }> = {
  submit: { history: 'submitted', outbox: KB_EVENTS.submitted },
  approve: { history: 'published', outbox: KB_EVENTS.published },
  reject: { history: 'sent_back', outbox: KB_EVENTS.rejected },
  archive: { history: 'archived', outbox: KB_EVENTS.archived },
  restore: { history: 'restored', outbox: null },
};

export function createWorkflowOps(deps: KbDeps, articles: ArticleOps) {
  const { db, clock, audit } = deps;

  return {
    async moveArticle(actor: Actor, id: string, action: ArticleAction, input: { note?: string; reviewBy?: string | null } = {}): Promise<ArticleView> {
      requirePermission(actor, 'kb.read');
      const article = await db.transaction(async (tx) => {
        await lockKbChanges(tx, deps, actor.workspaceId);
        const current = await articles.requireArticle(tx, actor, id, true);
        const verdict = decideArticleAction(action, current, { userId: actor.userId, role: actor.role, can: (permission) => can(actor, permission) });
        if (!verdict.ok) {
          const actionLabel = translate(actor.locale, `kb.action.${action}`);
          if (verdict.reason === 'not_allowed') throw new AppError('forbidden', 'kb.not_allowed_action', { params: { action: actionLabel } });
          if (verdict.reason === 'own_submission') throw new AppError('forbidden', 'kb.own_submission');
          throw new AppError('invalid_state', 'kb.invalid_action', { params: { action: actionLabel, status: translate(actor.locale, `kb.status.${current.status}`) }, extra: { articleStatus: current.status } });
        }
        const now = clock.now();
        const note = input.note ?? null;
        const patch: repo.ArticlePatch = { status: verdict.to, updatedAt: now };
        if (action === 'submit') Object.assign(patch, { submittedBy: actor.userId, submittedAt: now, reviewNote: null });
        if (action === 'reject') Object.assign(patch, { reviewedBy: actor.userId, reviewNote: note });
        if (action === 'approve') {
          const keep = current.reviewBy !== null && current.reviewBy > now.toISOString().slice(0, 10) ? current.reviewBy : null;
          Object.assign(patch, {
            publishedVersion: current.version, publishedAt: now, firstPublishedAt: current.firstPublishedAt ?? now, reviewedBy: actor.userId, reviewNote: note,
            reviewBy: input.reviewBy !== undefined ? input.reviewBy : (keep ?? dateAfter(now, DEFAULT_REVIEW_DAYS)),
          });
        }
        const updated = await repo.updateArticle(tx, actor.workspaceId, current.id, patch);
        const step = EVENT_OF[action];
        await repo.insertArticleEvent(tx, actor.workspaceId, { id: newId(), articleId: current.id, action: step.history, version: current.version, actorId: actor.userId, note, at: now });
        if (step.outbox && step.outbox !== KB_EVENTS.used && step.outbox !== KB_EVENTS.caseCreated) {
          await kbOutbox.emit(tx, clock, {
            workspaceId: actor.workspaceId, type: step.outbox, aggregateType: 'kb_article', aggregateId: current.id, actorId: actor.userId,
            payload: { articleId: current.id, title: updated.title, locale: updated.locale, visibility: updated.visibility, version: current.version, authorId: current.authorId, note },
          });
        }
        await audit.record(tx, actor, { action: `kb.article_${step.history}`, entityType: 'kb_article', entityId: current.id, details: { version: current.version, from: current.status, to: verdict.to } });
        return updated;
      });
      return toArticleView(article, clock.now());
    },

    async listVersions(actor: Actor, id: string): Promise<repo.VersionRecord[]> {
      requirePermission(actor, 'kb.read');
      const article = await articles.requireArticle(db, actor, id);
      return repo.selectVersions(db, actor.workspaceId, article.id);
    },

    async getVersion(actor: Actor, id: string, version: number): Promise<repo.VersionRecord> {
      requirePermission(actor, 'kb.read');
      const article = await articles.requireArticle(db, actor, id);
      const found = await repo.selectVersion(db, actor.workspaceId, article.id, version);
      if (!found) throw new AppError('not_found', 'kb.version_not_found', { params: { version } });
      return found;
    },

    /** What changed from one version to another (by default: the published version, or the previous one, to the latest). */
    async diffArticleVersions(actor: Actor, id: string, range: { from?: number; to?: number } = {}): Promise<VersionDiff & { from: number; to: number }> {
      requirePermission(actor, 'kb.read');
      const article = await articles.requireArticle(db, actor, id);
      const to = range.to ?? article.version;
      const from = range.from ?? (article.publishedVersion !== null && article.publishedVersion < to ? article.publishedVersion : Math.max(1, to - 1));
      const [before, after] = await Promise.all([repo.selectVersion(db, actor.workspaceId, article.id, from), repo.selectVersion(db, actor.workspaceId, article.id, to)]);
      if (!before) throw new AppError('not_found', 'kb.version_not_found', { params: { version: from } });
      if (!after) throw new AppError('not_found', 'kb.version_not_found', { params: { version: to } });
      return { from, to, ...diffVersions(before, after) };
    },
  };
}
