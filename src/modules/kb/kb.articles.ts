/** Articles: write a draft (or a translation of another article), edit it into new versions, read and list them. */
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import type { KbLocale } from '../../contracts/kb.ts';
import { sanitizeArticleHtml } from './article-html.ts';
import { statusAfterEdit } from './article-workflow.ts';
import * as activityRepo from './kb-activity.repository.ts';
import * as repo from './kb-articles.repository.ts';
import { lockKbChanges } from './kb.categories.ts';
import { articleNotFound, cleanTags, decodeCursor, encodeCursor, requirePermission, validationError, type KbDeps } from './kb.context.ts';
import type { ArticleCreateBody, ArticleListQuery, ArticlePatchBody } from './kb.schemas.ts';
import { slugify, SLUG_PATTERN, uniqueSlug } from './slug.ts';

export interface ArticleView extends repo.ArticleRecord {
  isStale: boolean;
}

export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  url: string;
  createdAt: Date;
}

export interface ArticleDetail extends ArticleView {
  translations: { id: string; locale: KbLocale; title: string; status: repo.ArticleRecord['status'] }[];
  attachments: AttachmentView[];
  history: { action: string; version: number; actorId: string | null; note: string | null; at: Date }[];
}

const today = (at: Date) => at.toISOString().slice(0, 10);
export const isLive = (article: Pick<repo.ArticleRecord, 'publishedVersion' | 'status'>) => article.publishedVersion !== null && article.status !== 'archived';

export function toArticleView(article: repo.ArticleRecord, now: Date): ArticleView {
  return { ...article, isStale: isLive(article) && article.reviewBy !== null && article.reviewBy < today(now) };
}

export const attachmentUrl = (id: string) => `/api/v1/kb/attachments/${id}`;
export const toAttachmentView = (record: activityRepo.KbAttachmentRecord): AttachmentView => ({
  id: record.id, filename: record.filename, contentType: record.contentType, sizeBytes: record.sizeBytes, url: attachmentUrl(record.id), createdAt: record.createdAt,
});

/** The article's body as stored: the allow-listed HTML and its text; an article with neither text nor image is refused. */
function cleanBody(bodyHtml: string): { bodyHtml: string; bodyText: string } {
  const clean = sanitizeArticleHtml(bodyHtml);
  if (clean.text.length === 0 && !clean.html.includes('<img')) throw validationError([{ field: 'bodyHtml', messageKey: 'kb.body_empty' }]);
  return { bodyHtml: clean.html, bodyText: clean.text };
}

