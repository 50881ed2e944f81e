import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../platform/actor.ts';
import { readBearerToken, SESSION_COOKIE, sessionCookieOptions, type IdentityService } from '../modules/identity/index.ts';

/**
 * Resolves the caller from a session cookie or an API token, sets `request.actor`,
 * and sends a rotated cookie when the session's token was replaced.
 */
export async function authenticate(
  identity: IdentityService,
  request: FastifyRequest,
  reply: FastifyReply,
  secureCookies: boolean,
  /** A WebSocket upgrade is answered by `ws`, not by `reply`: its rotated cookie is handed here for the 101 response. */
  onUpgradeCookie?: (cookie: string) => void,
): Promise<Actor | undefined> {
  const context = { ip: request.ip, requestId: request.id };
  const bearer = readBearerToken(request);
  if (bearer) return identity.authenticateApiToken(bearer, context);
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  const session = await identity.authenticateSession(cookie, context);
  if (!session) return undefined;
  request.sessionToken = session.replacementToken ?? cookie;
  if (session.replacementToken) {
    const options = sessionCookieOptions(session.expiresAt, secureCookies);
    if (isUpgrade(request) && onUpgradeCookie) onUpgradeCookie(request.server.serializeCookie(SESSION_COOKIE, session.replacementToken, options));
    else reply.setCookie(SESSION_COOKIE, session.replacementToken, options);
  }
  return session.actor;
}

function isUpgrade(request: FastifyRequest): boolean {
  return String(request.headers.upgrade ?? '').toLowerCase() === 'websocket';
}
