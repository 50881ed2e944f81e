import { assertCan, type Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';
import type { AuditService } from '../audit/index.ts';
import * as repo from './workspaces.repository.ts';

export type { Workspace, WorkspacePatch } from './workspaces.repository.ts';

/** A workspace's address: 2–40 lower-case letters, digits or dashes, starting with a letter or digit. */
export const WORKSPACE_SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

const invalidTimezone = () =>
  new AppError('validation', 'errors.validation', { fields: [{ field: 'timezone', messageKey: 'validation.invalid_format', params: { format: 'IANA time zone' } }] });

// Workspace settings are read on every ticket create; a short cache keeps that off the database while a change
// made on another node still shows within seconds.
const CACHE_TTL_MS = 5_000;

export interface WorkspacesDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
}

export function createWorkspacesService(deps: WorkspacesDeps) {
  const { db, clock } = deps;
  const cache = new Map<string, { workspace: repo.Workspace; until: number }>();
  return {
    async createWorkspace(
      input: { name: string; slug: string; defaultLocale?: Locale; timezone?: string; ticketPrefix?: string },
      sql: Sql = db,
    ): Promise<repo.Workspace> {
      const timezone = input.timezone ?? 'Asia/Shanghai';
      if (!isValidTimezone(timezone)) throw invalidTimezone();
      const workspace = await repo.insertWorkspace(sql, {
        id: newId(),
        name: input.name,
        slug: input.slug,
        defaultLocale: input.defaultLocale ?? 'zh-CN',
        timezone,
        ticketPrefix: input.ticketPrefix ?? 'CS',
        now: clock.now(),
      });
      if (!workspace) throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'slug', messageKey: 'workspaces.slug_taken' }] });
      return workspace;
    },

    async getWorkspace(workspaceId: string, sql: Sql = db): Promise<repo.Workspace> {
      const cached = cache.get(workspaceId);
      if (cached && cached.until > Date.now()) return cached.workspace;
      const workspace = await repo.selectWorkspace(sql, workspaceId);
      if (!workspace) throw notFound('workspace');
      cache.set(workspaceId, { workspace, until: Date.now() + CACHE_TTL_MS });
      return workspace;
    },

    /** Every workspace's id, for background work that runs per workspace (retention). */
    async listWorkspaceIds(sql: Sql = db): Promise<string[]> {
      return repo.selectWorkspaceIds(sql);
    },

    /** Every workspace, for the platform operator (not a workspace user): by slug, a page at a time. */
    async listWorkspaces(options: { afterSlug?: string; limit: number }): Promise<repo.Workspace[]> {
      return repo.selectWorkspacePage(db, options);
    },

    async findWorkspaceBySlug(slug: string): Promise<repo.Workspace | undefined> {
      return repo.selectWorkspaceBySlug(db, slug);
    },

    /** The actor's workspace settings: checked, changed and audited in one transaction. */
    async updateWorkspace(actor: Actor, patch: repo.WorkspacePatch): Promise<repo.Workspace> {
      assertCan(actor, 'settings.manage');
      if (patch.timezone !== undefined && !isValidTimezone(patch.timezone)) throw invalidTimezone();
      const workspace = await db.transaction(async (tx) => {
        const updated = await repo.updateWorkspaceRow(tx, actor.workspaceId, patch);
        if (!updated) throw notFound('workspace');
        await deps.audit.record(tx, actor, { action: 'workspace.updated', entityType: 'workspace', entityId: actor.workspaceId, details: { fields: Object.keys(patch) } });
        return updated;
      });
      cache.delete(actor.workspaceId);
      return workspace;
    },
  };
}

export type WorkspacesService = ReturnType<typeof createWorkspacesService>;
