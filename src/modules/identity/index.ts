import './identity.messages.ts';

import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { identityRoutes } from './identity.routes.ts';
import { createIdentityService, type IdentityService } from './identity.service.ts';

export { UserSchema } from './identity.routes.ts';
export type { IdentityService } from './identity.service.ts';
export type { ProvisionWorkspaceInput, ProvisionedWorkspace, WorkspaceSeeder } from './identity.provision.ts';
export { toPublicUser, MIN_PASSWORD_LENGTH, type PublicUser } from './identity.context.ts';
export { IDENTITY_CHANNEL, connectionCredentialOf, readBearerToken, type IdentityChange, type ConnectionCredential, type LiveCredential } from './identity.connections.ts';
export { CredentialWatch, type CredentialWatchOptions, type WatchedConnection, type WatchInput } from './identity.watch.ts';
export { MAX_FAILED_LOGINS, LOCKOUT_MINUTES, type AuthenticatedSession } from './identity.sessions.ts';
export { assertCan, can, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from './permissions.ts';
export type { TeamRecord, ApiTokenRecord } from './identity.repository.ts';
export type { Presence, PresenceListener } from './identity.users.ts';
export { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.ts';

export interface IdentityModuleDeps extends ModulePlatform {
  audit: AuditService;
  workspaces: WorkspacesService;
}

/** Users, roles, teams, sessions and API tokens. */
export function createIdentityModule(deps: IdentityModuleDeps): KefuModule<IdentityService> {
  const { db, clock, audit, workspaces, config } = deps;
  const identity = createIdentityService({ db, clock, audit, workspaces, sessionTtlHours: config.KEFU_SESSION_TTL_HOURS });
  return {
    service: identity,
    routes: (app) => identityRoutes(app, { identity, workspaces, secureCookies: config.secureCookies }),
    subscribers: [],
    timers: [],
  };
}
