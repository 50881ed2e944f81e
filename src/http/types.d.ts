import type { Actor } from '../platform/actor.ts';
import type { Locale } from '../platform/i18n.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    actor: Actor | null;
    sessionToken: string | null;
    /** The JSON body's bytes as received, for routes with `keepRawBody` (signature checks of inbound hooks). */
    rawBody: Buffer | null;
  }
  interface FastifyContextConfig {
    /** Route needs no signed-in caller. */
    public?: boolean;
    /** Route refuses API tokens (password, sessions, tokens, personal settings). */
    sessionOnly?: boolean;
    /** Keep the JSON body's bytes on `request.rawBody` (an inbound hook verifies a signature over them). */
    keepRawBody?: boolean;
  }
}
