import { ROLE_PERMISSIONS, type Permission } from '../../contracts/permissions.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';

export { PERMISSIONS, ROLE_PERMISSIONS, isPermission, type Permission } from '../../contracts/permissions.ts';

/** Role grants are declared in src/contracts; token scopes narrow them further. */
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
