import type { z } from 'zod';
import type { ArticleCreateBody, ArticleDetailSchema, ArticlePatchBody, ArticleSchema, AttachmentSchema, CaseBody, CaseDraftSchema, CaseSchema, CategorySchema, DiffSchema, SearchResultSchema, VersionSchema } from '../../../../src/modules/kb/index.ts';
import type { FreshnessReport, HelpArticle as KbHelpArticle, HelpArticleSummary as KbHelpArticleSummary, HelpHome as KbHelpHome, InsertedArticle as KbInsertedArticle, Suggestion as KbSuggestion } from '../../../../src/modules/kb/index.ts';
import { api, type ArticleAction, type KbLocale, type Wire } from '../../shared/index.ts';

// Response shapes are the server's schemas as JSON (type-only: nothing of the server is bundled).
export type Article = Wire<z.infer<typeof ArticleSchema>>;
export type ArticleDetail = Wire<z.infer<typeof ArticleDetailSchema>>;
export type KbCategory = Wire<z.infer<typeof CategorySchema>>;
export type KbAttachment = Wire<z.infer<typeof AttachmentSchema>>;
export type ArticleVersion = Wire<z.infer<typeof VersionSchema>>;
export type VersionDiff = Wire<z.infer<typeof DiffSchema>>;
export type SearchResult = Wire<z.infer<typeof SearchResultSchema>>;
export type KbCase = Wire<z.infer<typeof CaseSchema>>;
export type CaseDraft = Wire<z.infer<typeof CaseDraftSchema>>;
export type NewArticle = z.input<typeof ArticleCreateBody>;
export type ArticlePatch = z.input<typeof ArticlePatchBody>;
export type NewCase = z.input<typeof CaseBody> & { ticketId?: string };
export type ArticleHit = SearchResult['articles'][number] & { coverage: number };
export type Suggestion = KbSuggestion;
export type InsertedArticle = Wire<KbInsertedArticle>;
export type Freshness = Wire<FreshnessReport>;

// The public help center (no sign-in).
export type HelpHome = Wire<KbHelpHome>;
export type HelpArticleSummary = Wire<KbHelpArticleSummary>;
export type HelpArticle = Wire<KbHelpArticle>;

const help = (workspace: string) => `/api/help/${encodeURIComponent(workspace)}`;

export const kbApi = {
  categories: () => api.get<{ items: KbCategory[] }>('/api/v1/kb/categories').then((r) => r.items),
  list: (query: { status?: string; categoryId?: string; mine?: boolean; stale?: boolean; cursor?: string | null }) =>
    api.get<{ items: Article[]; nextCursor: string | null }>('/api/v1/kb/articles', { query: { ...query, mine: query.mine ? 'true' : undefined, stale: query.stale ? 'true' : undefined } }),
  get: (id: string) => api.get<ArticleDetail>(`/api/v1/kb/articles/${id}`),
  create: (body: NewArticle) => api.post<Article>('/api/v1/kb/articles', body),
  update: (id: string, version: number, body: ArticlePatch) => api.patch<Article>(`/api/v1/kb/articles/${id}`, body, { headers: { 'if-match': `"${version}"` } }),
  move: (id: string, action: ArticleAction, body: { note?: string } = {}) => api.post<Article>(`/api/v1/kb/articles/${id}/${action}`, body),
  versions: (id: string) => api.get<{ items: ArticleVersion[] }>(`/api/v1/kb/articles/${id}/versions`).then((r) => r.items),
  diff: (id: string, range: { from?: number; to?: number } = {}) => api.get<VersionDiff>(`/api/v1/kb/articles/${id}/diff`, { query: range }),
  upload: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.post<KbAttachment>(`/api/v1/kb/articles/${id}/attachments`, form);
  },
  removeAttachment: (id: string, attachmentId: string) => api.delete<{ ok: true }>(`/api/v1/kb/articles/${id}/attachments/${attachmentId}`),
  search: (q: string, scopes?: string) => api.get<SearchResult>('/api/v1/kb/search', { query: { q, scopes } }),
  suggest: (q: string) => api.get<{ items: Suggestion[] }>('/api/v1/kb/suggest', { query: { q } }).then((r) => r.items),
  assist: (ticketId: string) => api.get<{ query: string; articles: ArticleHit[]; cases: { id: string; title: string; snippet: string; score: number }[] }>(`/api/v1/kb/assist/tickets/${ticketId}`),
  insert: (articleId: string, ticketId: string) => api.post<InsertedArticle>(`/api/v1/kb/articles/${articleId}/insert`, { ticketId }),
  freshness: (months?: number) => api.get<Freshness>('/api/v1/kb/freshness', { query: { months } }),
  cases: () => api.get<{ items: KbCase[]; nextCursor: string | null }>('/api/v1/kb/cases'),
  caseDraft: (ticketId: string) => api.get<CaseDraft>(`/api/v1/kb/cases/draft/${ticketId}`),
  caseOfTicket: (ticketId: string) => api.get<{ case: KbCase | null }>(`/api/v1/kb/cases/by-ticket/${ticketId}`).then((r) => r.case),
  createCase: (body: NewCase) => api.post<KbCase>('/api/v1/kb/cases', body),

  helpHome: (workspace: string, locale?: KbLocale) => api.get<HelpHome>(help(workspace), { query: { locale } }),
  helpCategory: (workspace: string, category: string, locale?: KbLocale) =>
    api.get<{ category: HelpHome['categories'][number]; articles: HelpArticleSummary[] }>(`${help(workspace)}/categories/${encodeURIComponent(category)}`, { query: { locale } }),
  helpArticle: (workspace: string, slug: string) => api.get<HelpArticle>(`${help(workspace)}/articles/${encodeURIComponent(slug)}`),
  helpSearch: (workspace: string, q: string, locale?: KbLocale) => api.get<{ items: HelpArticleSummary[] }>(`${help(workspace)}/search`, { query: { q, locale } }).then((r) => r.items),
  helpSuggest: (workspace: string, q: string, locale?: KbLocale) => api.get<{ items: Suggestion[] }>(`${help(workspace)}/suggest`, { query: { q, locale } }).then((r) => r.items),
  helpFeedback: (workspace: string, articleId: string, body: { helpful: boolean; comment?: string }) =>
    api.post<{ helpfulCount: number; notHelpfulCount: number }>(`${help(workspace)}/articles/${articleId}/feedback`, body),
};
