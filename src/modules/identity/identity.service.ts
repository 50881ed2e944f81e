import { hash, verify } from '@node-rs/argon2';
import type { Actor, Role } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Sql } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isLocale, type Locale } from '../../platform/i18n.ts';
import { hashToken, newId, newSecretToken } from '../../platform/ids.ts';
import type { AuditService } from '../audit/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import * as repo from './identity.repository.ts';
import { assertCan, isPermission, type Permission } from './permissions.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** A session's token is replaced this often; the old one keeps working for a short grace period. */
export const SESSION_ROTATE_MS = 30 * 60_000;
const ROTATION_GRACE_MS = 60_000;

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale | null;
  theme: string;
  isActive: boolean;
  maxLoad: number;
  presence: string;
  teamIds: string[];
  skills: { skill: string; level: number }[];
  createdAt: Date;
}

export const toPublicUser = (user: repo.UserRecord): PublicUser => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  locale: isLocale(user.locale) ? user.locale : null,
  theme: user.theme,
  isActive: user.isActive,
  maxLoad: user.maxLoad,
  presence: user.presence,
  teamIds: user.teamIds,
  skills: user.skills,
  createdAt: user.createdAt,
});

export interface AuthenticatedSession {
  actor: Actor;
  user: PublicUser;
  expiresAt: Date;
  /** Set when the token was rotated: the caller must send the new cookie. */
  replacementToken?: string;
}

export interface IdentityDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  workspaces: WorkspacesService;
  sessionTtlHours: number;
}

let dummyHashPromise: Promise<string> | undefined;
const dummyHashOnce = () => (dummyHashPromise ??= hash('kefu-timing-equaliser'));

export const MIN_PASSWORD_LENGTH = 8;

/** The same rule for every way a password is set (API, CLI, seeder). */
function assertPasswordStrength(password: string | undefined, field = 'password'): void {
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation', 'errors.validation', { fields: [{ field, messageKey: 'validation.too_short', params: { minimum: MIN_PASSWORD_LENGTH } }] });
  }
}

const invalidCredentials = () => new AppError('unauthenticated', 'identity.invalid_credentials');

/**
 * How long a looked-up session (with its user) is reused before it is read again. Every identity
 * write on this node forgets them all at once; another node sees a revocation within this time.
 */
const SESSION_CACHE_MS = 1000;
const SESSION_CACHE_MAX = 10_000;

