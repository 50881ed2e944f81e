/** Users: the signed-in user's own profile and password, and the admin's list, create and update. */
import { hash, verify } from '@node-rs/argon2';
import type { Actor, Role } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';
import { assertPasswordStrength, toPublicUser, type IdentityContext, type PublicUser } from './identity.context.ts';
import * as repo from './identity.repository.ts';
import { assertCan } from './permissions.ts';

export type Presence = 'online' | 'away' | 'offline';

/**
 * Told of a presence change inside the transaction that stores it (routing hands work to whoever came online).
 * `source` says who changed it: the user themselves, or routing reading their (in)activity.
 */
export type PresenceListener = (tx: Sql, change: { workspaceId: string; userId: string; from: string; to: Presence; source: 'user' | 'activity' }) => Promise<void>;

export function createUserOps(ctx: IdentityContext) {
  const { db, clock, audit, requireUser } = ctx;
  const presenceListeners: PresenceListener[] = [];

  async function validateTeamIds(actor: Actor, teamIds: string[]): Promise<void> {
    const known = await repo.selectTeams(db, actor.workspaceId, teamIds);
    if (known.length !== new Set(teamIds).size) {
      throw new AppError('validation', 'errors.validation', { fields: [{ field: 'teamIds', messageKey: 'identity.unknown_team' }] });
    }
  }

  return {
    hashPassword: (password: string) => hash(password),

    /** A higher module's reaction to presence changes (registered once, when it is created). */
    onPresenceChange(listener: PresenceListener): void {
      presenceListeners.push(listener);
    },

    /**
     * Sets a user's presence on their behalf (routing, when their last socket has been closed for a while or one
     * opens again) inside the caller's transaction; the listeners hear it with source 'activity'. False when
     * there was nothing to change.
     */
    async setPresenceInTransaction(tx: Sql, workspaceId: string, userId: string, presence: Presence): Promise<boolean> {
      const [before] = await repo.selectUsers(tx, workspaceId, { ids: [userId] });
      if (!before || before.presence === presence) return false;
      await repo.updateUserRow(tx, workspaceId, userId, { presence }, clock.now());
      for (const listener of presenceListeners) await listener(tx, { workspaceId, userId, from: before.presence, to: presence, source: 'activity' });
      return true;
    },

    /** Sets an agent's open-ticket capacity (`max_load`) inside the caller's transaction; the caller checked the right to. */
    async setMaxLoadInTransaction(tx: Sql, workspaceId: string, userId: string, maxLoad: number): Promise<void> {
      await repo.updateUserRow(tx, workspaceId, userId, { maxLoad }, clock.now());
    },

    async getMe(actor: Actor): Promise<PublicUser> {
      if (!actor.userId) throw notFound('user');
      return toPublicUser(await requireUser(actor, actor.userId));
    },

    async updateMe(actor: Actor, patch: { name?: string; locale?: Locale | null; theme?: 'light' | 'dark'; presence?: Presence }): Promise<PublicUser> {
      if (!actor.userId) throw notFound('user');
      await db.transaction(async (tx) => {
        const before = patch.presence === undefined ? undefined : (await repo.selectUsers(tx, actor.workspaceId, { ids: [actor.userId!] }))[0];
        await repo.updateUserRow(tx, actor.workspaceId, actor.userId!, patch, clock.now());
        if (before && patch.presence && before.presence !== patch.presence) {
          for (const listener of presenceListeners) await listener(tx, { workspaceId: actor.workspaceId, userId: actor.userId!, from: before.presence, to: patch.presence, source: 'user' });
        }
        await audit.record(tx, actor, { action: 'user.profile_updated', entityType: 'user', entityId: actor.userId, details: { fields: Object.keys(patch) } });
      });
      return toPublicUser(await requireUser(actor, actor.userId));
    },

    async changeMyPassword(actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
      if (!actor.userId) throw notFound('user');
      const user = await requireUser(actor, actor.userId);
      if (!user.passwordHash || !(await verify(user.passwordHash, input.currentPassword).catch(() => false))) {
        throw new AppError('validation', 'errors.validation', { fields: [{ field: 'currentPassword', messageKey: 'identity.wrong_password' }] });
      }
      const passwordHash = await hash(input.newPassword);
      await db.transaction(async (tx) => {
        await repo.updateUserRow(tx, actor.workspaceId, actor.userId!, { passwordHash }, clock.now());
        await audit.record(tx, actor, { action: 'user.password_changed', entityType: 'user', entityId: actor.userId });
      });
    },

    /**
     * A team's members who may take work now — active, of `roles`, with `presence` — with their capacity and
     * skills only; with `requiredSkills`, only those holding each at its level. For routing, on every placement.
     */
    async listRoutingCandidates(workspaceId: string, teamId: string, filter: { roles: readonly string[]; presence: Presence; requiredSkills?: readonly { skill: string; minLevel: number }[] }, sql: Sql = db) {
      return repo.selectRoutingCandidates(sql, workspaceId, teamId, filter);
    },

    /** `sql` lets a caller inside a transaction read without a second connection (PGlite has only one). */
    async listUsers(actor: Actor, filter: { role?: Role; teamId?: string; isActive?: boolean } = {}, sql: Sql = db): Promise<PublicUser[]> {
      return (await repo.selectUsers(sql, actor.workspaceId, filter)).map(toPublicUser);
    },

    async getUser(actor: Actor, userId: string): Promise<PublicUser> {
      return toPublicUser(await requireUser(actor, userId));
    },

    /** Other modules use this to show names and check that an id belongs to the workspace. */
    async getUsersByIds(workspaceId: string, ids: string[], sql: Sql = db): Promise<PublicUser[]> {
      if (ids.length === 0) return [];
      return (await repo.selectUsers(sql, workspaceId, { ids })).map(toPublicUser);
    },

    async createUser(
      actor: Actor,
      input: { email: string; name: string; role: Role; password?: string; locale?: Locale | null; teamIds?: string[]; skills?: { skill: string; level: number }[]; maxLoad?: number },
    ): Promise<PublicUser> {
      if (actor.kind !== 'system') assertCan(actor, 'users.manage');
      if (input.teamIds?.length) await validateTeamIds(actor, input.teamIds);
      assertPasswordStrength(input.password);
      const id = newId();
      const passwordHash = input.password ? await hash(input.password) : null;
      await db.transaction(async (tx) => {
        const inserted = await repo.insertUser(tx, {
          workspaceId: actor.workspaceId,
          id,
          email: input.email.trim(),
          name: input.name.trim(),
          role: input.role,
          passwordHash,
          locale: input.locale ?? null,
          now: clock.now(),
        }).catch((error: { code?: string }) => {
          if (error.code === '23505') return false;
          throw error;
        });
        if (!inserted) {
          throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'email', messageKey: 'identity.email_taken' }] });
        }
        if (input.maxLoad !== undefined) await repo.updateUserRow(tx, actor.workspaceId, id, { maxLoad: input.maxLoad }, clock.now());
        if (input.teamIds?.length) await repo.replaceUserTeams(tx, actor.workspaceId, id, input.teamIds);
        if (input.skills?.length) await repo.replaceUserSkills(tx, actor.workspaceId, id, input.skills);
        await audit.record(tx, actor, { action: 'user.created', entityType: 'user', entityId: id, details: { role: input.role } });
      });
      return toPublicUser(await requireUser(actor, id));
    },

    async updateUser(
      actor: Actor,
      userId: string,
      patch: { name?: string; role?: Role; isActive?: boolean; locale?: Locale | null; teamIds?: string[]; skills?: { skill: string; level: number }[]; maxLoad?: number; password?: string },
    ): Promise<PublicUser> {
      assertCan(actor, 'users.manage');
      const existing = await requireUser(actor, userId);
      if (existing.id === actor.userId && (patch.role && patch.role !== 'admin' || patch.isActive === false)) {
        throw new AppError('invalid_state', 'identity.cannot_demote_self');
      }
      if (patch.teamIds?.length) await validateTeamIds(actor, patch.teamIds);
      assertPasswordStrength(patch.password);
      const passwordHash = patch.password ? await hash(patch.password) : undefined;
      await db.transaction(async (tx) => {
        const now = clock.now();
        await repo.updateUserRow(tx, actor.workspaceId, userId, { name: patch.name, role: patch.role, isActive: patch.isActive, locale: patch.locale, maxLoad: patch.maxLoad, passwordHash }, now);
        if (patch.teamIds) await repo.replaceUserTeams(tx, actor.workspaceId, userId, patch.teamIds);
        if (patch.skills) await repo.replaceUserSkills(tx, actor.workspaceId, userId, patch.skills);
        if (patch.isActive === false) await repo.revokeSessions(tx, actor.workspaceId, userId, now);
        const fields = Object.entries(patch).filter(([, v]) => v !== undefined).map(([k]) => k);
        await audit.record(tx, actor, { action: patch.isActive === false ? 'user.deactivated' : 'user.updated', entityType: 'user', entityId: userId, details: { fields } });
      });
      return toPublicUser(await requireUser(actor, userId));
    },
  };
}
