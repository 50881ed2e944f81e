import type { ChannelContact, InboundMessage } from '../channel-adapter.ts';
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

const MAX_SUBJECT_CHARS = 250;
const MAX_BODY_CHARS = 200_000;

/**
 * Text as the database and the conversation take it: lone surrogates replaced, control characters other
 * than tab and line breaks dropped (a NUL cannot be stored), NFC. Mail decodes into all of these.
 */
export function cleanMailText(text: string, maxChars: number): string {
  const clean = text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .normalize('NFC');
  return clean.length > maxChars ? clean.slice(0, maxChars) : clean;
}

function cleanContact(contact: ChannelContact | null): ChannelContact | null {
  if (!contact) return null;
  const name = contact.name ? cleanMailText(contact.name, 200).trim() : '';
  return { ...(contact.email ? { email: contact.email } : {}), ...(name ? { name } : {}) };
}

/**
 * A decoded mail as the channel intake sees it. The customer is the From address; Reply-To only says
 * where answers go (taking the customer from it would let any mail speak for someone else).
 */
export function toInboundMessage(mail: ParsedEmail, context: InboundContext): InboundMessage {
  const fullBody = cleanMailText(mail.text, MAX_BODY_CHARS).trim();
  return {
    channel: 'email',
    externalId: mail.messageId,
    inReplyTo: threadCandidates(mail),
    ticketNumber: findTicketNumber(mail.subject, context.ticketPrefix),
    from: cleanContact(mail.from) ?? {},
    replyTo: cleanContact(mail.replyTo),
    subject: cleanMailText(mail.subject, MAX_SUBJECT_CHARS),
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
