import './identity.messages.ts';

export type { UserSchema } from './identity.routes.ts';
export { createIdentityService, type IdentityService } from './identity.service.ts';
export { toPublicUser, MIN_PASSWORD_LENGTH, type PublicUser } from './identity.context.ts';
export { IDENTITY_CHANNEL, type IdentityChange, type ConnectionCredential, type LiveCredential } from './identity.connections.ts';
export { MAX_FAILED_LOGINS, LOCKOUT_MINUTES, type AuthenticatedSession } from './identity.sessions.ts';
export { assertCan, can, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from './permissions.ts';
export type { TeamRecord, ApiTokenRecord } from './identity.repository.ts';
export { identityRoutes } from './identity.routes.ts';
export { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.ts';
