import type { Clock } from '../../platform/clock.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isLocale, type Locale } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';

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

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

// Workspace settings are read on every ticket create; a short cache keeps that off the database while a change
// made on another node still shows within seconds.
const CACHE_TTL_MS = 5_000;

export function createWorkspacesService(deps: { db: Sql; clock: Clock }) {
  const cache = new Map<string, { workspace: Workspace; until: number }>();
  return {
    async createWorkspace(
      input: { name: string; slug: string; defaultLocale?: Locale; timezone?: string; ticketPrefix?: string },
      sql: Sql = deps.db,
    ): Promise<Workspace> {
      const timezone = input.timezone ?? 'Asia/Shanghai';
      if (!isValidTimezone(timezone)) {
        throw new AppError('validation', 'errors.validation', { fields: [{ field: 'timezone', messageKey: 'validation.invalid_format', params: { format: 'IANA time zone' } }] });
      }
      const rows = await sql.query<WorkspaceRow>(
        `INSERT INTO workspaces (workspace_id, name, slug, default_locale, timezone, ticket_prefix, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (slug) DO NOTHING
         RETURNING *`,
        [newId(), input.name, input.slug, input.defaultLocale ?? 'zh-CN', timezone, input.ticketPrefix ?? 'CS', deps.clock.now()],
      );
      const row = rows[0];
      if (!row) throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'slug', messageKey: 'workspaces.slug_taken' }] });
      return toWorkspace(row);
    },

    async getWorkspace(workspaceId: string, sql: Sql = deps.db): Promise<Workspace> {
      const cached = cache.get(workspaceId);
      if (cached && cached.until > Date.now()) return cached.workspace;
      const row = (await sql.query<WorkspaceRow>('SELECT * FROM workspaces WHERE workspace_id = $1', [workspaceId]))[0];
      if (!row) throw notFound('workspace');
      const workspace = toWorkspace(row);
      cache.set(workspaceId, { workspace, until: Date.now() + CACHE_TTL_MS });
      return workspace;
    },

    /** Every workspace's id, for background work that runs per workspace (retention). */
    async listWorkspaceIds(sql: Sql = deps.db): Promise<string[]> {
      const rows = await sql.query<{ workspace_id: string }>('SELECT workspace_id FROM workspaces ORDER BY workspace_id');
      return rows.map((row) => row.workspace_id);
    },

    async findWorkspaceBySlug(slug: string): Promise<Workspace | undefined> {
      const row = (await deps.db.query<WorkspaceRow>('SELECT * FROM workspaces WHERE slug = $1', [slug]))[0];
      return row ? toWorkspace(row) : undefined;
    },

    async updateWorkspace(
      workspaceId: string,
      patch: { name?: string; defaultLocale?: Locale; timezone?: string; ticketPrefix?: string },
    ): Promise<Workspace> {
      if (patch.timezone !== undefined && !isValidTimezone(patch.timezone)) {
        throw new AppError('validation', 'errors.validation', { fields: [{ field: 'timezone', messageKey: 'validation.invalid_format', params: { format: 'IANA time zone' } }] });
      }
      const row = (
        await deps.db.query<WorkspaceRow>(
          `UPDATE workspaces SET name = COALESCE($2, name), default_locale = COALESCE($3, default_locale),
                  timezone = COALESCE($4, timezone), ticket_prefix = COALESCE($5, ticket_prefix)
            WHERE workspace_id = $1 RETURNING *`,
          [workspaceId, patch.name ?? null, patch.defaultLocale ?? null, patch.timezone ?? null, patch.ticketPrefix ?? null],
        )
      )[0];
      if (!row) throw notFound('workspace');
      cache.delete(workspaceId);
      return toWorkspace(row);
    },
  };
}

export type WorkspacesService = ReturnType<typeof createWorkspacesService>;
