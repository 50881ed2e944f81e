import type { InboundMessage } from '../channel-adapter.ts';
import { classifyAutomated } from './mail-automation.ts';
import type { ParsedEmail } from './mail-parse.ts';
import { findTicketNumber, threadCandidates } from './mail-threading.ts';
import { stripQuotedReply } from './quote-strip.ts';

export interface InboundContext {
  /** The receiving workspace's ticket number prefix. */
  ticketPrefix: string;
  ownAddresses: readonly string[];
  ownDomains: readonly string[];
  envelopeFrom?: string | null;
}

/**
 * A decoded mail as the channel intake sees it. The customer is the From address; Reply-To only says
 * where answers go (taking the customer from it would let any mail speak for someone else).
 */
export function toInboundMessage(mail: ParsedEmail, context: InboundContext): InboundMessage {
  const fullBody = mail.text.trim();
  return {
    channel: 'email',
    externalId: mail.messageId,
    inReplyTo: threadCandidates(mail),
    ticketNumber: findTicketNumber(mail.subject, context.ticketPrefix),
    from: mail.from ?? {},
    replyTo: mail.replyTo,
    subject: mail.subject,
    body: stripQuotedReply(fullBody),
    fullBody,
    attachments: mail.attachments,
    automated: classifyAutomated({
      headers: mail.headers,
      fromAddress: mail.from?.email ?? null,
      envelopeFrom: context.envelopeFrom,
      subject: mail.subject,
      contentType: mail.contentType,
      messageId: mail.messageId,
      ownAddresses: context.ownAddresses,
      ownDomains: context.ownDomains,
    }),
    sentAt: mail.date,
  };
}
