import type { Sql } from '../../platform/db.ts';
import { isLocale, type Locale } from '../../platform/i18n.ts';

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  defaultLocale: Locale;
  timezone: string;
  ticketPrefix: string;
  createdAt: Date;
}

interface WorkspaceRow {
  workspace_id: string;
  name: string;
  slug: string;
  default_locale: string;
  timezone: string;
  ticket_prefix: string;
  created_at: Date;
}

const toWorkspace = (row: WorkspaceRow): Workspace => ({
  id: row.workspace_id,
  name: row.name,
  slug: row.slug,
  defaultLocale: isLocale(row.default_locale) ? row.default_locale : 'en',
  timezone: row.timezone,
  ticketPrefix: row.ticket_prefix,
  createdAt: row.created_at,
});

export interface WorkspacePatch {
  name?: string;
  defaultLocale?: Locale;
  timezone?: string;
  ticketPrefix?: string;
}

/** Undefined when the slug is taken. */
export async function insertWorkspace(
  sql: Sql,
  workspace: { id: string; name: string; slug: string; defaultLocale: Locale; timezone: string; ticketPrefix: string; now: Date },
): Promise<Workspace | undefined> {
  const rows = await sql.query<WorkspaceRow>(
    `INSERT INTO workspaces (workspace_id, name, slug, default_locale, timezone, ticket_prefix, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (slug) DO NOTHING
     RETURNING *`,
    [workspace.id, workspace.name, workspace.slug, workspace.defaultLocale, workspace.timezone, workspace.ticketPrefix, workspace.now],
  );
  return rows[0] ? toWorkspace(rows[0]) : undefined;
}

export async function selectWorkspace(sql: Sql, workspaceId: string): Promise<Workspace | undefined> {
  const row = (await sql.query<WorkspaceRow>('SELECT * FROM workspaces WHERE workspace_id = $1', [workspaceId]))[0];
  return row ? toWorkspace(row) : undefined;
}

export async function selectWorkspaceIds(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ workspace_id: string }>('SELECT workspace_id FROM workspaces ORDER BY workspace_id');
  return rows.map((row) => row.workspace_id);
}

/** The platform operator's list, by slug, a page at a time (after the last slug of the previous page). */
export async function selectWorkspacePage(sql: Sql, options: { afterSlug?: string; limit: number }): Promise<Workspace[]> {
  const rows = await sql.query<WorkspaceRow>('SELECT * FROM workspaces WHERE slug > $1 ORDER BY slug LIMIT $2', [options.afterSlug ?? '', options.limit]);
  return rows.map(toWorkspace);
}

/** The one lookup made before a workspace is known: by its public slug. */
export async function selectWorkspaceBySlug(sql: Sql, slug: string): Promise<Workspace | undefined> {
  const row = (await sql.query<WorkspaceRow>('SELECT * FROM workspaces WHERE slug = $1', [slug]))[0];
  return row ? toWorkspace(row) : undefined;
}

export async function updateWorkspaceRow(sql: Sql, workspaceId: string, patch: WorkspacePatch): Promise<Workspace | undefined> {
  const row = (
    await sql.query<WorkspaceRow>(
      `UPDATE workspaces SET name = COALESCE($2, name), default_locale = COALESCE($3, default_locale),
              timezone = COALESCE($4, timezone), ticket_prefix = COALESCE($5, ticket_prefix)
        WHERE workspace_id = $1 RETURNING *`,
      [workspaceId, patch.name ?? null, patch.defaultLocale ?? null, patch.timezone ?? null, patch.ticketPrefix ?? null],
    )
  )[0];
  return row ? toWorkspace(row) : undefined;
}
