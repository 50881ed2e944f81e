/** The only SQL on kb_articles, kb_article_versions, kb_article_events and kb_categories. */
import type { Sql } from '../../platform/db.ts';
import type { ArticleStatus, ArticleVisibility, KbLocale } from '../../contracts/kb.ts';

export interface CategoryRecord {
  id: string;
  parentId: string | null;
  slug: string;
  nameEn: string;
  nameZh: string;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ArticleContent {
  title: string;
  summary: string;
  bodyHtml: string;
  bodyText: string;
  tags: string[];
  categoryId: string;
  visibility: ArticleVisibility;
}

export interface ArticleRecord extends ArticleContent {
  id: string;
  translationGroup: string;
  locale: KbLocale;
  slug: string;
  status: ArticleStatus;
  version: number;
  publishedVersion: number | null;
  publishedAt: Date | null;
  firstPublishedAt: Date | null;
  /** YYYY-MM-DD. */
  reviewBy: string | null;
  authorId: string | null;
  submittedBy: string | null;
  submittedAt: Date | null;
  reviewedBy: string | null;
  reviewNote: string | null;
  helpfulCount: number;
  notHelpfulCount: number;
  useCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionRecord extends ArticleContent {
  articleId: string;
  version: number;
  editedBy: string | null;
  note: string | null;
  createdAt: Date;
}

const CATEGORY_COLUMNS = `id, parent_id AS "parentId", slug, name_en AS "nameEn", name_zh AS "nameZh", position, created_at AS "createdAt", updated_at AS "updatedAt"`;
const CONTENT_COLUMNS = `title, summary, body_html AS "bodyHtml", body_text AS "bodyText", tags, category_id AS "categoryId", visibility`;
const ARTICLE_COLUMNS = `id, translation_group AS "translationGroup", locale, slug, status, version, ${CONTENT_COLUMNS},
  published_version AS "publishedVersion", published_at AS "publishedAt", first_published_at AS "firstPublishedAt", review_by AS "reviewBy",
  author_id AS "authorId", submitted_by AS "submittedBy", submitted_at AS "submittedAt", reviewed_by AS "reviewedBy", review_note AS "reviewNote",
  helpful_count AS "helpfulCount", not_helpful_count AS "notHelpfulCount", use_count AS "useCount", created_at AS "createdAt", updated_at AS "updatedAt"`;

// ---- categories ----

/** True once per workspace: the caller then creates the default categories in the same transaction. */
export async function markDefaultsSeeded(sql: Sql, workspaceId: string, at: Date): Promise<boolean> {
  const rows = await sql.query(`INSERT INTO kb_workspaces (workspace_id, defaults_seeded_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [workspaceId, at]);
  return rows.length > 0;
}

export async function hasSeededDefaults(sql: Sql, workspaceId: string): Promise<boolean> {
  return (await sql.query(`SELECT 1 FROM kb_workspaces WHERE workspace_id = $1`, [workspaceId])).length > 0;
}

/**
 * Every write that takes a change number holds the workspace's row until commit, so a workspace's change numbers
 * commit in order: a search index that has read number N has seen every change below it.
 */
export async function lockWorkspaceChanges(sql: Sql, workspaceId: string): Promise<void> {
  await sql.query(`SELECT 1 FROM kb_workspaces WHERE workspace_id = $1 FOR UPDATE`, [workspaceId]);
}

export async function selectCategories(sql: Sql, workspaceId: string): Promise<CategoryRecord[]> {
  return sql.query<CategoryRecord>(`SELECT ${CATEGORY_COLUMNS} FROM kb_categories WHERE workspace_id = $1 ORDER BY position, name_en, id`, [workspaceId]);
}

export async function insertCategory(sql: Sql, workspaceId: string, category: CategoryRecord): Promise<void> {
  await sql.query(
    `INSERT INTO kb_categories (workspace_id, id, parent_id, slug, name_en, name_zh, position, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [workspaceId, category.id, category.parentId, category.slug, category.nameEn, category.nameZh, category.position, category.createdAt],
  );
}

export async function updateCategory(sql: Sql, workspaceId: string, id: string, patch: Partial<Pick<CategoryRecord, 'parentId' | 'slug' | 'nameEn' | 'nameZh' | 'position'>>, at: Date): Promise<CategoryRecord | undefined> {
  const rows = await sql.query<CategoryRecord>(
    `UPDATE kb_categories SET parent_id = CASE WHEN $3::boolean THEN $4::uuid ELSE parent_id END, slug = coalesce($5, slug), name_en = coalesce($6, name_en),
            name_zh = coalesce($7, name_zh), position = coalesce($8, position), updated_at = $9
      WHERE workspace_id = $1 AND id = $2 RETURNING ${CATEGORY_COLUMNS}`,
    [workspaceId, id, patch.parentId !== undefined, patch.parentId ?? null, patch.slug ?? null, patch.nameEn ?? null, patch.nameZh ?? null, patch.position ?? null, at],
  );
  return rows[0];
}

/** Deletes a category that holds no article and no sub-category; false when it does. */
export async function deleteEmptyCategory(sql: Sql, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql.query(
    `DELETE FROM kb_categories c WHERE c.workspace_id = $1 AND c.id = $2
        AND NOT EXISTS (SELECT 1 FROM kb_articles a WHERE a.workspace_id = $1 AND a.category_id = $2)
        AND NOT EXISTS (SELECT 1 FROM kb_categories s WHERE s.workspace_id = $1 AND s.parent_id = $2)
      RETURNING 1`,
    [workspaceId, id],
  );
  return rows.length > 0;
}

// ---- articles ----

export async function insertArticle(sql: Sql, workspaceId: string, article: ArticleRecord): Promise<void> {
  await sql.query(
    `INSERT INTO kb_articles (workspace_id, id, translation_group, locale, category_id, slug, title, summary, body_html, body_text, tags, visibility, status,
                              version, review_by, author_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)`,
    [workspaceId, article.id, article.translationGroup, article.locale, article.categoryId, article.slug, article.title, article.summary, article.bodyHtml, article.bodyText,
      article.tags, article.visibility, article.status, article.version, article.reviewBy, article.authorId, article.createdAt],
  );
}

export async function selectArticle(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<ArticleRecord | undefined> {
  const rows = await sql.query<ArticleRecord>(`SELECT ${ARTICLE_COLUMNS} FROM kb_articles WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0];
}

export async function selectArticlesByIds(sql: Sql, workspaceId: string, ids: readonly string[]): Promise<ArticleRecord[]> {
  if (ids.length === 0) return [];
  return sql.query<ArticleRecord>(`SELECT ${ARTICLE_COLUMNS} FROM kb_articles WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids]);
}

export async function selectTranslations(sql: Sql, workspaceId: string, translationGroup: string): Promise<ArticleRecord[]> {
  return sql.query<ArticleRecord>(`SELECT ${ARTICLE_COLUMNS} FROM kb_articles WHERE workspace_id = $1 AND translation_group = $2 ORDER BY locale`, [workspaceId, translationGroup]);
}

export async function isSlugTaken(sql: Sql, workspaceId: string, slug: string, exceptId?: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 FROM kb_articles WHERE workspace_id = $1 AND slug = $2 AND id IS DISTINCT FROM $3::uuid`, [workspaceId, slug, exceptId ?? null]);
  return rows.length > 0;
}

export interface ArticleListFilter {
  statuses?: readonly ArticleStatus[];
  categoryId?: string;
  locale?: KbLocale;
  visibility?: ArticleVisibility;
  authorId?: string;
  ids?: readonly string[];
  staleOn?: string;
}

/** A page, most recently updated first, after a keyset position. */
export async function selectArticlePage(sql: Sql, workspaceId: string, filter: ArticleListFilter, page: { after?: { updatedAt: Date; id: string }; limit: number }): Promise<ArticleRecord[]> {
  const where = ['workspace_id = $1'];
  const params: unknown[] = [workspaceId];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.statuses?.length) add((n) => `status = ANY(${n}::text[])`, filter.statuses);
  if (filter.categoryId) add((n) => `category_id = ${n}`, filter.categoryId);
  if (filter.locale) add((n) => `locale = ${n}`, filter.locale);
  if (filter.visibility) add((n) => `visibility = ${n}`, filter.visibility);
  if (filter.authorId) add((n) => `author_id = ${n}`, filter.authorId);
  if (filter.ids) add((n) => `id = ANY(${n}::uuid[])`, filter.ids);
  if (filter.staleOn) add((n) => `review_by < ${n}::date AND published_version IS NOT NULL AND status <> 'archived'`, filter.staleOn);
  if (page.after) {
    params.push(page.after.updatedAt, page.after.id);
    where.push(`(updated_at, id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(page.limit);
  return sql.query<ArticleRecord>(`SELECT ${ARTICLE_COLUMNS} FROM kb_articles WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id DESC LIMIT $${params.length}`, params);
}

export type ArticlePatch = Partial<Omit<ArticleRecord, 'id' | 'translationGroup' | 'createdAt' | 'helpfulCount' | 'notHelpfulCount' | 'useCount'>>;

const PATCH_COLUMNS: Record<keyof ArticlePatch, string> = {
  locale: 'locale', slug: 'slug', status: 'status', version: 'version', title: 'title', summary: 'summary', bodyHtml: 'body_html', bodyText: 'body_text',
  tags: 'tags', categoryId: 'category_id', visibility: 'visibility', publishedVersion: 'published_version', publishedAt: 'published_at',
  firstPublishedAt: 'first_published_at', reviewBy: 'review_by', authorId: 'author_id', submittedBy: 'submitted_by', submittedAt: 'submitted_at',
  reviewedBy: 'reviewed_by', reviewNote: 'review_note', updatedAt: 'updated_at',
};

/** Writes the changed columns and takes a new change number, so every node's search index picks the article up. */
export async function updateArticle(sql: Sql, workspaceId: string, id: string, patch: ArticlePatch): Promise<ArticleRecord> {
  const sets: string[] = [];
  const params: unknown[] = [workspaceId, id];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${PATCH_COLUMNS[key as keyof ArticlePatch]} = $${params.length}`);
  }
  sets.push(`change_seq = nextval('kb_change_seq')`);
  const rows = await sql.query<ArticleRecord>(`UPDATE kb_articles SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING ${ARTICLE_COLUMNS}`, params);
  return rows[0]!;
}

export async function insertVersion(sql: Sql, workspaceId: string, version: VersionRecord): Promise<void> {
  await sql.query(
    `INSERT INTO kb_article_versions (workspace_id, article_id, version, title, summary, body_html, body_text, tags, category_id, visibility, edited_by, note, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [workspaceId, version.articleId, version.version, version.title, version.summary, version.bodyHtml, version.bodyText, version.tags, version.categoryId, version.visibility, version.editedBy, version.note, version.createdAt],
  );
}

export async function selectVersions(sql: Sql, workspaceId: string, articleId: string): Promise<VersionRecord[]> {
  return sql.query<VersionRecord>(
    `SELECT article_id AS "articleId", version, ${CONTENT_COLUMNS}, edited_by AS "editedBy", note, created_at AS "createdAt"
       FROM kb_article_versions WHERE workspace_id = $1 AND article_id = $2 ORDER BY version DESC`,
    [workspaceId, articleId],
  );
}

export async function selectVersion(sql: Sql, workspaceId: string, articleId: string, version: number): Promise<VersionRecord | undefined> {
  const rows = await sql.query<VersionRecord>(
    `SELECT article_id AS "articleId", version, ${CONTENT_COLUMNS}, edited_by AS "editedBy", note, created_at AS "createdAt"
       FROM kb_article_versions WHERE workspace_id = $1 AND article_id = $2 AND version = $3`,
    [workspaceId, articleId, version],
  );
  return rows[0];
}

export async function insertArticleEvent(sql: Sql, workspaceId: string, event: { id: string; articleId: string; action: string; version: number; actorId: string | null; note: string | null; at: Date }): Promise<void> {
  await sql.query(`INSERT INTO kb_article_events (workspace_id, id, article_id, action, version, actor_id, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    workspaceId, event.id, event.articleId, event.action, event.version, event.actorId, event.note, event.at,
  ]);
}

export async function selectArticleEvents(sql: Sql, workspaceId: string, articleId: string): Promise<{ action: string; version: number; actorId: string | null; note: string | null; at: Date }[]> {
  return sql.query(`SELECT action, version, actor_id AS "actorId", note, at FROM kb_article_events WHERE workspace_id = $1 AND article_id = $2 ORDER BY at DESC, id`, [workspaceId, articleId]);
}

/** Counters the help center and the reply composer move; they are not edits, so no new version and no change number. */
export async function bumpArticleCounter(sql: Sql, workspaceId: string, id: string, counter: 'helpful_count' | 'not_helpful_count' | 'use_count'): Promise<void> {
  await sql.query(`UPDATE kb_articles SET ${counter} = ${counter} + 1 WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
}

/** Slugs of the workspace equal to `base` or numbered from it (`base-2` …), to pick a free one. */
export async function selectSlugsLike(sql: Sql, workspaceId: string, base: string): Promise<Set<string>> {
  const rows = await sql.query<{ slug: string }>(`SELECT slug FROM kb_articles WHERE workspace_id = $1 AND (slug = $2 OR left(slug, $3) = $4)`, [workspaceId, base, base.length + 1, `${base}-`]);
  return new Set(rows.map((row) => row.slug));
}

export async function selectArticleBySlug(sql: Sql, workspaceId: string, slug: string): Promise<ArticleRecord | undefined> {
  return (await sql.query<ArticleRecord>(`SELECT ${ARTICLE_COLUMNS} FROM kb_articles WHERE workspace_id = $1 AND slug = $2`, [workspaceId, slug]))[0];
}

export async function countArticlesByStatus(sql: Sql, workspaceId: string): Promise<Record<ArticleStatus, number>> {
  const rows = await sql.query<{ status: ArticleStatus; n: number }>(`SELECT status, count(*)::int AS n FROM kb_articles WHERE workspace_id = $1 GROUP BY status`, [workspaceId]);
  const counts: Record<ArticleStatus, number> = { draft: 0, in_review: 0, published: 0, archived: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}
