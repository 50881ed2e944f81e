/** API tokens: authenticate a request by its token, and create, list and revoke tokens. */
import type { Actor } from '../../platform/actor.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { hashToken, newId, newSecretToken } from '../../platform/ids.ts';
import type { IdentityContext } from './identity.context.ts';
import * as repo from './identity.repository.ts';
import { assertCan, isPermission, type Permission } from './permissions.ts';

export function createTokenOps(ctx: IdentityContext) {
  const { db, clock, audit, actorFor } = ctx;

  return {
    async authenticateApiToken(token: string, context: { ip?: string; requestId?: string } = {}): Promise<Actor | undefined> {
      const record = await repo.selectApiTokenByHash(db, hashToken(token));
      const now = clock.now();
      if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return undefined;
      const creator = await repo.selectUser(db, record.workspaceId, record.createdBy);
      if (!creator || !creator.isActive) return undefined;
      await repo.touchApiToken(db, record.workspaceId, record.id, now);
      return actorFor(creator, { kind: 'token', scopes: record.scopes, tokenId: record.id, ...context });
    },

    async createApiToken(actor: Actor, input: { name: string; scopes: string[]; expiresAt?: Date | null }) {
      if (actor.kind !== 'system') assertCan(actor, 'tokens.manage');
      const unknown = input.scopes.filter((scope) => !isPermission(scope));
      if (unknown.length > 0 || input.scopes.length === 0) {
        throw new AppError('validation', 'errors.validation', { fields: [{ field: 'scopes', messageKey: 'identity.unknown_scope', params: { scopes: unknown.join(', ') } }] });
      }
      if (!actor.userId) throw new AppError('invalid_state', 'identity.token_needs_user');
      const token = newSecretToken('kft');
      const id = newId();
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.insertApiToken(tx, {
          workspaceId: actor.workspaceId,
          id,
          name: input.name,
          tokenHash: hashToken(token),
          tokenPrefix: token.slice(0, 10),
          scopes: input.scopes as Permission[],
          createdBy: actor.userId!,
          now,
          expiresAt: input.expiresAt ?? null,
        });
        await audit.record(tx, actor, { action: 'api_token.created', entityType: 'api_token', entityId: id, details: { scopes: input.scopes } });
      });
      const record = (await repo.selectApiTokens(db, actor.workspaceId)).find((t) => t.id === id)!;
      return { token, record };
    },

    async listApiTokens(actor: Actor) {
      assertCan(actor, 'tokens.manage');
      return repo.selectApiTokens(db, actor.workspaceId);
    },

    async revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
      assertCan(actor, 'tokens.manage');
      await db.transaction(async (tx) => {
        if (!(await repo.markApiTokenRevoked(tx, actor.workspaceId, tokenId, clock.now()))) throw notFound('api_token');
        await audit.record(tx, actor, { action: 'api_token.revoked', entityType: 'api_token', entityId: tokenId });
      });
    },
  };
}
