/** The only SQL on kb_cases. */
import type { Sql } from '../../platform/db.ts';
import type { CaseSource, KbLocale } from '../../contracts/kb.ts';

export interface CaseContent {
  title: string;
  problem: string;
  cause: string;
  resolution: string;
  compensation: string;
  tags: string[];
  categoryId: string | null;
  locale: KbLocale;
}

export interface CaseRecord extends CaseContent {
  id: string;
  source: CaseSource;
  sourceId: string | null;
  sourceNumber: string | null;
  createdBy: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, source, source_id AS "sourceId", source_number AS "sourceNumber", locale, title, problem, cause, resolution, compensation, tags,
  category_id AS "categoryId", created_by AS "createdBy", version, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Inserts a case; false when the source (a ticket, a complaint) already has one. */
export async function insertCase(sql: Sql, workspaceId: string, record: CaseRecord): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO kb_cases (workspace_id, id, source, source_id, source_number, locale, title, problem, cause, resolution, compensation, tags, category_id, created_by, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $15)
     ON CONFLICT (workspace_id, source, source_id) WHERE source_id IS NOT NULL AND deleted_at IS NULL DO NOTHING RETURNING 1`,
    [workspaceId, record.id, record.source, record.sourceId, record.sourceNumber, record.locale, record.title, record.problem, record.cause, record.resolution,
      record.compensation, record.tags, record.categoryId, record.createdBy, record.createdAt],
  );
  return rows.length > 0;
}

export async function selectCase(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<CaseRecord | undefined> {
  return (await sql.query<CaseRecord>(`SELECT ${COLUMNS} FROM kb_cases WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL${forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]))[0];
}

export async function selectCaseBySource(sql: Sql, workspaceId: string, source: CaseSource, sourceId: string): Promise<CaseRecord | undefined> {
  return (await sql.query<CaseRecord>(`SELECT ${COLUMNS} FROM kb_cases WHERE workspace_id = $1 AND source = $2 AND source_id = $3 AND deleted_at IS NULL`, [workspaceId, source, sourceId]))[0];
}

export async function selectCasesByIds(sql: Sql, workspaceId: string, ids: readonly string[]): Promise<CaseRecord[]> {
  if (ids.length === 0) return [];
  return sql.query<CaseRecord>(`SELECT ${COLUMNS} FROM kb_cases WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL`, [workspaceId, ids]);
}

export async function selectCasePage(sql: Sql, workspaceId: string, page: { after?: { createdAt: Date; id: string }; limit: number }): Promise<CaseRecord[]> {
  const params: unknown[] = [workspaceId, page.limit];
  let keyset = '';
  if (page.after) {
    params.push(page.after.createdAt, page.after.id);
    keyset = ' AND (created_at, id) < ($3, $4)';
  }
  return sql.query<CaseRecord>(`SELECT ${COLUMNS} FROM kb_cases WHERE workspace_id = $1 AND deleted_at IS NULL${keyset} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
}

export async function updateCase(sql: Sql, workspaceId: string, id: string, content: CaseContent, at: Date): Promise<CaseRecord> {
  const rows = await sql.query<CaseRecord>(
    `UPDATE kb_cases SET title = $3, problem = $4, cause = $5, resolution = $6, compensation = $7, tags = $8, category_id = $9, locale = $10,
            version = version + 1, updated_at = $11, change_seq = nextval('kb_change_seq')
      WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [workspaceId, id, content.title, content.problem, content.cause, content.resolution, content.compensation, content.tags, content.categoryId, content.locale, at],
  );
  return rows[0]!;
}

/** Marks the case deleted (the search index learns of it through the change number). */
export async function deleteCase(sql: Sql, workspaceId: string, id: string, at: Date): Promise<boolean> {
  const rows = await sql.query(`UPDATE kb_cases SET deleted_at = $3, updated_at = $3, change_seq = nextval('kb_change_seq') WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING 1`, [workspaceId, id, at]);
  return rows.length > 0;
}
