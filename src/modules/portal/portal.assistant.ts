/**
 * The bot's first answer to a new request, before it becomes a ticket. The portal knows nothing of the bot (a module
 * above it): the bot registers an assistant through the seam. "Yes, that answered it" ends the request without a
 * ticket; a ticket opened after all names the conversation, and the assistant attaches its guess to it.
 */
import type { Sql } from '../../platform/db.ts';
import type { Locale } from '../../platform/i18n.ts';
import { RATE_LIMITS } from './abuse-limits.ts';
import type { PortalContext, Visitor } from './portal.context.ts';
import type { PortalSession } from './portal.sign-in.ts';

export interface AssistantAnswer {
  conversationId: string;
  token: string;
  turnId: string;
  /** `answered` / `lookup`: ask "did this answer your question?"; `suggested`: articles to read; `handoff`: straight to the form. */
  outcome: 'answered' | 'lookup' | 'suggested' | 'handoff';
  answer: string;
  article: { id: string; title: string } | null;
  suggestions: { id: string; title: string; slug: string }[];
}

/** The conversation a new ticket follows: the customer's proof of it, as the assistant gave it. */
export interface AssistantConversation {
  id: string;
  token: string;
}

export interface PortalAssistant {
  ask(request: { workspaceId: string; question: string; locale: Locale; name: string | null; email: string | null }): Promise<AssistantAnswer>;
  rate(request: { workspaceId: string; conversationId: string; token: string; turnId: string; helpful: boolean }): Promise<void>;
  /** Read before the ticket's transaction; `apply` runs inside it. Undefined when there is nothing to attach. */
  prepareHandoff(request: { workspaceId: string; conversationId: string; token: string }): Promise<{ apply(tx: Sql, ticketId: string): Promise<void> } | undefined>;
}

export interface AssistantSeam {
  assistant: PortalAssistant | undefined;
}

export function createAssistantOps(ctx: PortalContext, seam: AssistantSeam) {
  return {
    /**
     * The assistant's answer to a request the customer (or a web-form visitor) is about to send; null without an
     * assistant. Limited per IP like the form itself, since anyone may ask.
     */
    async askAssistant(workspaceSlug: string, session: PortalSession | undefined, input: { subject: string; message: string }, visitor: Visitor): Promise<AssistantAnswer | null> {
      const workspace = await ctx.workspaceOf(workspaceSlug);
      if (!seam.assistant) return null;
      await ctx.enforceLimits(workspace.id, [{ limit: RATE_LIMITS.assistantPerIp, key: visitor.ip }]);
      // The subject and the message together are one question, as in an e-mail.
      const question = `${input.subject}\n${input.message}`;
      return seam.assistant.ask({ workspaceId: workspace.id, question, locale: visitor.locale, name: null, email: session?.email ?? null });
    },

    /** "Did this answer your question?" */
    async rateAssistantAnswer(workspaceSlug: string, conversationId: string, input: { token: string; turnId: string; helpful: boolean }): Promise<void> {
      const workspace = await ctx.workspaceOf(workspaceSlug);
      if (!seam.assistant) return;
      await seam.assistant.rate({ workspaceId: workspace.id, conversationId, ...input });
    },
  };
}

/** What a new ticket's transaction runs for the assistant's conversation, if there was one. */
export async function prepareAssistantHandoff(seam: AssistantSeam, workspaceId: string, conversation: AssistantConversation | undefined) {
  if (!conversation || !seam.assistant) return undefined;
  return seam.assistant.prepareHandoff({ workspaceId, conversationId: conversation.id, token: conversation.token });
}
