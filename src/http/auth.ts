import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../platform/actor.ts';
import { readBearerToken, SESSION_COOKIE, sessionCookieOptions, type IdentityService } from '../modules/identity/index.ts';

/**
 * Resolves the caller from a session cookie or an API token, sets `request.actor`,
 * and sends a rotated cookie when the session's token was replaced.
 */
export async function authenticate(identity: IdentityService, request: FastifyRequest, reply: FastifyReply, secureCookies: boolean): Promise<Actor | undefined> {
  const context = { ip: request.ip, requestId: request.id };
  const bearer = readBearerToken(request);
  if (bearer) return identity.authenticateApiToken(bearer, context);
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  const session = await identity.authenticateSession(cookie, context);
  if (!session) return undefined;
  request.sessionToken = session.replacementToken ?? cookie;
  if (session.replacementToken) reply.setCookie(SESSION_COOKIE, session.replacementToken, sessionCookieOptions(session.expiresAt, secureCookies));
  return session.actor;
}
