/**
 * The knowledge base: categories, articles with versions and review, attachments, the case library, search and
 * suggestions, agent assist, the freshness report, the public help center, and the knowledge lookups the bot uses.
 */
import type { KbLocale } from '../../contracts/kb.ts';
import * as repo from './kb-articles.repository.ts';
import { KbSearchIndex } from './kb-search-index.ts';
import { createArticleOps, isLive } from './kb.articles.ts';
import { createAssistOps } from './kb.assist.ts';
import { createKbAttachmentOps } from './kb.attachments.ts';
import { createCaseOps } from './kb.cases.ts';
import { createCategoryOps } from './kb.categories.ts';
import type { KbDeps } from './kb.context.ts';
import { createHelpCenterOps } from './kb.help-center.ts';
import { createSearchOps } from './kb.search.ts';
import { createWorkflowOps } from './kb.workflow.ts';

/** What the bot answers with: a live article's published text. */
export interface LiveArticle {
  id: string;
  title: string;
  summary: string;
  bodyText: string;
  slug: string;
  locale: KbLocale;
  visibility: 'public' | 'internal';
}

export function createKbService(deps: KbDeps) {
  const index = new KbSearchIndex({ db: deps.db, now: () => deps.clock.now() });
  const categories = createCategoryOps(deps);
  const articles = createArticleOps(deps);
  const attachments = createKbAttachmentOps(deps, articles);
  const search = createSearchOps(deps, index);
  const { requireArticle: _requireArticle, ...articleOps } = articles;
  const { loadCategories: _loadCategories, ...categoryOps } = categories;
  const { findArticles, recordSearch, ...searchOps } = search;
  const { readArticleFiles: _readArticleFiles, ...attachmentOps } = attachments;

  return {
    ...categoryOps,
    ...articleOps,
    ...createWorkflowOps(deps, articles),
    ...attachmentOps,
    ...searchOps,
    ...createCaseOps(deps),
    ...createAssistOps(deps, { articles, attachments, search, index }),
    ...createHelpCenterOps(deps, { categories, index, search }),

    /** Live articles that answer a question, best first, with how much of it each covers (the bot's confidence). */
    async findAnswers(workspaceId: string, question: string, options: { locale?: KbLocale; publicOnly?: boolean; limit?: number; record?: boolean } = {}) {
      return findArticles(workspaceId, question, { publicOnly: options.publicOnly ?? true, locale: options.locale, limit: options.limit ?? 5, source: options.record ? 'bot' : undefined });
    },

    recordSearch,

    /** A live article's published content, or undefined (archived, never published, another workspace). */
    async getLiveArticle(workspaceId: string, articleId: string): Promise<LiveArticle | undefined> {
      const article = await repo.selectArticle(deps.db, workspaceId, articleId);
      if (!article || !isLive(article)) return undefined;
      const version = await repo.selectVersion(deps.db, workspaceId, article.id, article.publishedVersion!);
      if (!version) return undefined;
      return { id: article.id, title: version.title, summary: version.summary, bodyText: version.bodyText, slug: article.slug, locale: article.locale, visibility: version.visibility };
    },

    /** Forgets the workspace's cached search index (after rows were rewritten outside the service: imports, tests). */
    forgetSearchIndex: (workspaceId: string) => index.forget(workspaceId),
  };
}

export type KbService = ReturnType<typeof createKbService>;
