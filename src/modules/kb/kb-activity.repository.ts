/**
 * The only SQL on kb_article_uses, kb_article_feedback, kb_searches and kb_attachments, the search index's change
 * feed (kb_articles and kb_cases by change number) and the freshness report's counts.
 */
import type { Sql } from '../../platform/db.ts';
import type { ArticleVisibility, KbLocale } from '../../contracts/kb.ts';

export interface IndexedArticleRow {
  id: string;
  changeSeq: number;
  /** Null when the article is not live (never published, or archived): the index drops it. */
  live: boolean;
  locale: KbLocale;
  slug: string;
  categoryId: string;
  visibility: ArticleVisibility;
  translationGroup: string;
  title: string;
  summary: string;
  bodyText: string;
  tags: string[];
}

export interface IndexedCaseRow {
  id: string;
  changeSeq: number;
  live: boolean;
  locale: KbLocale;
  title: string;
  text: string;
  tags: string[];
}

/** The highest change number of the workspace's articles and cases (0 when there are none). */
export async function selectLatestChange(sql: Sql, workspaceId: string): Promise<number> {
  const rows = await sql.query<{ seq: number | null }>(
    `SELECT greatest((SELECT max(change_seq) FROM kb_articles WHERE workspace_id = $1), (SELECT max(change_seq) FROM kb_cases WHERE workspace_id = $1)) AS seq`,
    [workspaceId],
  );
  return rows[0]?.seq ?? 0;
}

/** Articles changed after a change number, with their published content (what search shows). */
export async function selectChangedArticles(sql: Sql, workspaceId: string, afterSeq: number, limit: number): Promise<IndexedArticleRow[]> {
  return sql.query<IndexedArticleRow>(
    `SELECT a.id, a.change_seq AS "changeSeq", (a.published_version IS NOT NULL AND a.status <> 'archived') AS live, a.locale, a.slug,
            coalesce(v.category_id, a.category_id) AS "categoryId", coalesce(v.visibility, a.visibility) AS visibility, a.translation_group AS "translationGroup",
            coalesce(v.title, a.title) AS title, coalesce(v.summary, '') AS summary, coalesce(v.body_text, '') AS "bodyText", coalesce(v.tags, '{}') AS tags
       FROM kb_articles a
       LEFT JOIN kb_article_versions v ON v.workspace_id = a.workspace_id AND v.article_id = a.id AND v.version = a.published_version
      WHERE a.workspace_id = $1 AND a.change_seq > $2
      ORDER BY a.change_seq LIMIT $3`,
    [workspaceId, afterSeq, limit],
  );
}

export async function selectChangedCases(sql: Sql, workspaceId: string, afterSeq: number, limit: number): Promise<IndexedCaseRow[]> {
  return sql.query<IndexedCaseRow>(
    `SELECT id, change_seq AS "changeSeq", deleted_at IS NULL AS live, locale, title, concat_ws(E'\\n', problem, cause, resolution, compensation) AS text, tags
       FROM kb_cases WHERE workspace_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3`,
    [workspaceId, afterSeq, limit],
  );
}

// ---- uses, feedback, searches ----

/** Records an article used in a ticket's reply; false when it was already used on that ticket. */
export async function insertUse(sql: Sql, workspaceId: string, use: { articleId: string; ticketId: string; userId: string | null; at: Date }): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO kb_article_uses (workspace_id, article_id, ticket_id, user_id, used_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
    [workspaceId, use.articleId, use.ticketId, use.userId, use.at],
  );
  return rows.length > 0;
}

export async function insertFeedback(sql: Sql, workspaceId: string, feedback: { id: string; articleId: string; isHelpful: boolean; comment: string | null; at: Date }): Promise<void> {
  await sql.query(`INSERT INTO kb_article_feedback (workspace_id, id, article_id, is_helpful, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    workspaceId, feedback.id, feedback.articleId, feedback.isHelpful, feedback.comment, feedback.at,
  ]);
}

export async function insertSearch(sql: Sql, workspaceId: string, search: { id: string; query: string; normalized: string; source: 'agent' | 'help' | 'bot'; resultCount: number; at: Date }): Promise<void> {
  await sql.query(`INSERT INTO kb_searches (workspace_id, id, query, normalized, source, result_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    workspaceId, search.id, search.query, search.normalized, search.source, search.resultCount, search.at,
  ]);
}

