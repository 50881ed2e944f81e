import type { Actor } from '../platform/actor.ts';
import type { Locale } from '../platform/i18n.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    actor: Actor | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Route needs no signed-in caller. */
    public?: boolean;
    /** Route refuses API tokens (password, sessions, tokens, personal settings). */
    sessionOnly?: boolean;
  }
}