export function createArticleOps(deps: KbDeps) {
  const { db, clock, audit } = deps;

  async function requireArticle(sql: Sql, actor: Actor, id: string, forUpdate = false): Promise<repo.ArticleRecord> {
    const article = isUuid(id) ? await repo.selectArticle(sql, actor.workspaceId, id, { forUpdate }) : undefined;
    if (!article) throw articleNotFound();
    return article;
  }

  async function checkCategory(sql: Sql, workspaceId: string, categoryId: string): Promise<void> {
    const categories = await repo.selectCategories(sql, workspaceId);
    if (!categories.some((category) => category.id === categoryId)) throw validationError([{ field: 'categoryId', messageKey: 'kb.unknown_category' }]);
  }

  async function pickSlug(sql: Sql, workspaceId: string, requested: string | undefined, title: string, exceptId?: string): Promise<string> {
    if (requested !== undefined && requested !== '') {
      if (!SLUG_PATTERN.test(requested)) throw validationError([{ field: 'slug', messageKey: 'kb.slug_invalid' }]);
      if (await repo.isSlugTaken(sql, workspaceId, requested, exceptId)) throw validationError([{ field: 'slug', messageKey: 'kb.slug_taken' }]);
      return requested;
    }
    const base = slugify(title);
    const taken = await repo.selectSlugsLike(sql, workspaceId, base);
    return uniqueSlug(base, (candidate) => taken.has(candidate));
  }

  async function writeVersion(tx: Sql, actor: Actor, article: repo.ArticleRecord, note: string | null): Promise<void> {
    await repo.insertVersion(tx, actor.workspaceId, {
      articleId: article.id, version: article.version, title: article.title, summary: article.summary, bodyHtml: article.bodyHtml, bodyText: article.bodyText,
      tags: article.tags, categoryId: article.categoryId, visibility: article.visibility, editedBy: actor.userId, note, createdAt: clock.now(),
    });
  }

  return {
    requireArticle,

    async createArticle(actor: Actor, input: z.infer<typeof ArticleCreateBody>): Promise<ArticleView> {
      requirePermission(actor, 'kb.write');
      const body = cleanBody(input.bodyHtml);
      const workspace = await deps.workspaces.getWorkspace(actor.workspaceId);
      const locale: KbLocale = input.locale ?? workspace.defaultLocale;
      const article = await db.transaction(async (tx) => {
        await lockKbChanges(tx, deps, actor.workspaceId);
        await checkCategory(tx, actor.workspaceId, input.categoryId);
        let translationGroup = newId();
        if (input.translationOf !== undefined) {
          const source = await requireArticle(tx, actor, input.translationOf).catch(() => {
            throw validationError([{ field: 'translationOf', messageKey: 'kb.article_not_found' }]);
          });
          if (source.locale === locale) throw validationError([{ field: 'locale', messageKey: 'kb.same_locale' }]);
          const variants = await repo.selectTranslations(tx, actor.workspaceId, source.translationGroup);
          if (variants.some((variant) => variant.locale === locale)) throw validationError([{ field: 'locale', messageKey: 'kb.translation_exists', params: { locale } }]);
          translationGroup = source.translationGroup;
        }
        const now = clock.now();
        const record: repo.ArticleRecord = {
          id: newId(), translationGroup, locale, categoryId: input.categoryId, slug: await pickSlug(tx, actor.workspaceId, input.slug, input.title),
          title: input.title, summary: input.summary ?? '', ...body, tags: cleanTags(input.tags), visibility: input.visibility ?? 'public', status: 'draft', version: 1,
          publishedVersion: null, publishedAt: null, firstPublishedAt: null, reviewBy: input.reviewBy ?? null, authorId: actor.userId, submittedBy: null, submittedAt: null,
          reviewedBy: null, reviewNote: null, helpfulCount: 0, notHelpfulCount: 0, useCount: 0, createdAt: now, updatedAt: now,
        };
        await repo.insertArticle(tx, actor.workspaceId, record);
        await writeVersion(tx, actor, record, input.note ?? null);
        await audit.record(tx, actor, { action: 'kb.article_created', entityType: 'kb_article', entityId: record.id, details: { locale, translationOf: input.translationOf ?? null } });
        return record;
      });
      return toArticleView(article, clock.now());
    },

    /** A new version of the content; an article in review or published becomes a draft again (the published version stays live). */
    async updateArticle(actor: Actor, id: string, patch: z.infer<typeof ArticlePatchBody>, expectedVersion: number): Promise<ArticleView> {
      requirePermission(actor, 'kb.write');
      const body = patch.bodyHtml !== undefined ? cleanBody(patch.bodyHtml) : undefined;
      const article = await db.transaction(async (tx) => {
        await lockKbChanges(tx, deps, actor.workspaceId);
        const current = await requireArticle(tx, actor, id, true);
        if (current.version !== expectedVersion) throw new AppError('conflict', 'errors.conflict', { extra: { currentVersion: current.version } });
        const status = statusAfterEdit(current.status);
        if (!status) throw new AppError('invalid_state', 'kb.archived_read_only');
        if (patch.categoryId !== undefined) await checkCategory(tx, actor.workspaceId, patch.categoryId);
        if (patch.locale !== undefined && patch.locale !== current.locale) {
          const variants = await repo.selectTranslations(tx, actor.workspaceId, current.translationGroup);
          if (variants.some((variant) => variant.locale === patch.locale)) throw validationError([{ field: 'locale', messageKey: 'kb.translation_exists', params: { locale: patch.locale } }]);
        }
        const slug = patch.slug !== undefined && patch.slug !== current.slug ? await pickSlug(tx, actor.workspaceId, patch.slug, patch.title ?? current.title, current.id) : undefined;
        const updated = await repo.updateArticle(tx, actor.workspaceId, current.id, {
          title: patch.title, summary: patch.summary, ...body, tags: patch.tags === undefined ? undefined : cleanTags(patch.tags), categoryId: patch.categoryId,
          visibility: patch.visibility, locale: patch.locale, slug, reviewBy: patch.reviewBy, status, version: current.version + 1, updatedAt: clock.now(),
        });
        await writeVersion(tx, actor, updated, patch.note ?? null);
        await audit.record(tx, actor, { action: 'kb.article_updated', entityType: 'kb_article', entityId: id, details: { version: updated.version, fields: Object.keys(patch) } });
        return updated;
      });
      return toArticleView(article, clock.now());
    },

    async getArticle(actor: Actor, id: string): Promise<ArticleDetail> {
      requirePermission(actor, 'kb.read');
      const article = await requireArticle(db, actor, id);
      const [variants, attachments, history] = await Promise.all([
        repo.selectTranslations(db, actor.workspaceId, article.translationGroup),
        activityRepo.selectAttachments(db, actor.workspaceId, article.id),
        repo.selectArticleEvents(db, actor.workspaceId, article.id),
      ]);
      return {
        ...toArticleView(article, clock.now()),
        translations: variants.filter((variant) => variant.id !== article.id).map((variant) => ({ id: variant.id, locale: variant.locale, title: variant.title, status: variant.status })),
        attachments: attachments.map(toAttachmentView),
        history,
      };
    },

    async listArticles(actor: Actor, query: z.infer<typeof ArticleListQuery> = {}): Promise<{ items: ArticleView[]; nextCursor: string | null }> {
      requirePermission(actor, 'kb.read');
      const limit = query.limit ?? 25;
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && !after) throw validationError([{ field: 'query.cursor', messageKey: 'kb.invalid_cursor' }]);
      const now = clock.now();
      const rows = await repo.selectArticlePage(
        db,
        actor.workspaceId,
        {
          statuses: query.status ? [query.status] : undefined, categoryId: query.categoryId, locale: query.locale, visibility: query.visibility,
          authorId: query.mine === 'true' ? (actor.userId ?? undefined) : undefined, staleOn: query.stale === 'true' ? today(now) : undefined,
        },
        { after: after && { updatedAt: after.at, id: after.id }, limit: limit + 1 },
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map((row) => toArticleView(row, now)), nextCursor: rows.length > limit && last ? encodeCursor(last.updatedAt, last.id) : null };
    },
  };
}

export type ArticleOps = ReturnType<typeof createArticleOps>;