/** Past searches that found something, most frequent first: suggestion candidates. */
export async function selectPopularQueries(sql: Sql, workspaceId: string, since: Date, limit: number): Promise<{ query: string; uses: number }[]> {
  return sql.query(
    `SELECT min(query) AS query, count(*)::int AS uses FROM kb_searches
      WHERE workspace_id = $1 AND created_at >= $2 AND result_count > 0 AND char_length(normalized) BETWEEN 2 AND 60
      GROUP BY normalized ORDER BY uses DESC, normalized LIMIT $3`,
    [workspaceId, since, limit],
  );
}

// ---- freshness ----

/** Articles first published, and republished after an edit, per month of the workspace's time zone. */
export async function selectMonthlyActivity(sql: Sql, workspaceId: string, since: Date, timeZone: string): Promise<{ month: string; created: number; revised: number }[]> {
  return sql.query(
    `SELECT to_char(date_trunc('month', e.at AT TIME ZONE $3), 'YYYY-MM') AS month,
            count(*) FILTER (WHERE e.action = 'published' AND NOT e.republished)::int AS created,
            count(*) FILTER (WHERE e.action = 'published' AND e.republished)::int AS revised
       FROM (SELECT at, action, EXISTS (SELECT 1 FROM kb_article_events p WHERE p.workspace_id = ev.workspace_id AND p.article_id = ev.article_id
                                          AND p.action = 'published' AND (p.at, p.id) < (ev.at, ev.id)) AS republished
               FROM kb_article_events ev WHERE ev.workspace_id = $1 AND ev.action = 'published' AND ev.at >= $2) e
      GROUP BY 1 ORDER BY 1`,
    [workspaceId, since, timeZone],
  );
}

export async function selectMostUsed(sql: Sql, workspaceId: string, since: Date, limit: number): Promise<{ articleId: string; uses: number }[]> {
  return sql.query(
    `SELECT article_id AS "articleId", count(*)::int AS uses FROM kb_article_uses WHERE workspace_id = $1 AND used_at >= $2
      GROUP BY article_id ORDER BY uses DESC, article_id LIMIT $3`,
    [workspaceId, since, limit],
  );
}

export async function selectUnansweredSearches(sql: Sql, workspaceId: string, since: Date, limit: number): Promise<{ query: string; searches: number; lastAt: Date }[]> {
  return sql.query(
    `SELECT min(query) AS query, count(*)::int AS searches, max(created_at) AS "lastAt" FROM kb_searches
      WHERE workspace_id = $1 AND created_at >= $2 AND result_count = 0 AND normalized <> ''
      GROUP BY normalized ORDER BY searches DESC, "lastAt" DESC LIMIT $3`,
    [workspaceId, since, limit],
  );
}

// ---- attachments ----

export interface KbAttachmentRecord {
  id: string;
  articleId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  createdAt: Date;
}

const ATTACHMENT_COLUMNS = `id, article_id AS "articleId", filename, content_type AS "contentType", size_bytes AS "sizeBytes", sha256, storage_key AS "storageKey", uploaded_by AS "uploadedBy", created_at AS "createdAt"`;

export async function insertAttachment(sql: Sql, workspaceId: string, record: KbAttachmentRecord): Promise<void> {
  await sql.query(
    `INSERT INTO kb_attachments (workspace_id, id, article_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [workspaceId, record.id, record.articleId, record.filename, record.contentType, record.sizeBytes, record.sha256, record.storageKey, record.uploadedBy, record.createdAt],
  );
}

export async function selectAttachments(sql: Sql, workspaceId: string, articleId: string): Promise<KbAttachmentRecord[]> {
  return sql.query<KbAttachmentRecord>(`SELECT ${ATTACHMENT_COLUMNS} FROM kb_attachments WHERE workspace_id = $1 AND article_id = $2 ORDER BY created_at, id`, [workspaceId, articleId]);
}

export async function selectAttachment(sql: Sql, workspaceId: string, id: string): Promise<KbAttachmentRecord | undefined> {
  return (await sql.query<KbAttachmentRecord>(`SELECT ${ATTACHMENT_COLUMNS} FROM kb_attachments WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]))[0];
}

export async function deleteAttachment(sql: Sql, workspaceId: string, articleId: string, id: string): Promise<string | undefined> {
  const rows = await sql.query<{ storageKey: string }>(`DELETE FROM kb_attachments WHERE workspace_id = $1 AND article_id = $2 AND id = $3 RETURNING storage_key AS "storageKey"`, [workspaceId, articleId, id]);
  return rows[0]?.storageKey;
}
