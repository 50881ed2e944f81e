/** A new workspace (tenant) with its first administrator: the platform operator's one write, used by the API and the CLI. */
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { systemActor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import type { Sql } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import type { Workspace } from '../workspaces/index.ts';
import { assertPasswordStrength, toPublicUser, type IdentityContext, type PublicUser } from './identity.context.ts';
import * as repo from './identity.repository.ts';

export interface ProvisionWorkspaceInput {
  name: string;
  slug: string;
  timezone?: string;
  defaultLocale?: Locale;
  ticketPrefix?: string;
  admin: { email: string; name: string; password?: string; locale?: Locale | null };
}

export interface ProvisionedWorkspace {
  workspace: Workspace;
  admin: PublicUser;
  /** Set only when no password was given: a random one, shown to the operator once. */
  generatedPassword: string | null;
}

/** What a module higher up adds to every new workspace (automation's default rules), in the provisioning transaction. */
export type WorkspaceSeeder = (tx: Sql, workspace: Workspace) => Promise<void>;

export function createProvisionOps(ctx: IdentityContext) {
  const { db, clock, audit, workspaces } = ctx;
  const seeders: WorkspaceSeeder[] = [];
  return {
    /** Modules above identity register here what a new workspace starts with; workspaces made for tests get none. */
    registerWorkspaceSeeder(seeder: WorkspaceSeeder): void {
      seeders.push(seeder);
    },

    /**
     * Creates the workspace and its administrator in one transaction, so a refused administrator (e-mail taken is
     * impossible in a new workspace, but a bad password is not) never leaves a workspace nobody can sign in to.
     */
    async provisionWorkspace(input: ProvisionWorkspaceInput): Promise<ProvisionedWorkspace> {
      assertPasswordStrength(input.admin.password, 'admin.password');
      const generatedPassword = input.admin.password ? null : randomBytes(12).toString('base64url');
      const passwordHash = await hash(input.admin.password ?? generatedPassword!);
      const adminId = newId();
      const workspace = await db.transaction(async (tx) => {
        const created = await workspaces.createWorkspace(input, tx);
        const now = clock.now();
        const inserted = await repo.insertUser(tx, {
          workspaceId: created.id,
          id: adminId,
          email: input.admin.email.trim(),
          name: input.admin.name.trim(),
          role: 'admin',
          passwordHash,
          locale: input.admin.locale ?? null,
          now,
        });
        if (!inserted) throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'admin.email', messageKey: 'identity.email_taken' }] });
        const system = systemActor(created.id);
        await audit.record(tx, system, { action: 'workspace.created', entityType: 'workspace', entityId: created.id, details: { slug: created.slug } });
        await audit.record(tx, system, { action: 'user.created', entityType: 'user', entityId: adminId, details: { role: 'admin' } });
        for (const seed of seeders) await seed(tx, created);
        return created;
      });
      const admin = toPublicUser((await repo.selectUsers(db, workspace.id, { ids: [adminId] }))[0]!);
      return { workspace, admin, generatedPassword };
    },
  };
}
