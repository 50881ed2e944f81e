export { PERMISSIONS, ROLE_PERMISSIONS, isPermission, type Permission } from '../../contracts/permissions.ts';
export { assertCan, can } from '../../platform/actor.ts';
