/**
 * What a signed-in customer does with their own tickets: list them with their progress, read the public conversation
 * (never internal notes), reply, attach files, open a new ticket, and reach the rating page when one is offered.
 * Every ticket is checked to be the customer's before anything is read or written; anyone else's is "not found".
 */
import type { Readable } from 'node:stream';
import { AppError, invalidField } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n.ts';
import { withSavepoint } from '../../platform/db.ts';
import { stageOfStatus, type TicketStatus, type TimelineStage } from '../tickets/index.ts';
import { customerActor, portalSystemActor, type PortalContext, type Visitor } from './portal.context.ts';
import type { PortalSession } from './portal.sign-in.ts';
import { prepareAssistantHandoff, type AssistantConversation, type AssistantSeam } from './portal.assistant.ts';

/**
 * The seam for the satisfaction survey: given a solved (or closed) ticket, the link where its customer rates the
 * service, or null when there is none. The survey module registers it; without one the portal shows no link.
 */
export type RatingLinkProvider = (request: { workspaceId: string; ticketId: string; customerId: string; locale: Locale }) => Promise<string | null>;

export interface PortalAttachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  url: string;
}

export interface PortalTicketSummary {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  /** Where it stands, in words a customer follows: received, being handled, waiting, resolved, closed. */
  stage: TimelineStage;
  createdAt: Date;
  updatedAt: Date;
  lastMessageAt: Date | null;
}

export interface PortalMessage {
  id: string;
  /** `customer` is the reader; `agent` answers carry the agent's name. */
  authorType: string;
  authorName: string | null;
  body: string;
  createdAt: Date;
  attachments: PortalAttachment[];
}

export interface PortalTicketDetail extends PortalTicketSummary {
  messages: PortalMessage[];
  canReply: boolean;
  ratingUrl: string | null;
}

const MAX_TICKETS = 100;
const MAX_MESSAGES = 500;
const RATED_STATUSES: readonly TicketStatus[] = ['solved', 'closed'];

interface TicketLike {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  createdAt: Date;
  updatedAt: Date;
  lastMessageAt: Date | null;
}

const toSummary = (ticket: TicketLike): PortalTicketSummary => ({
  id: ticket.id,
  number: ticket.number,
  subject: ticket.subject,
  status: ticket.status,
  stage: stageOfStatus(ticket.status),
  createdAt: ticket.createdAt,
  updatedAt: ticket.updatedAt,
  lastMessageAt: ticket.lastMessageAt,
});