export function createIdentityService(deps: IdentityDeps) {
  const { db, clock } = deps;
  const sessionCache = new Map<string, { found: Awaited<ReturnType<typeof repo.selectSessionByHash>>; until: number }>();
  // Every identity write leaves an audit row: recording one is where cached sessions go stale.
  const audit: AuditService = {
    ...deps.audit,
    record: (tx, actor, entry) => {
      sessionCache.clear();
      return deps.audit.record(tx, actor, entry);
    },
  };

  async function findSession(tokenHash: string) {
    const now = clock.now().getTime();
    const cached = sessionCache.get(tokenHash);
    if (cached && cached.until > now) return cached.found;
    const found = await repo.selectSessionByHash(db, tokenHash);
    if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
    sessionCache.set(tokenHash, { found, until: now + SESSION_CACHE_MS });
    return found;
  }

  async function actorFor(user: repo.UserRecord, extra: Partial<Actor>): Promise<Actor> {
    const workspace = await deps.workspaces.getWorkspace(user.workspaceId);
    return {
      workspaceId: user.workspaceId,
      kind: 'user',
      userId: user.id,
      role: user.role,
      teamIds: user.teamIds,
      locale: isLocale(user.locale) ? user.locale : workspace.defaultLocale,
      ...extra,
    };
  }

  async function startSession(user: repo.UserRecord, context: { ip?: string; userAgent?: string }) {
    const token = newSecretToken('kfs');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + deps.sessionTtlHours * 3_600_000);
    await repo.insertSession(db, {
      workspaceId: user.workspaceId,
      tokenHash: hashToken(token),
      userId: user.id,
      now,
      expiresAt,
      ip: context.ip ?? null,
      userAgent: context.userAgent?.slice(0, 500) ?? null,
    });
    return { token, expiresAt };
  }

  async function requireUser(actor: Actor, userId: string): Promise<repo.UserRecord> {
    const user = await repo.selectUser(db, actor.workspaceId, userId);
    if (!user) throw notFound('user');
    return user;
  }

  async function validateTeamIds(actor: Actor, teamIds: string[]): Promise<void> {
    const known = await repo.selectTeams(db, actor.workspaceId, teamIds);
    if (known.length !== new Set(teamIds).size) {
      throw new AppError('validation', 'errors.validation', { fields: [{ field: 'teamIds', messageKey: 'identity.unknown_team' }] });
    }
  }

  return {
    hashPassword: (password: string) => hash(password),

    async login(input: { email: string; password: string; ip?: string; userAgent?: string }) {
      const user = await repo.selectUserByEmailForLogin(db, input.email);
      const now = clock.now();
      if (!user || !user.passwordHash) {
        // Same work as a real check, so response time does not reveal which e-mails exist.
        await verify(await dummyHashOnce(), input.password).catch(() => false);
        throw invalidCredentials();
      }
      if (user.lockedUntil && user.lockedUntil > now) {
        const seconds = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
        throw new AppError('rate_limited', 'identity.account_locked', { params: { minutes: Math.ceil(seconds / 60), seconds }, extra: { retryAfter: seconds } });
      }
      const isValid = await verify(user.passwordHash, input.password).catch(() => false);
      if (!isValid || !user.isActive) {
        const lock = user.failedLogins + 1 >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
        await repo.recordFailedLogin(db, user.workspaceId, user.id, lock);
        const actor = await actorFor(user, { ip: input.ip });
        await audit.record(db, actor, { action: lock ? 'user.locked_out' : 'user.login_failed', entityType: 'user', entityId: user.id });
        throw invalidCredentials();
      }
      if (user.failedLogins > 0 || user.lockedUntil) await repo.resetFailedLogins(db, user.workspaceId, user.id);
      const session = await startSession(user, input);
      const actor = await actorFor(user, { ip: input.ip });
      await audit.record(db, actor, { action: 'user.login', entityType: 'user', entityId: user.id });
      return { token: session.token, expiresAt: session.expiresAt, user: toPublicUser(user), actor };
    },

    async authenticateSession(token: string, context: { ip?: string; requestId?: string } = {}): Promise<AuthenticatedSession | undefined> {
      const found = await findSession(hashToken(token));
      const now = clock.now();
      if (!found || found.session.revokedAt || found.session.expiresAt <= now) return undefined;
      const { session, user } = found;
      if (!user || !user.isActive) return undefined;
      const actor = await actorFor(user, context);
      if (now.getTime() - session.rotatedAt.getTime() < SESSION_ROTATE_MS) {
        return { actor, user: toPublicUser(user), expiresAt: session.expiresAt };
      }
      // Rotation: a stolen cookie stops working soon after the owner's next request.
      const next = await startSession(user, context);
      sessionCache.delete(session.tokenHash);
      await repo.expireSession(db, session.workspaceId, session.tokenHash, new Date(now.getTime() + ROTATION_GRACE_MS));
      return { actor, user: toPublicUser(user), expiresAt: next.expiresAt, replacementToken: next.token };
    },

    async authenticateApiToken(token: string, context: { ip?: string; requestId?: string } = {}): Promise<Actor | undefined> {
      const record = await repo.selectApiTokenByHash(db, hashToken(token));
      const now = clock.now();
      if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return undefined;
      const creator = await repo.selectUser(db, record.workspaceId, record.createdBy);
      if (!creator || !creator.isActive) return undefined;
      await repo.touchApiToken(db, record.workspaceId, record.id, now);
      return actorFor(creator, { kind: 'token', scopes: record.scopes, tokenId: record.id, ...context });
    },

    async logout(actor: Actor, token: string): Promise<void> {
      if (!actor.userId) return;
      await repo.revokeSessions(db, actor.workspaceId, actor.userId, clock.now(), hashToken(token));
      await audit.record(db, actor, { action: 'user.logout', entityType: 'user', entityId: actor.userId });
    },

    async logoutEverywhere(actor: Actor): Promise<void> {
      if (!actor.userId) return;
      await repo.revokeSessions(db, actor.workspaceId, actor.userId, clock.now());
      await audit.record(db, actor, { action: 'user.logout_everywhere', entityType: 'user', entityId: actor.userId });
    },

    async getMe(actor: Actor): Promise<PublicUser> {
      if (!actor.userId) throw notFound('user');
      return toPublicUser(await requireUser(actor, actor.userId));
    },

    async updateMe(actor: Actor, patch: { name?: string; locale?: Locale | null; theme?: 'light' | 'dark'; presence?: 'online' | 'away' | 'offline' }): Promise<PublicUser> {
      if (!actor.userId) throw notFound('user');
      await db.transaction(async (tx) => {
        await repo.updateUserRow(tx, actor.workspaceId, actor.userId!, patch, clock.now());
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

    async listTeams(actor: Actor) {
      return repo.selectTeams(db, actor.workspaceId);
    },

    async getTeamsByIds(workspaceId: string, ids: string[]) {
      if (ids.length === 0) return [];
      return repo.selectTeams(db, workspaceId, ids);
    },

    async createTeam(actor: Actor, input: { name: string; kind: 'team' | 'department'; description?: string; memberIds?: string[] }) {
      if (actor.kind !== 'system') assertCan(actor, 'settings.manage');
      const id = newId();
      await db.transaction(async (tx) => {
        const inserted = await repo
          .insertTeam(tx, { workspaceId: actor.workspaceId, id, name: input.name.trim(), kind: input.kind, description: input.description ?? '', now: clock.now() })
          .catch((error: { code?: string }) => (error.code === '23505' ? false : Promise.reject(error)));
        if (!inserted) throw new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'identity.team_name_taken' }] });
        if (input.memberIds) await repo.replaceTeamMembers(tx, actor.workspaceId, id, input.memberIds);
        await audit.record(tx, actor, { action: 'team.created', entityType: 'team', entityId: id });
      });
      return (await repo.selectTeams(db, actor.workspaceId, [id]))[0]!;
    },

    async updateTeam(actor: Actor, teamId: string, patch: { name?: string; description?: string; memberIds?: string[] }) {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        const updated = await repo
          .updateTeamRow(tx, actor.workspaceId, teamId, patch)
          .catch((error: { code?: string }) => (error.code === '23505' ? Promise.reject(new AppError('conflict', 'errors.validation', { fields: [{ field: 'name', messageKey: 'identity.team_name_taken' }] })) : Promise.reject(error)));
        if (!updated) throw notFound('team');
        if (patch.memberIds) await repo.replaceTeamMembers(tx, actor.workspaceId, teamId, patch.memberIds);
        await audit.record(tx, actor, { action: 'team.updated', entityType: 'team', entityId: teamId });
      });
      return (await repo.selectTeams(db, actor.workspaceId, [teamId]))[0]!;
    },

    async deleteTeam(actor: Actor, teamId: string): Promise<void> {
      assertCan(actor, 'settings.manage');
      await db.transaction(async (tx) => {
        if (!(await repo.deleteTeamRow(tx, actor.workspaceId, teamId))) throw notFound('team');
        await audit.record(tx, actor, { action: 'team.deleted', entityType: 'team', entityId: teamId });
      });
    },

    async createApiToken(actor: Actor, input: { name: string; scopes: string[]; expiresAt?: Date | null }) {
      if (actor.kind !== 'system') assertCan(actor, 'tokens.manage');
      const unknown = input.scopes.filter((scope) => !isPermission(scope));
      if (unknown.length > 0 || input.scopes.length === 0) {
        throw new AppError('validation', 'errors.validation', { fields: [{ field: 'scopes', messageKey: 'identity.unknown_scope', params: { scopes: unknown.join(', ') } }] });
      }
      if (!actor.userId) throw new AppError('invalid_state', 'identity.token_needs_user');
      const token = newSecretToken('kft');
      const id = newId();
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.insertApiToken(tx, {
          workspaceId: actor.workspaceId,
          id,
          name: input.name,
          tokenHash: hashToken(token),
          tokenPrefix: token.slice(0, 10),
          scopes: input.scopes as Permission[],
          createdBy: actor.userId!,
          now,
          expiresAt: input.expiresAt ?? null,
        });
        await audit.record(tx, actor, { action: 'api_token.created', entityType: 'api_token', entityId: id, details: { scopes: input.scopes } });
      });
      const record = (await repo.selectApiTokens(db, actor.workspaceId)).find((t) => t.id === id)!;
      return { token, record };
    },

    async listApiTokens(actor: Actor) {
      assertCan(actor, 'tokens.manage');
      return repo.selectApiTokens(db, actor.workspaceId);
    },

    async revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
      assertCan(actor, 'tokens.manage');
      await db.transaction(async (tx) => {
        if (!(await repo.markApiTokenRevoked(tx, actor.workspaceId, tokenId, clock.now()))) throw notFound('api_token');
        await audit.record(tx, actor, { action: 'api_token.revoked', entityType: 'api_token', entityId: tokenId });
      });
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
