/**
 * What long-lived connections (realtime sockets) need from identity: to hear, on every node, that someone's
 * sessions, account or teams changed, and to re-check the credentials they were opened with.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/actor.ts';
import type { DeferredKind } from '../../platform/db.ts';
import { hashToken } from '../../platform/ids.ts';
import type { IdentityContext } from './identity.context.ts';
import * as repo from './identity.repository.ts';

/** NOTIFY channel on which every identity write is announced to every node. */
export const IDENTITY_CHANNEL = 'kefu_identity';

/** A user's sessions, account or teams changed; `userId: null` when it may touch anyone in the workspace (a team, a token). */
export interface IdentityChange {
  workspaceId: string;
  userId: string | null;
}

/** How a connection was opened: the session cookie's token or an API token. */
export interface ConnectionCredential {
  kind: 'session' | 'token';
  secret: string;
}

/** The API token a request carries in `Authorization: Bearer …`, if any. */
export function readBearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;
  return header.slice('Bearer '.length).trim() || undefined;
}

/** What an authenticated upgrade request was opened with: its API token, else its (possibly rotated) session token. */
export function connectionCredentialOf(request: FastifyRequest): ConnectionCredential {
  const bearer = readBearerToken(request);
  return bearer ? { kind: 'token', secret: bearer } : { kind: 'session', secret: request.sessionToken ?? '' };
}

export interface LiveCredential {
  actor: Actor;
  /** When the credential stops being valid by itself (null: an API token without expiry). */
  expiresAt: Date | null;
}

/**
 * Queued on the writing transaction, so the announcement leaves at its commit (NOTIFY waits for commit)
 * and costs no round trip of its own on a server (it rides with the COMMIT, see db.ts).
 */
export const identityAnnouncements: DeferredKind<IdentityChange> = {
  async write(sql, changes) {
    const unique = [...new Set(changes.map((change) => JSON.stringify({ workspaceId: change.workspaceId, userId: change.userId })))];
    // Text parameters only, so the statement can be inlined into the commit script.
    await sql.query(`SELECT ${unique.map((_, index) => `pg_notify($1, $${index + 2})`).join(', ')}`, [IDENTITY_CHANNEL, ...unique]);
  },
};

function parseChange(payload: string): IdentityChange | undefined {
  try {
    const value = JSON.parse(payload) as Record<string, unknown>;
    if (typeof value.workspaceId !== 'string') return undefined;
    if (value.userId !== null && typeof value.userId !== 'string') return undefined;
    return { workspaceId: value.workspaceId, userId: value.userId };
  } catch {
    return undefined;
  }
}

export function createConnectionOps(ctx: IdentityContext) {
  const { db, clock, sessionCache, actorFor } = ctx;

  return {
    /**
     * Calls the listener for every identity write on any node. This node's cached sessions are forgotten
     * first, so a sign-out elsewhere applies here at once rather than after the cache's second.
     */
    async watchChanges(listener: (change: IdentityChange) => void): Promise<() => Promise<void>> {
      return db.listen(IDENTITY_CHANNEL, (payload) => {
        sessionCache.clear();
        const change = parseChange(payload);
        if (change) listener(change);
      });
    },

    /**
     * Whether each credential still stands, read fresh (no cache), sessions in one query: a session until it
     * is revoked or its user deactivated, an API token until it is revoked, expires or its creator is
     * deactivated. A session's own expiry is the caller's to keep: rotation shortens the replaced token's
     * life while the sign-in it belongs to goes on, so only the expiry known when the connection opened counts.
     */
    async checkCredentials(credentials: readonly ConnectionCredential[]): Promise<(LiveCredential | undefined)[]> {
      const sessionHashes = credentials.filter((credential) => credential.kind === 'session').map((credential) => hashToken(credential.secret));
      const sessions = new Map((await repo.selectSessionsByHashes(db, sessionHashes)).map((found) => [found.session.tokenHash, found]));
      const now = clock.now();
      return Promise.all(
        credentials.map(async (credential): Promise<LiveCredential | undefined> => {
          const tokenHash = hashToken(credential.secret);
          if (credential.kind === 'session') {
            const found = sessions.get(tokenHash);
            if (!found || found.session.revokedAt || !found.user?.isActive) return undefined;
            return { actor: await actorFor(found.user, {}), expiresAt: found.session.expiresAt };
          }
          // API tokens on a socket are rare (integrations use webhooks): one look-up each is enough.
          const record = await repo.selectApiTokenByHash(db, tokenHash);
          if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return undefined;
          const creator = await repo.selectUser(db, record.workspaceId, record.createdBy);
          if (!creator?.isActive) return undefined;
          return { actor: await actorFor(creator, { kind: 'token', scopes: record.scopes, tokenId: record.id }), expiresAt: record.expiresAt };
        }),
      );
    },
  };
}
