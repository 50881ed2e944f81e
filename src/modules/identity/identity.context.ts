/**
 * What the identity service's parts share: dependencies, the public shape of a user, the password rule, the
 * session cache (forgotten on every identity write), and how a user becomes an actor.
 */
import type { Actor, Role } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { deferWrite, type Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { isLocale, type Locale } from '../../platform/i18n.ts';
import type { AuditService } from '../audit/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { identityAnnouncements } from './identity.connections.ts';
import * as repo from './identity.repository.ts';

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

export interface IdentityDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  workspaces: WorkspacesService;
  sessionTtlHours: number;
}

export const MIN_PASSWORD_LENGTH = 8;

/** The same rule for every way a password is set (API, CLI, seeder). */
export function assertPasswordStrength(password: string | undefined, field = 'password'): void {
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation', 'errors.validation', { fields: [{ field, messageKey: 'validation.too_short', params: { minimum: MIN_PASSWORD_LENGTH } }] });
  }
}

/** Sign-in attempts change nothing an open session depends on, and are the frequent identity writes. */
const UNANNOUNCED_ACTIONS = new Set(['user.login', 'user.login_failed', 'user.locked_out']);

export type SessionLookup = Awaited<ReturnType<typeof repo.selectSessionByHash>>;

export function createIdentityContext(deps: IdentityDeps) {
  const { db } = deps;
  const sessionCache = new Map<string, { found: SessionLookup; until: number }>();
  // Every identity write leaves an audit row: recording one is where cached sessions go stale, on this node
  // at once and on the others when the announcement arrives (open realtime sockets are re-checked then too).
  const audit: AuditService = {
    ...deps.audit,
    record: async (tx, actor, entry) => {
      sessionCache.clear();
      if (!UNANNOUNCED_ACTIONS.has(entry.action)) {
        const userId = entry.entityType === 'user' ? (entry.entityId ?? null) : null;
        await deferWrite(tx, identityAnnouncements, { workspaceId: actor.workspaceId, userId });
      }
      return deps.audit.record(tx, actor, entry);
    },
  };

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

  async function requireUser(actor: Actor, userId: string): Promise<repo.UserRecord> {
    const user = await repo.selectUser(db, actor.workspaceId, userId);
    if (!user) throw notFound('user');
    return user;
  }

  return { ...deps, audit, sessionCache, actorFor, requireUser };
}

export type IdentityContext = ReturnType<typeof createIdentityContext>;
