import './portal.messages.ts';

import type { KefuModule } from '../../platform/module.ts';
import type { PortalDeps } from './portal.context.ts';
import { portalRoutes } from './portal.routes.ts';
import { createPortalService, type PortalService } from './portal.service.ts';

export { createPortalService, type PortalService } from './portal.service.ts';
export type { PortalDeps, Visitor } from './portal.context.ts';
export type { RatingLinkProvider, PortalTicketSummary, PortalTicketDetail, PortalMessage, PortalAttachment } from './portal.tickets.ts';
export { SIGN_IN_LINK_MINUTES, SESSION_DAYS, MIN_PORTAL_PASSWORD_LENGTH, type PortalSession } from './portal.sign-in.ts';
export { RATE_LIMITS, MIN_FILL_SECONDS } from './abuse-limits.ts';
export { PORTAL_COOKIE } from './portal.routes.ts';
export type { PortalAssistant, AssistantAnswer } from './portal.assistant.ts';
// The request and response contracts, type-only: the web app derives its types from them.
export type { PortalHomeSchema, PortalTicketSummarySchema, PortalTicketDetailSchema, PortalAttachmentSchema, PortalTicketBody, PortalReplyBody, WebFormBody, AssistantAnswerSchema, AssistantAskBody } from './portal.routes.ts';

/**
 * The customer portal and the public web form: customers sign in by e-mail link (or their password) to follow, answer
 * and open their own tickets; visitors send the web form. Its routes live outside /api/v1, under /api/portal.
 */
export function createPortalModule(deps: PortalDeps): KefuModule<PortalService> {
  const portal = createPortalService(deps);
  return {
    service: portal,
    routes: async () => undefined,
    publicRoutes: (app) => portalRoutes(app, { portal, publicUrl: deps.config.KEFU_PUBLIC_URL, secureCookies: deps.config.secureCookies }),
    subscribers: [],
    timers: [],
  };
}
