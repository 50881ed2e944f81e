import { createAssistantOps, type AssistantSeam, type PortalAssistant } from './portal.assistant.ts';
import { createPortalContext, type PortalDeps } from './portal.context.ts';
import { createSignInOps } from './portal.sign-in.ts';
import { createPortalTicketOps, type RatingLinkProvider } from './portal.tickets.ts';
import { createWebFormOps } from './portal.web-form.ts';

/** The customer portal: customers' sign-in and sessions, their own tickets, and the public web form. */
export function createPortalService(deps: PortalDeps) {
  const ctx = createPortalContext(deps);
  const seam: { ratingLinkProvider: RatingLinkProvider | undefined } & AssistantSeam = { ratingLinkProvider: undefined, assistant: undefined };
  return {
    ...createSignInOps(ctx),
    ...createPortalTicketOps(ctx, seam),
    ...createWebFormOps(ctx, seam),
    ...createAssistantOps(ctx, seam),
    findWorkspace: ctx.workspaceOf,
    /** The survey module's seam: where a customer rates a solved ticket. One provider; a later one replaces it. */
    setRatingLinkProvider(provider: RatingLinkProvider | undefined): void {
      seam.ratingLinkProvider = provider;
    },
    /** The bot's seam: who answers a new request before it becomes a ticket. One assistant; a later one replaces it. */
    setAssistant(assistant: PortalAssistant | undefined): void {
      seam.assistant = assistant;
    },
  };
}

export type PortalService = ReturnType<typeof createPortalService>;
