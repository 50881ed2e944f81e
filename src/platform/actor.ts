import { ROLE_PERMISSIONS, type Permission, type Role } from '../contracts/permissions.ts';
import { AppError } from './errors.ts';
import type { Locale } from './i18n.ts';

export { ROLES, type Role } from '../contracts/permissions.ts';

/**
 * Who is acting, passed to every service operation: the tenant, the user (or token, or the system),
 * their role, and where the request came from (for the audit log).
 */
export interface Actor {
  workspaceId: string;
  kind: 'user' | 'token' | 'system' | 'customer';
  /** The user id; for an API token, the user who created it; null for the system. */
  userId: string | null;
  role: Role;
  /** For a user: their department/team ids (specialists see their department's work). */
  teamIds: readonly string[];
  /** For API tokens: the scopes granted; undefined means the role's full permissions. */
  scopes?: readonly string[];
  tokenId?: string;
  locale: Locale;
  ip?: string;
  requestId?: string;
}

export function systemActor(workspaceId: string, locale: Locale = 'en'): Actor {
  return { workspaceId, kind: 'system', userId: null, role: 'admin', teamIds: [], locale };
}

/** The actor the HTTP layer authenticated for a request; routes call it before anything else. */
export function requireActor(request: { actor: Actor | null }): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'errors.unauthenticated');
  return request.actor;
}

/**
 * Role grants are declared in src/contracts; token scopes narrow them further. Here rather than in the identity
 * module so that the modules below identity (workspaces, audit) check permissions without importing it.
 */
export function can(actor: Pick<Actor, 'role' | 'scopes'>, permission: Permission): boolean {
  if (!ROLE_PERMISSIONS[actor.role].has(permission)) return false;
  return actor.scopes === undefined || actor.scopes.includes(permission);
}

/** Throws 403 unless the actor's role (and token scopes) grant the permission. */
export function assertCan(actor: Pick<Actor, 'role' | 'scopes'>, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError('forbidden', 'errors.forbidden', { params: { action: permission }, extra: { permission } });
  }
}
