/**
 * The embeddable public web form: anyone may send a request, which becomes a ticket of the customer the address
 * belongs to (found or created). Without a CAPTCHA, three checks keep programs out: a honeypot field people never see,
 * a minimum time between opening the form and sending it (a signed token), and limits per IP and per address.
 */
import { randomBytes } from 'node:crypto';
import { invalidField } from '../../platform/errors.ts';
import { normalizeEmail } from '../customers/index.ts';
import { checkFormToken, issueFormToken, MIN_FILL_SECONDS, RATE_LIMITS } from './abuse-limits.ts';
import { portalSystemActor, type PortalContext, type Visitor } from './portal.context.ts';
import * as repo from './portal.repository.ts';
import { prepareAssistantHandoff, type AssistantConversation, type AssistantSeam } from './portal.assistant.ts';

export interface WebFormInput {
  name?: string;
  email: string;
  subject: string;
  message: string;
  /** The honeypot: hidden from people, so anything in it was typed by a program. */
  website?: string;
  formToken: string;
  /** The assistant's conversation, when the visitor wrote after its answer. */
  assistantConversation?: AssistantConversation;
}

export function createWebFormOps(ctx: PortalContext, seam: AssistantSeam) {
  const { deps, db, clock } = ctx;

  // A workspace's form secret never changes once made, so each node reads it once.
  const secrets = new Map<string, string>();
  async function secretOf(workspaceId: string): Promise<string> {
    const known = secrets.get(workspaceId);
    if (known) return known;
    const secret = await repo.ensureFormSecret(db, workspaceId, randomBytes(32).toString('base64url'), clock.now());
    secrets.set(workspaceId, secret);
    return secret;
  }

  return {
    /** What the form needs to open: the workspace's name and the token that records when it was opened. */
    async openWebForm(workspaceSlug: string): Promise<{ workspace: { name: string; slug: string; defaultLocale: string }; formToken: string; minFillSeconds: number }> {
      const workspace = await ctx.workspaceOf(workspaceSlug);
      const formToken = issueFormToken(await secretOf(workspace.id), workspace.id, clock.now());
      return { workspace: { name: workspace.name, slug: workspace.slug, defaultLocale: workspace.defaultLocale }, formToken, minFillSeconds: MIN_FILL_SECONDS };
    },

    /** Registers the request as a ticket and returns its number, or refuses saying why in the visitor's language. */
    async submitWebForm(workspaceSlug: string, input: WebFormInput, visitor: Visitor): Promise<{ ticketNumber: string }> {
      const workspace = await ctx.workspaceOf(workspaceSlug);
      if (input.website && input.website.trim() !== '') throw invalidField('website', 'portal.form_rejected');
      const verdict = checkFormToken(await secretOf(workspace.id), workspace.id, input.formToken, clock.now());
      if (verdict === 'too_fast') throw invalidField('formToken', 'portal.form_too_fast');
      if (verdict !== 'ok') throw invalidField('formToken', 'portal.form_expired');
      const email = normalizeEmail(input.email);
      if (!email) throw invalidField('email', 'portal.invalid_email');
      await ctx.enforceLimits(workspace.id, [
        { limit: RATE_LIMITS.webFormPerIp, key: visitor.ip },
        { limit: RATE_LIMITS.webFormPerAddress, key: email },
      ]);
      const actor = portalSystemActor(workspace.id, visitor);
      const handoff = await prepareAssistantHandoff(seam, workspace.id, input.assistantConversation);
      const ticket = await db.transaction(async (tx) => {
        const created = await deps.tickets.createTicketInTransaction(tx, actor, { subject: input.subject, description: input.message, customer: { email, name: input.name }, channel: 'web' });
        await handoff?.apply(tx, created.id);
        await deps.audit.record(tx, actor, { action: 'portal.web_form_submitted', entityType: 'ticket', entityId: created.id });
        return created;
      });
      return { ticketNumber: ticket.number };
    },
  };
}
