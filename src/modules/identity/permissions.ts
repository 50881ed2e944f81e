import { PERMISSIONS, type Permission } from '../../contracts/permissions.ts';
import type { Actor, Role } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';

export { PERMISSIONS, isPermission, type Permission } from '../../contracts/permissions.ts';

const ALL = new Set<Permission>(PERMISSIONS);

// What each role may do at all; row-level limits (a specialist sees only its department's tickets)
// are applied by the owning module's service.
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: ALL,
  supervisor: new Set<Permission>([
    'tickets.read',
    'tickets.write',
    'tickets.assign',
    'tickets.merge',
    'customers.read',
    'customers.write',
    'contacts.unmasked',
    'audit.read',
    'analytics.read',
  ]),
  agent: new Set<Permission>(['tickets.read', 'tickets.write', 'tickets.assign', 'tickets.merge', 'customers.read', 'customers.write', 'contacts.unmasked']),
  specialist: new Set<Permission>(['tickets.read', 'tickets.write', 'customers.read']),
  analyst: new Set<Permission>(['tickets.read', 'customers.read', 'analytics.read']),
};

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
