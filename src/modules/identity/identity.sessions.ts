/** Signing in and out: password login with lockout, session lookup (cached briefly) and rotation. */
import { hash, verify } from '@node-rs/argon2';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { hashToken, newSecretToken } from '../../platform/ids.ts';
import { toPublicUser, type IdentityContext, type PublicUser } from './identity.context.ts';
import * as repo from './identity.repository.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** A session's token is replaced this often; the old one keeps working for a short grace period. */
export const SESSION_ROTATE_MS = 30 * 60_000;
const ROTATION_GRACE_MS = 60_000;

export interface AuthenticatedSession {
  actor: Actor;
  user: PublicUser;
  expiresAt: Date;
  /** Set when the token was rotated: the caller must send the new cookie. */
  replacementToken?: string;
}

let dummyHashPromise: Promise<string> | undefined;
const dummyHashOnce = () => (dummyHashPromise ??= hash('kefu-timing-equaliser'));

const invalidCredentials = () => new AppError('unauthenticated', 'identity.invalid_credentials');

/**
 * How long a looked-up session (with its user) is reused before it is read again. Every identity
 * write on this node forgets them all at once; another node sees a revocation within this time.
 */
const SESSION_CACHE_MS = 1000;
const SESSION_CACHE_MAX = 10_000;

export function createSessionOps(ctx: IdentityContext) {
  const { db, clock, audit, sessionCache, actorFor } = ctx;

  async function findSession(tokenHash: string) {
    const now = clock.now().getTime();
    const cached = sessionCache.get(tokenHash);
    if (cached && cached.until > now) return cached.found;
    const found = await repo.selectSessionByHash(db, tokenHash);
    if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
    sessionCache.set(tokenHash, { found, until: now + SESSION_CACHE_MS });
    return found;
  }

  async function startSession(user: repo.UserRecord, context: { ip?: string; userAgent?: string }) {
    const token = newSecretToken('kfs');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + ctx.sessionTtlHours * 3_600_000);
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

  return {
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
  };
}
