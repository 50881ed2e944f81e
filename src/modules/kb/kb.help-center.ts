/**
 * The public help center: a workspace's public, published articles by readable URL
 * (`/help/<workspace>/<category>/<article>`), search, suggestions and "was this helpful". No sign-in: the workspace
 * is found by its slug, and only public articles' published versions are ever shown.
 */
import type { Readable } from 'node:stream';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import type { KbLocale } from '../../contracts/kb.ts';
import * as activityRepo from './kb-activity.repository.ts';
import * as repo from './kb-articles.repository.ts';
import { isLive, toAttachmentView, type AttachmentView } from './kb.articles.ts';
import type { createCategoryOps } from './kb.categories.ts';
import type { KbDeps } from './kb.context.ts';
import type { IndexedArticle, KbSearchIndex } from './kb-search-index.ts';
import type { createSearchOps } from './kb.search.ts';

export interface HelpCategory {
  id: string;
  slug: string;
  parentId: string | null;
  name: string;
  articleCount: number;
}

export interface HelpArticleSummary {
  id: string;
  slug: string;
  categorySlug: string;
  title: string;
  snippet: string;
  locale: KbLocale;
}

export interface HelpHome {
  workspace: { name: string; slug: string; defaultLocale: KbLocale };
  locale: KbLocale;
  categories: HelpCategory[];
}

export interface HelpArticle {
  id: string;
  slug: string;
  locale: KbLocale;
  title: string;
  summary: string;
  bodyHtml: string;
  tags: string[];
  category: { slug: string; name: string };
  updatedAt: Date;
  translations: { locale: KbLocale; slug: string; title: string }[];
  attachments: AttachmentView[];
}

type CategoryOps = ReturnType<typeof createCategoryOps>;

const helpNotFound = () => new AppError('not_found', 'kb.help_center_not_found');
const articleNotFound = () => new AppError('not_found', 'kb.article_not_found');
const nameIn = (category: repo.CategoryRecord, locale: KbLocale) => (locale === 'zh-CN' ? category.nameZh : category.nameEn);
export const publicAttachmentUrl = (workspaceSlug: string, id: string) => `/api/help/${encodeURIComponent(workspaceSlug)}/attachments/${id}`;

