import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SIGNATURE_HEADER } from './hook-signature.ts';
import type { HookConnectionRecord, HookKind } from './webhook/hook-connections.repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed connection an inbound hook request authenticated as (decorated on the /hooks scope). */
    hookConnection: HookConnectionRecord | null;
  }
}

export type AuthenticateHook = (kind: HookKind, id: string, request: { signature: string | undefined; body: Buffer | null }) => Promise<HookConnectionRecord>;

export const SignatureHeaders = z.object({ [SIGNATURE_HEADER]: z.string().max(1000).optional().describe('t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">') });

/**
 * The preValidation step of a signed hook route (`config.keepRawBody`): the connection named in the path, its
 * signature checked over the body's bytes before any field is read, so an unsigned caller learns nothing of the schema.
 */
export function requireSignedConnection(kind: HookKind, authenticate: AuthenticateHook) {
  return async (request: FastifyRequest): Promise<void> => {
    const { id } = request.params as { id: string };
    request.hookConnection = await authenticate(kind, id, { signature: request.headers[SIGNATURE_HEADER] as string | undefined, body: request.rawBody });
  };
}
