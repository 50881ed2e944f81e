import './kb.messages.ts';

import type { KefuModule } from '../../platform/module.ts';
import { kbArticleRoutes } from './kb-articles.routes.ts';
import { kbHelpRoutes } from './kb-help.routes.ts';
import { kbLibraryRoutes } from './kb-library.routes.ts';
import type { KbDeps } from './kb.context.ts';
import { createKbService, type KbService } from './kb.service.ts';

export { createKbService, type KbService, type LiveArticle } from './kb.service.ts';
export type { KbDeps, KbTickets } from './kb.context.ts';
export { KB_EVENTS, kbOutbox, type KbEventPayloads, type KbArticleEventPayload, type KbArticleUsedPayload, type KbCaseCreatedPayload } from './kb.events.ts';
export type { ArticleHit, SearchResult } from './kb.search.ts';
export type { ArticleView, ArticleDetail } from './kb.articles.ts';
export type { InsertedArticle, FreshnessReport } from './kb.assist.ts';
export type { HelpHome, HelpCategory, HelpArticleSummary, HelpArticle } from './kb.help-center.ts';
export type { Suggestion } from './suggestions.ts';
export { redactPersonalData } from './redact.ts';
export { sanitizeArticleHtml, textToHtml } from './article-html.ts';
export { RankingIndex } from './ranking-index.ts';
export { DEFAULT_CATEGORIES } from './kb.categories.ts';
// The request and response contracts, type-only: the web app derives its types from them.
export type { ArticleSchema, ArticleDetailSchema, ArticleCreateBody, ArticlePatchBody, CaseSchema, CaseBody, CaseDraftSchema, SearchResultSchema, DiffSchema, VersionSchema, AttachmentSchema } from './kb.schemas.ts';
export type { CategorySchema } from './kb-articles.routes.ts';

/**
 * The knowledge base: articles in a category tree with versions and review, the case library, search with
 * suggestions, agent assist, and the public help center (its routes outside /api/v1, under /api/help).
 */
export function createKbModule(deps: KbDeps): KefuModule<KbService> {
  const kb = createKbService(deps);
  return {
    service: kb,
    routes: async (app) => {
      await app.register(kbArticleRoutes, { kb });
      await app.register(kbLibraryRoutes, { kb });
    },
    publicRoutes: (app) => kbHelpRoutes(app, { kb }),
    subscribers: [],
    timers: [],
  };
}
