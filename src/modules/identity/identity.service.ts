/**
 * The identity service: sessions and sign-in, users, teams and API tokens, each in its own file over the shared
 * context in identity.context.ts.
 */
import { createConnectionOps } from './identity.connections.ts';
import { createIdentityContext, type IdentityDeps } from './identity.context.ts';
import { createProvisionOps } from './identity.provision.ts';
import { createSessionOps } from './identity.sessions.ts';
import { createTeamOps } from './identity.teams.ts';
import { createTokenOps } from './identity.tokens.ts';
import { createUserOps } from './identity.users.ts';

export function createIdentityService(deps: IdentityDeps) {
  const ctx = createIdentityContext(deps);
  return {
    ...createSessionOps(ctx),
    ...createTokenOps(ctx),
    ...createUserOps(ctx),
    ...createTeamOps(ctx),
    ...createConnectionOps(ctx),
    ...createProvisionOps(ctx),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