export function createPortalTicketOps(ctx: PortalContext, seam: { ratingLinkProvider: RatingLinkProvider | undefined } & AssistantSeam) {
  const { deps, db } = ctx;
  const { tickets } = deps;
  const ticketNotFound = () => new AppError('not_found', 'portal.ticket_not_found');
  const attachmentUrl = (session: PortalSession, ticketId: string, attachmentId: string) => `/api/portal/${encodeURIComponent(session.workspaceSlug)}/tickets/${ticketId}/attachments/${attachmentId}`;

  /** The ticket if it is this customer's; "not found" for anyone else's, so their existence is not revealed. */
  async function ownTicket(session: PortalSession, ticketId: string, visitor: Visitor) {
    const actor = customerActor(session.workspaceId, session.customerId, visitor);
    const ticket = await tickets.getTicket(actor, ticketId).catch((error: unknown) => {
      throw error instanceof AppError && error.code === 'not_found' ? ticketNotFound() : error;
    });
    if (ticket.customerId !== session.customerId) throw ticketNotFound();
    return { actor, ticket };
  }

  /** The public conversation: replies only (internal notes never leave the desk). */
  async function publicMessages(session: PortalSession, ticketId: string, visitor: Visitor): Promise<PortalMessage[]> {
    const actor = customerActor(session.workspaceId, session.customerId, visitor);
    const { items } = await tickets.listMessages(actor, ticketId, { kind: 'reply', limit: MAX_MESSAGES });
    return items
      .filter((message) => message.kind === 'reply')
      .map((message) => ({
        id: message.id,
        authorType: message.authorType,
        authorName: message.authorType === 'agent' ? (message.author?.name ?? null) : null,
        body: message.body,
        createdAt: message.createdAt,
        attachments: message.attachments.map((file) => ({ id: file.id, filename: file.filename, contentType: file.contentType, sizeBytes: file.sizeBytes, url: attachmentUrl(session, ticketId, file.id) })),
      }));
  }

  async function ratingUrlOf(session: PortalSession, ticket: TicketLike, visitor: Visitor): Promise<string | null> {
    if (!seam.ratingLinkProvider || !RATED_STATUSES.includes(ticket.status)) return null;
    try {
      return await seam.ratingLinkProvider({ workspaceId: session.workspaceId, ticketId: ticket.id, customerId: session.customerId, locale: visitor.locale });
    } catch (error) {
      // The page works without the rating link; the survey's failure is its own to report.
      deps.logger?.warn({ err: error, ticketId: ticket.id }, 'rating link provider failed');
      return null;
    }
  }

  async function detailOf(session: PortalSession, ticketId: string, visitor: Visitor): Promise<PortalTicketDetail> {
    const { ticket } = await ownTicket(session, ticketId, visitor);
    const [messages, ratingUrl] = await Promise.all([publicMessages(session, ticketId, visitor), ratingUrlOf(session, ticket, visitor)]);
    return { ...toSummary(ticket), messages, canReply: ticket.status !== 'closed', ratingUrl };
  }

  return {
    async listMyTickets(session: PortalSession, visitor: Visitor): Promise<PortalTicketSummary[]> {
      const actor = customerActor(session.workspaceId, session.customerId, visitor);
      const { items } = await tickets.listTickets(actor, { customer: session.customerId, sort: 'updated_at', order: 'desc', limit: MAX_TICKETS });
      return items.filter((ticket) => ticket.customerId === session.customerId).map(toSummary);
    },

    getMyTicket: detailOf,

    /** A reply of the customer's on their ticket (it reopens a solved one, ends a wait), with their uploads attached. */
    async reply(session: PortalSession, ticketId: string, input: { body: string; attachmentIds?: string[] }, visitor: Visitor): Promise<PortalTicketDetail> {
      const { actor } = await ownTicket(session, ticketId, visitor);
      await tickets.addMessage(actor, ticketId, { kind: 'reply', authorType: 'customer', authorId: session.customerId, body: input.body, attachmentIds: input.attachmentIds }).catch((error: unknown) => {
        throw isUnknownAttachment(error) ? invalidField('attachmentIds', 'portal.unknown_attachment') : error;
      });
      return detailOf(session, ticketId, visitor);
    },

    /**
     * A new ticket of the signed-in customer, from the web: registered by the workspace (so admins' required fields do
     * not stop a customer who cannot see them), its first message the customer's own, with their uploads. After the
     * assistant's answer, the ticket names its conversation and the agent sees the bot's guess.
     */
    async createTicket(session: PortalSession, input: { subject: string; message: string; attachmentIds?: string[]; assistantConversation?: AssistantConversation }, visitor: Visitor): Promise<PortalTicketDetail> {
      const system = portalSystemActor(session.workspaceId, visitor);
      const actor = customerActor(session.workspaceId, session.customerId, visitor);
      const handoff = await prepareAssistantHandoff(seam, session.workspaceId, input.assistantConversation);
      const ticketId = await db.transaction(async (tx) => {
        const created = await tickets.createTicketInTransaction(tx, system, { subject: input.subject, customer: { id: session.customerId }, channel: 'web' });
        const added = await withSavepoint(tx, () => tickets.addMessageInTransaction(tx, actor, created.id, { kind: 'reply', authorType: 'customer', authorId: session.customerId, body: input.message, attachmentIds: input.attachmentIds }));
        if (!added.ok) throw isUnknownAttachment(added.error) ? invalidField('attachmentIds', 'portal.unknown_attachment') : added.error;
        await handoff?.apply(tx, created.id);
        return created.id;
      });
      return detailOf(session, ticketId, visitor);
    },

    /** A file the customer will attach to a reply; until then only they can see it. */
    async upload(session: PortalSession, input: { filename?: string; data: Uint8Array }, visitor: Visitor): Promise<PortalAttachment> {
      const actor = customerActor(session.workspaceId, session.customerId, visitor);
      const file = await tickets.uploadAttachment(actor, input);
      return { id: file.id, filename: file.filename, contentType: file.contentType, sizeBytes: file.sizeBytes, url: '' };
    },

    /** A file of the public conversation on the customer's own ticket; files of notes and of other tickets are "not found". */
    async openAttachment(session: PortalSession, ticketId: string, attachmentId: string, visitor: Visitor): Promise<{ attachment: PortalAttachment; stream: Readable }> {
      const messages = await publicMessages(session, (await ownTicket(session, ticketId, visitor)).ticket.id, visitor);
      const attachment = messages.flatMap((message) => message.attachments).find((file) => file.id === attachmentId);
      if (!attachment) throw new AppError('not_found', 'portal.attachment_not_found');
      const { stream } = await tickets.openAttachment(customerActor(session.workspaceId, session.customerId, visitor), attachmentId);
      return { attachment, stream };
    },
  };
}

function isUnknownAttachment(error: unknown): boolean {
  return error instanceof AppError && error.fields.some((field) => field.field === 'attachmentIds');
}
