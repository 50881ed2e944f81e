/** The only code that queries outbound_templates: a workspace's own wording of the shipped templates. */
import type { Sql } from '../../../platform/db.ts';
import type { TemplateText } from './templates.ts';

export interface TemplateOverride extends TemplateText {
  name: string;
  locale: string;
  updatedBy: string | null;
  updatedAt: Date;
}

interface OverrideRow {
  name: string;
  locale: string;
  subject: string;
  body: string;
  html: string | null;
  sms: string | null;
  updated_by: string | null;
  updated_at: Date;
}

const toOverride = (row: OverrideRow): TemplateOverride => ({
  name: row.name,
  locale: row.locale,
  subject: row.subject,
  body: row.body,
  html: row.html,
  sms: row.sms,
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
});

const COLUMNS = 'name, locale, subject, body, html, sms, updated_by, updated_at';

export async function selectOverride(sql: Sql, workspaceId: string, name: string, locale: string): Promise<TemplateOverride | undefined> {
  const rows = await sql.query<OverrideRow>(`SELECT ${COLUMNS} FROM outbound_templates WHERE workspace_id = $1 AND name = $2 AND locale = $3`, [workspaceId, name, locale]);
  return rows[0] ? toOverride(rows[0]) : undefined;
}

export async function selectOverrides(sql: Sql, workspaceId: string): Promise<TemplateOverride[]> {
  const rows = await sql.query<OverrideRow>(`SELECT ${COLUMNS} FROM outbound_templates WHERE workspace_id = $1 ORDER BY name, locale`, [workspaceId]);
  return rows.map(toOverride);
}

export async function upsertOverride(sql: Sql, workspaceId: string, override: TemplateText & { name: string; locale: string; updatedBy: string | null; now: Date }): Promise<TemplateOverride> {
  const rows = await sql.query<OverrideRow>(
    `INSERT INTO outbound_templates (workspace_id, name, locale, subject, body, html, sms, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (workspace_id, name, locale) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, html = EXCLUDED.html, sms = EXCLUDED.sms,
                                                          updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}`,
    [workspaceId, override.name, override.locale, override.subject, override.body, override.html, override.sms, override.updatedBy, override.now],
  );
  return toOverride(rows[0]!);
}

export async function deleteOverride(sql: Sql, workspaceId: string, name: string, locale: string): Promise<boolean> {
  const rows = await sql.query(`DELETE FROM outbound_templates WHERE workspace_id = $1 AND name = $2 AND locale = $3 RETURNING name`, [workspaceId, name, locale]);
  return rows.length > 0;
}
