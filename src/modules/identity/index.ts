import './identity.messages.ts';

export type { UserSchema } from './identity.routes.ts';
export { createIdentityService, toPublicUser, MAX_FAILED_LOGINS, LOCKOUT_MINUTES, MIN_PASSWORD_LENGTH } from './identity.service.ts';
export type { IdentityService, PublicUser, AuthenticatedSession } from './identity.service.ts';
export { assertCan, can, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from './permissions.ts';
export type { TeamRecord, ApiTokenRecord } from './identity.repository.ts';
export { identityRoutes } from './identity.routes.ts';
