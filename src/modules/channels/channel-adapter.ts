/**
 * The contract every channel driver meets (e-mail now; chat, messaging and SMS later): inbound traffic is
 * normalised to one `InboundMessage` that a single intake turns into a ticket or a message on one, and
 * outbound replies go through `send`. Providers (SMTP, IMAP, WeChat, an SMS gateway…) are drivers chosen
 * by configuration behind the same shape.
 */

export const CHANNEL_KINDS = ['email', 'chat', 'wechat', 'sms', 'webform'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Who wrote, as the channel knows them; the customers module finds or creates the customer from it. */
export interface ChannelContact {
  name?: string;
  email?: string;
  phone?: string;
  /** A provider's own id for the person (a WeChat open id, a chat visitor id). */
  externalId?: string;
}

export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
  /** The bare id that `cid:` links in HTML mail refer to (no angle brackets); null for other parts. */
  contentId: string | null;
  isInline: boolean;
}

/**
 * Machine-written traffic. It is stored and shown, never answered automatically, so two systems
 * cannot answer each other forever.
 */
export type AutomatedKind = 'auto_reply' | 'bounce' | 'list' | 'loop';
export interface AutomatedVerdict {
  kind: AutomatedKind;
  /** Which signal decided it, for the record (`header:auto-submitted=auto-replied`). */
  reason: string;
}

export interface InboundMessage {
  channel: ChannelKind;
  /** The provider's id of this message (an e-mail's Message-ID): the same id twice is one message. */
  externalId: string | null;
  /** Ids of earlier messages this one answers, the nearest first (In-Reply-To, then References). */
  inReplyTo: string[];
  /** A ticket number the sender quoted (in an e-mail subject), the weaker threading signal. */
  ticketNumber: string | null;
  from: ChannelContact;
  /** Where answers go when not to the sender (an e-mail's Reply-To). */
  replyTo: ChannelContact | null;
  subject: string;
  /** What an agent reads first: quoted history and signature trimmed. */
  body: string;
  /** The whole text as sent (the raw message is kept besides). */
  fullBody: string;
  attachments: InboundAttachment[];
  automated: AutomatedVerdict | null;
  sentAt: Date | null;
}

/** One reply to deliver through a channel. */
export interface OutboundMessage {
  /** Deterministic, so a retried send carries the same id and the receiver can drop the copy. */
  externalId: string;
  from: ChannelContact;
  to: ChannelContact;
  subject: string;
  body: string;
  /** The message answered and the thread before it, for the receiver's threading. */
  inReplyTo: string | null;
  references: string[];
  /** Extra headers, where the channel has headers (the ticket number for mail filters). */
  headers?: Record<string, string>;
}

/**
 * What a messaging channel needs of one queued reply to send it: the ticket it answers (its conversation says
 * where it goes) and the words, final when it was queued.
 */
export interface ReplyDelivery {
  workspaceId: string;
  ticketId: string | null;
  ticketMessageId: string | null;
  text: string;
}

export interface SendResult {
  externalId: string;
  /** What the provider answered (an SMTP reply line), kept on the delivery record. */
  response: string;
}

/**
 * A failed send. `permanent` failures (an SMTP 5xx, an address the provider refuses) are not retried;
 * the rest (timeouts, 4xx, a relay that is down) are, with back-off.
 */
export class ChannelSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}

export interface ChannelAdapter {
  readonly kind: ChannelKind;
  send(message: OutboundMessage): Promise<SendResult>;
}