export function createHelpCenterOps(deps: KbDeps, ops: { categories: CategoryOps; index: KbSearchIndex; search: ReturnType<typeof createSearchOps> }) {
  const { db, clock } = deps;

  async function workspaceOf(slug: string) {
    const workspace = await deps.workspaces.findWorkspaceBySlug(slug);
    if (!workspace) throw helpNotFound();
    return workspace;
  }

  /** A live public article with its published version, or 404. */
  async function livePublicArticle(workspaceId: string, article: repo.ArticleRecord | undefined) {
    if (!article || !isLive(article)) throw articleNotFound();
    const version = await repo.selectVersion(db, workspaceId, article.id, article.publishedVersion!);
    if (!version || version.visibility !== 'public') throw articleNotFound();
    return { article, version };
  }

  async function publicDocuments(workspaceId: string, locale: KbLocale | undefined) {
    const index = await ops.index.current(workspaceId);
    return [...index.documents.values()].filter((document) => document.kind === 'article' && document.visibility === 'public' && (!locale || document.locale === locale)) as IndexedArticle[];
  }

  return {
    async getHelpHome(workspaceSlug: string, locale: KbLocale | undefined): Promise<HelpHome> {
      const workspace = await workspaceOf(workspaceSlug);
      const reading = locale ?? workspace.defaultLocale;
      const [categories, documents] = await Promise.all([ops.categories.loadCategories(db, workspace.id), publicDocuments(workspace.id, reading)]);
      const counts = new Map<string, number>();
      for (const document of documents) counts.set(document.categoryId, (counts.get(document.categoryId) ?? 0) + 1);
      return {
        workspace: { name: workspace.name, slug: workspace.slug, defaultLocale: workspace.defaultLocale },
        locale: reading,
        categories: categories.map((category): HelpCategory => ({ id: category.id, slug: category.slug, parentId: category.parentId, name: nameIn(category, reading), articleCount: counts.get(category.id) ?? 0 })),
      };
    },

    async listHelpCategory(workspaceSlug: string, categorySlug: string, locale: KbLocale | undefined): Promise<{ category: HelpCategory; articles: HelpArticleSummary[] }> {
      const workspace = await workspaceOf(workspaceSlug);
      const reading = locale ?? workspace.defaultLocale;
      const categories = await ops.categories.loadCategories(db, workspace.id);
      const category = categories.find((candidate) => candidate.slug === categorySlug);
      if (!category) throw new AppError('not_found', 'kb.category_not_found');
      const documents = (await publicDocuments(workspace.id, reading)).filter((document) => document.categoryId === category.id);
      documents.sort((a, b) => a.title.localeCompare(b.title, reading));
      return {
        category: { id: category.id, slug: category.slug, parentId: category.parentId, name: nameIn(category, reading), articleCount: documents.length },
        articles: documents.map((document) => ({ id: document.id, slug: document.slug, categorySlug: category.slug, title: document.title, snippet: document.snippet, locale: document.locale })),
      };
    },

    async getHelpArticle(workspaceSlug: string, articleSlug: string): Promise<HelpArticle> {
      const workspace = await workspaceOf(workspaceSlug);
      const { article, version } = await livePublicArticle(workspace.id, await repo.selectArticleBySlug(db, workspace.id, articleSlug));
      const [categories, variants, attachments] = await Promise.all([
        ops.categories.loadCategories(db, workspace.id),
        repo.selectTranslations(db, workspace.id, article.translationGroup),
        activityRepo.selectAttachments(db, workspace.id, article.id),
      ]);
      const category = categories.find((candidate) => candidate.id === version.categoryId);
      return {
        id: article.id, slug: article.slug, locale: article.locale, title: version.title, summary: version.summary, bodyHtml: version.bodyHtml.replaceAll('/api/v1/kb/attachments/', `/api/help/${encodeURIComponent(workspace.slug)}/attachments/`),
        tags: version.tags, category: { slug: category?.slug ?? '', name: category ? nameIn(category, article.locale) : '' }, updatedAt: article.publishedAt ?? article.updatedAt,
        translations: variants.filter((variant) => variant.id !== article.id && isLive(variant) && variant.visibility === 'public').map((variant) => ({ locale: variant.locale, slug: variant.slug, title: variant.title })),
        attachments: attachments.map((record) => ({ ...toAttachmentView(record), url: publicAttachmentUrl(workspace.slug, record.id) })),
      };
    },

    async searchHelp(workspaceSlug: string, query: string, locale: KbLocale | undefined): Promise<{ items: HelpArticleSummary[] }> {
      const workspace = await workspaceOf(workspaceSlug);
      if (query.trim() === '') return { items: [] };
      const [hits, categories] = await Promise.all([
        ops.search.findArticles(workspace.id, query, { publicOnly: true, locale: locale ?? workspace.defaultLocale, limit: 10, source: 'help' }),
        ops.categories.loadCategories(db, workspace.id),
      ]);
      const slugOf = new Map(categories.map((category) => [category.id, category.slug]));
      return { items: hits.map((hit) => ({ id: hit.id, slug: hit.slug, categorySlug: slugOf.get(hit.categoryId) ?? '', title: hit.title, snippet: hit.snippet, locale: hit.locale })) };
    },

    async suggestHelp(workspaceSlug: string, typed: string, locale: KbLocale | undefined) {
      const workspace = await workspaceOf(workspaceSlug);
      return { items: await ops.search.suggestPublic(workspace.id, typed, locale) };
    },

    /** "Was this helpful": counted on the article, kept with the optional comment. */
    async recordHelpFeedback(workspaceSlug: string, articleId: string, input: { helpful: boolean; comment?: string }): Promise<{ helpfulCount: number; notHelpfulCount: number }> {
      const workspace = await workspaceOf(workspaceSlug);
      const found = isUuid(articleId) ? await repo.selectArticle(db, workspace.id, articleId) : undefined;
      await livePublicArticle(workspace.id, found);
      return db.transaction(async (tx) => {
        await activityRepo.insertFeedback(tx, workspace.id, { id: newId(), articleId, isHelpful: input.helpful, comment: input.comment?.trim() || null, at: clock.now() });
        await repo.bumpArticleCounter(tx, workspace.id, articleId, input.helpful ? 'helpful_count' : 'not_helpful_count');
        const article = (await repo.selectArticle(tx, workspace.id, articleId))!;
        return { helpfulCount: article.helpfulCount, notHelpfulCount: article.notHelpfulCount };
      });
    },

    /** A file of a live public article. */
    async openHelpAttachment(workspaceSlug: string, attachmentId: string): Promise<{ attachment: AttachmentView; stream: Readable }> {
      const workspace = await workspaceOf(workspaceSlug);
      const record = isUuid(attachmentId) ? await activityRepo.selectAttachment(db, workspace.id, attachmentId) : undefined;
      if (!record) throw new AppError('not_found', 'kb.attachment_not_found');
      await livePublicArticle(workspace.id, await repo.selectArticle(db, workspace.id, record.articleId)).catch(() => {
        throw new AppError('not_found', 'kb.attachment_not_found');
      });
      const stream = await deps.attachmentStore.get(record.storageKey);
      if (!stream) throw new AppError('not_found', 'kb.attachment_not_found');
      return { attachment: toAttachmentView(record), stream };
    },
  };
}
